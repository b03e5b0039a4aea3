// `<validate-parameters>`: its catalog entry; simulated in PolicyRuntime/Policies/Validation/ValidateParameters.swift.

extension PolicyCatalog {
    static let validateParameters = PolicySpec(
        "validate-parameters", category: .validation, sections: .inbound,
        attributes: [
            .req("specified-parameter-action", validationAction),
            .req("unspecified-parameter-action", validationAction),
            .opt("errors-variable-name", expressions: false),
        ],
        content: .elements(["headers", "query", "path"].map { location in
            ElementSpec(
                location,
                // `path` has no unspecified-parameter-action (every path parameter is in the schema).
                attributes: [.opt("specified-parameter-action", validationAction)]
                    + (location == "path" ? [] : [.opt("unspecified-parameter-action", validationAction)]),
                content: .elements([
                    ElementSpec("parameter", attributes: [.req("name"), .req("action", validationAction)]),
                ]),
                max: 1
            )
        }),
        reference: learn("validate-parameters-policy"),
        summary: "Validates request header, query and path parameters against the API schema."
    )
}

extension PolicyUnit {
    /// `<validate-parameters>`: its catalog entry; read generically.
    static let validateParameters = PolicyUnit(PolicyCatalog.validateParameters)
}
