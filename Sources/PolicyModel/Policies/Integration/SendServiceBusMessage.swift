// `<send-service-bus-message>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/SendServiceBusMessage.swift.

extension PolicyCatalog {
    static let sendServiceBusMessage = PolicySpec(
        "send-service-bus-message", category: .integration, sections: [.inbound, .outbound, .onError],
        attributes: [
            .opt("queue-name"),
            .opt("topic-name"),
            .opt("namespace"),
            .opt("client-id"),
        ],
        content: .elements([
            .list("message-properties", of: .text("message-property", attributes: [.req("name")])),
            .text("payload", min: 1, max: 1),
        ]),
        constraints: [.exactlyOne(["queue-name", "topic-name"])],
        reference: learn("send-service-bus-message-policy"),
        summary: "Sends a message to an Azure Service Bus queue or topic."
    )
}

/// `<send-service-bus-message queue-name | topic-name namespace client-id>` with
/// `<message-properties><message-property name>` and `<payload>`.
public struct SendServiceBusMessage: Sendable {
    public var queueName: PolicyValue?
    public var topicName: PolicyValue?
    public var namespace: PolicyValue?
    public var messageProperties: [KeyedText]
    public var payload: PolicyValue?
}

extension PolicyUnit {
    /// `<send-service-bus-message>`: its catalog entry and typed reading.
    static let sendServiceBusMessage = PolicyUnit(PolicyCatalog.sendServiceBusMessage) { element in
        .sendServiceBusMessage(SendServiceBusMessage(
            queueName: element["queue-name"], topicName: element["topic-name"], namespace: element["namespace"],
            messageProperties: KeyedText.reading(element, group: "message-properties", item: "message-property", key: "name"),
            payload: element.firstText("payload")))
    }
}
