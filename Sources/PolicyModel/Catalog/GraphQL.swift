extension PolicyCatalog {
    /// GraphQL resolver policies. They stand in a resolver definition, never in a policy section,
    /// so their section set is empty.
    static let graphQL: [PolicySpec] = [
        PolicySpec(
            "http-data-source", category: .graphQL, sections: .none,
            content: .elements([
                ElementSpec("http-request", content: .elements([
                    getAuthorizationContextElement,
                    setBackendService.asElement(max: 1),
                    includeFragmentElement,
                    setMethod.asElement(min: 1, max: 1),
                    .text("set-url", min: 1, max: 1),
                    setHeader.asElement(),
                    setBody.asElement(max: 1),
                    authenticationCertificate.asElement(max: 1),
                ]), min: 1, max: 1),
                ElementSpec("backend", content: .elements([forwardRequestElement]), max: 1),
                ElementSpec("http-response", content: .elements([
                    setBody.asElement(max: 1),
                    xmlToJson.asElement(max: 1),
                    findAndReplace.asElement(max: 1),
                    publishEvent.asElement(max: 1),
                    includeFragmentElement,
                ]), max: 1),
            ]),
            reference: learn("http-data-source-policy"),
            summary: "Resolves a GraphQL field with an HTTP request and an optional response transformation."
        ),
        PolicySpec(
            "sql-data-source", category: .graphQL, sections: .none,
            content: .elements([
                ElementSpec("connection-info", content: .elements([
                    connectionString,
                    includeFragmentElement,
                    authenticationCertificate.asElement(max: 1),
                ]), min: 1, max: 1),
                includeFragmentElement,
                ElementSpec(
                    "request",
                    attributes: [.opt("single-result", .boolean, default: "false")],
                    content: .elements([
                        includeFragmentElement,
                        setBody.asElement(max: 1),
                        .text("sql-statement", min: 1, max: 1),
                        .list("parameters", of: .text("parameter", attributes: [.req("name"), .opt("sql-type")])),
                    ]),
                    min: 1, max: 1
                ),
                resolverResponse(includeFragments: true),
            ]),
            reference: learn("sql-data-source-policy"),
            summary: "Resolves a GraphQL field with a T-SQL request to Azure SQL."
        ),
        PolicySpec(
            "cosmosdb-data-source", category: .graphQL, sections: .none,
            content: .elements([
                ElementSpec("connection-info", content: .elements([
                    connectionString,
                    .text("database-name", min: 1, max: 1),
                    .text("container-name", min: 1, max: 1),
                ]), min: 1, max: 1),
                ElementSpec(
                    "query-request",
                    attributes: [.opt("enable-low-precision-order-by", .boolean)],
                    content: .elements([
                        .text("sql-statement", max: 1),
                        .list("parameters", of: .text("parameter", attributes: [.req("name")])),
                        partitionKey,
                        ElementSpec("paging", content: .elements([
                            liquidText("max-item-count", min: 1),
                            liquidText("continuation-token", min: 1),
                        ]), max: 1),
                    ]),
                    max: 1
                ),
                ElementSpec("read-request", content: .elements([
                    liquidText("id", min: 1),
                    partitionKey,
                ]), max: 1),
                ElementSpec(
                    "delete-request",
                    attributes: cosmosWriteAttributes,
                    content: .elements([etag, liquidText("id", min: 1), partitionKey]),
                    max: 1
                ),
                ElementSpec(
                    "write-request",
                    attributes: [
                        .opt("type", .enumeration(["insert", "replace", "upsert"]), default: "upsert"),
                        .opt("indexing-directive", .enumeration(["default", "include", "exclude"]), default: "default"),
                    ] + cosmosWriteAttributes,
                    content: .elements([liquidText("id"), partitionKey, etag, setBody.asElement(max: 1)]),
                    max: 1
                ),
                resolverResponse(includeFragments: false),
            ]),
            reference: learn("cosmosdb-data-source-policy"),
            summary: "Resolves a GraphQL field with a query, read, delete or write request to Azure Cosmos DB."
        ),
        publishEvent,
    ]

    static let publishEvent = PolicySpec(
        "publish-event", category: .graphQL, sections: .none,
        content: .elements([
            .list(
                "targets",
                of: ElementSpec("graphql-subscription", attributes: [.req("id", expressions: false)], min: 1),
                min: 1
            ),
        ]),
        reference: learn("publish-event-policy"),
        summary: "Publishes an event to GraphQL subscriptions from a resolver."
    )

    private static var includeFragmentElement: ElementSpec {
        ElementSpec("include-fragment", attributes: [.req("fragment-id", expressions: false)])
    }

    private static var getAuthorizationContextElement: ElementSpec {
        auth.first { $0.name == "get-authorization-context" }.map { $0.asElement(max: 1) }
            ?? ElementSpec("get-authorization-context", max: 1)
    }

    private static var forwardRequestElement: ElementSpec {
        routing.first { $0.name == "forward-request" }.map { $0.asElement(max: 1) }
            ?? ElementSpec("forward-request", max: 1)
    }

    private static let connectionString = ElementSpec.text(
        "connection-string",
        attributes: [.opt("use-managed-identity", .boolean, default: "false")],
        min: 1, max: 1
    )

    private static func liquidText(_ name: String, min: Int = 0) -> ElementSpec {
        .text(name, attributes: [.opt("template", .enumeration(["liquid"]), expressions: false)], min: min, max: 1)
    }

    private static let partitionKey = ElementSpec.text(
        "partition-key",
        attributes: [
            .opt("data-type", .enumeration(["string", "number", "bool", "none", "null"])),
            .opt("template", .enumeration(["liquid"]), expressions: false),
        ],
        max: 1
    )

    private static let etag = ElementSpec.text(
        "etag",
        attributes: [
            .opt("type", .enumeration(["match", "no-match"])),
            .opt("template", .enumeration(["liquid"]), expressions: false),
        ],
        max: 1
    )

    private static let cosmosWriteAttributes: [AttributeSpec] = [
        .opt("consistency-level", .enumeration(["bounded-staleness", "consistent-prefix", "eventual", "session", "strong"])),
        .opt("pre-trigger"),
        .opt("post-trigger"),
    ]

    private static func resolverResponse(includeFragments: Bool) -> ElementSpec {
        var children: [ElementSpec] = []
        if includeFragments { children.append(includeFragmentElement) }
        children += [setBody.asElement(max: 1), publishEvent.asElement(max: 1)]
        return ElementSpec("response", content: .elements(children), max: 1)
    }
}
