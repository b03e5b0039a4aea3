// `<log-to-eventhub>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/LogToEventHub.swift.

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

/// `<log-to-eventhub logger-id partition-id partition-key>message</log-to-eventhub>`.
public struct LogToEventHub: Sendable {
    public var loggerId: PolicyValue?
    public var partitionId: PolicyValue?
    public var partitionKey: PolicyValue?
    public var message: PolicyValue?
}

extension PolicyUnit {
    /// `<log-to-eventhub>`: its catalog entry and typed reading.
    static let logToEventHub = PolicyUnit(PolicyCatalog.logToEventHub) { element in
        .logToEventHub(LogToEventHub(loggerId: element["logger-id"], partitionId: element["partition-id"],
            partitionKey: element["partition-key"], message: element.text))
    }
}
