// `<cosmosdb-data-source>`: its catalog entry; not simulated (a "not simulated" warning at run time).

extension PolicyCatalog {
    static let cosmosDBDataSource = PolicySpec(
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
    )
}

extension PolicyUnit {
    /// `<cosmosdb-data-source>`: its catalog entry; read generically.
    static let cosmosDBDataSource = PolicyUnit(PolicyCatalog.cosmosDBDataSource)
}
