import PolicyExpressions
import PolicyModel

// The simulation of `<send-service-bus-message>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/SendServiceBusMessage.swift.

extension RequestExecution {
    /// `<send-service-bus-message queue-name | topic-name namespace client-id>` with
    /// `<message-properties>` and `<payload>`.
    func runSendServiceBusMessage(_ message: SendServiceBusMessage, _ policy: Policy) throws {
        let namespace = try text(message.namespace, in: policy) ?? ""
        var target = ""
        if let queue = try text(message.queueName, in: policy) { target = "queue \(queue)" }
        if let topic = try text(message.topicName, in: policy) { target = "topic \(topic)" }
        let properties = try keyedTexts(message.messageProperties, policy)
        let payload = try text(message.payload, in: policy) ?? ""
        let shownProperties = properties.isEmpty ? "" : " {\(properties.joined(separator: ", "))}"
        record(.policy, policy, "service bus \(namespace.isEmpty ? "" : namespace + " ")\(target)\(shownProperties) ← \(Self.oneLine(payload))")
    }
}
