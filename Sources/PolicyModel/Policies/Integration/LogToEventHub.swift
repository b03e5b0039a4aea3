// `<log-to-eventhub>`: its catalog entry; simulated in PolicyRuntime/Policies/Integration/LogToEventHub.swift.

extension PolicyCatalog {
    static let logToEventHub = PolicySpec(
        "log-to-eventhub", category: .integration, sections: .all,
        attributes: [
            .req("logger-id", expressions: false),
            .opt("partition-id", expressions: false),
            .opt("partition-key"),
        ],
        content: .text(expressions: true),
        constraints: [.atMostOne(["partition-id", "partition-key"])],
        reference: learn("log-to-eventhub-policy"),
        summary: "Sends a message to an event hub through a logger."
    )
}

extension PolicyUnit {
    /// `<log-to-eventhub>`: its catalog entry; read generically.
    static let logToEventHub = PolicyUnit(PolicyCatalog.logToEventHub)
}
