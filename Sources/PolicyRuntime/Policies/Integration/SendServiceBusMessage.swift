import PolicyExpressions
import PolicyModel

// The simulation of `<send-service-bus-message>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/SendServiceBusMessage.swift.

extension RequestExecution {
    /// `<send-service-bus-message queue-name | topic-name namespace client-id>` with
    /// `<message-properties>` and `<payload>`.
    func runSendServiceBusMessage(_ policy: Policy) throws {
        let element = policy.element
        let namespace = try text(element["namespace"], in: policy) ?? ""
        var target = ""
        if let queue = try text(element["queue-name"], in: policy) { target = "queue \(queue)" }
        if let topic = try text(element["topic-name"], in: policy) { target = "topic \(topic)" }
        let properties = try keyedTexts(element, group: "message-properties", item: "message-property", key: "name", policy)
        let payload = try childText(element, "payload", policy)
        let shownProperties = properties.isEmpty ? "" : " {\(properties.joined(separator: ", "))}"
        record(.policy, policy, "service bus \(namespace.isEmpty ? "" : namespace + " ")\(target)\(shownProperties) ← \(Self.oneLine(payload))")
    }
}
