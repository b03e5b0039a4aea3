extension PolicyCatalog {
    /// Integration and external communication, and logging.
    static let integration: [PolicySpec] = [
        PolicySpec(
            "send-request", category: .integration, sections: .all,
            attributes: [
                .opt("mode", .enumeration(["new", "copy"]), default: "new"),
                .req("response-variable-name", expressions: false),
                .opt("timeout", .integer(min: 1), default: "60"),
                .opt("ignore-error", .boolean, default: "false"),
            ],
            content: outgoingRequestContent,
            reference: learn("send-request-policy"),
            summary: "Sends a request to a URL and stores the response in a context variable."
        ),
        PolicySpec(
            "send-one-way-request", category: .integration, sections: .all,
            attributes: [
                .opt("mode", .enumeration(["new", "copy"]), default: "new"),
                .opt("timeout", .integer(min: 1), default: "60"),
            ],
            content: outgoingRequestContent,
            reference: learn("send-one-way-request-policy"),
            summary: "Sends a request to a URL without waiting for the response."
        ),
        PolicySpec(
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
        ),
        PolicySpec(
            "trace", category: .integration, sections: .all,
            attributes: [
                .req("source"),
                .opt("severity", .enumeration(["verbose", "information", "error"]), expressions: false, default: "verbose"),
            ],
            // Learn: one <message> and any number of <metadata name value/>. The older form with the
            // message as the element's own text (`<trace source="x">text</trace>`) is still accepted
            // by APIM and common in real policies, so the content is not checked.
            content: .any,
            reference: learn("trace-policy"),
            summary: "Adds a custom trace to the request trace, Application Insights and resource logs."
        ),
        PolicySpec(
            "emit-metric", category: .integration, sections: .all,
            attributes: [
                .req("name", expressions: false),
                .opt("namespace", expressions: false, default: "API Management"),
                .opt("value", .number(), default: "1"),
            ],
            content: .elements([metricDimension(min: 1)]),
            reference: learn("emit-metric-policy"),
            summary: "Sends a custom metric to Application Insights."
        ),
        PolicySpec(
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
        ),
        PolicySpec(
            "invoke-dapr-binding", category: .integration, sections: [.inbound, .outbound, .onError],
            attributes: [
                .req("name"),
                .opt("operation", expressions: false),
                .opt("ignore-error", .boolean, expressions: false, default: "false"),
                .opt("response-variable-name", expressions: false),
                .opt("timeout", .integer(min: 1, max: 240), default: "5"),
                .opt("template", .enumeration(["liquid"]), expressions: false),
                .opt("content-type", .enumeration(["application/json"]), expressions: false),
            ],
            content: .elements([
                .list("metadata", of: .text("item", attributes: [.req("key")])),
                ElementSpec("data", content: .any, max: 1),
            ]),
            reference: learn("invoke-dapr-binding-policy"),
            summary: "Triggers a Dapr output binding (self-hosted gateway)."
        ),
        PolicySpec(
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
        ),
    ]

    /// The children of send-request and send-one-way-request.
    private static let outgoingRequestContent = ContentSpec.elements([
        .text("set-url", max: 1),
        setMethod.asElement(max: 1),
        setHeader.asElement(),
        setBody.asElement(max: 1),
        authenticationCertificate.asElement(max: 1),
        authenticationManagedIdentity.asElement(max: 1),
        proxy.asElement(max: 1),
    ])

    /// A `<dimension name value/>` of emit-metric and the token metric policies.
    static func metricDimension(min: Int) -> ElementSpec {
        ElementSpec("dimension", attributes: [.req("name"), .opt("value")], min: min, max: 10)
    }
}
