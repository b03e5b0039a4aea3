// `<sql-data-source>`: its catalog entry; not simulated (a "not simulated" warning at run time).

extension PolicyCatalog {
    static let sqlDataSource = PolicySpec(
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
    )
}

extension PolicyUnit {
    /// `<sql-data-source>`: its catalog entry; read generically.
    static let sqlDataSource = PolicyUnit(PolicyCatalog.sqlDataSource)
}
