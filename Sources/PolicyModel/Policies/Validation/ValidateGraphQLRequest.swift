// `<validate-graphql-request>`: its catalog entry; not simulated (a "not simulated" warning at run time).

extension PolicyCatalog {
    static let validateGraphQLRequest = PolicySpec(
        "validate-graphql-request", category: .validation, sections: .inbound,
        attributes: [
            .opt("error-variable-name", expressions: false),
            .req("max-size", .integer(min: 0)),
            .opt("max-depth", .integer(min: 1), default: "6"),
        ],
        content: .elements([
            .list("authorize", of: ElementSpec("rule", attributes: [
                .req("path"),
                .opt("action", .enumeration(["allow", "remove", "reject", "ignore"]), default: "allow"),
            ])),
        ]),
        reference: learn("validate-graphql-request-policy"),
        summary: "Validates a GraphQL request and authorizes its query paths."
    )
}

extension PolicyUnit {
    /// `<validate-graphql-request>`: its catalog entry; read generically.
    static let validateGraphQLRequest = PolicyUnit(PolicyCatalog.validateGraphQLRequest)
}
