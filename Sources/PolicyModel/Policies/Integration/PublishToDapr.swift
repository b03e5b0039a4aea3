// `<publish-to-dapr>`: its catalog entry; simulated in PolicyRuntime/Policies/Integration/PublishToDapr.swift.

extension PolicyCatalog {
    static let publishToDapr = PolicySpec(
        "publish-to-dapr", category: .integration, sections: .inbound,
        attributes: [
            .opt("pubsub-name"),
            .req("topic"),
            .opt("ignore-error", .boolean, expressions: false, default: "false"),
            .opt("response-variable-name", expressions: false),
            .opt("timeout", .integer(min: 1, max: 240), default: "5"),
            .opt("template", .enumeration(["liquid"]), expressions: false),
            .opt("content-type", .enumeration(["application/json"]), expressions: false),
        ],
        content: .any,
        reference: learn("publish-to-dapr-policy"),
        summary: "Publishes a message to a Dapr publish/subscribe topic (self-hosted gateway)."
    )
}

extension PolicyUnit {
    /// `<publish-to-dapr>`: its catalog entry; read generically.
    static let publishToDapr = PolicyUnit(PolicyCatalog.publishToDapr)
}
