// `<validate-headers>`: its catalog entry; simulated in PolicyRuntime/Policies/Validation/ValidateHeaders.swift.

extension PolicyCatalog {
    static let validateHeaders = PolicySpec(
        "validate-headers", category: .validation, sections: [.outbound, .onError],
        attributes: [
            .req("specified-header-action", validationAction),
            .req("unspecified-header-action", validationAction),
            .opt("errors-variable-name", expressions: false),
        ],
        content: .elements([
            ElementSpec("header", attributes: [.req("name"), .req("action", validationAction)]),
        ]),
        reference: learn("validate-headers-policy"),
        summary: "Validates response headers against the API schema."
    )
}

extension PolicyUnit {
    /// `<validate-headers>`: its catalog entry; read generically.
    static let validateHeaders = PolicyUnit(PolicyCatalog.validateHeaders)
}
