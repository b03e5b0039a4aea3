// `<send-service-bus-message>`: its catalog entry; simulated in PolicyRuntime/Policies/Integration/SendServiceBusMessage.swift.

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

extension PolicyUnit {
    /// `<send-service-bus-message>`: its catalog entry; read generically.
    static let sendServiceBusMessage = PolicyUnit(PolicyCatalog.sendServiceBusMessage)
}
