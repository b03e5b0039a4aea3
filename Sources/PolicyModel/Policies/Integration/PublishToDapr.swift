// `<publish-to-dapr>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/PublishToDapr.swift.

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

/// `<publish-to-dapr pubsub-name topic content-type response-variable-name …>message</publish-to-dapr>`.
public struct PublishToDapr: Sendable {
    public var pubsubName: PolicyValue?
    public var topic: PolicyValue?
    public var contentType: PolicyValue?
    public var responseVariableName: PolicyValue?
    public var message: PolicyValue?
}

extension PolicyUnit {
    /// `<publish-to-dapr>`: its catalog entry and typed reading.
    static let publishToDapr = PolicyUnit(PolicyCatalog.publishToDapr) { element in
        .publishToDapr(PublishToDapr(pubsubName: element["pubsub-name"], topic: element["topic"],
            contentType: element["content-type"], responseVariableName: element["response-variable-name"], message: element.text))
    }
}
