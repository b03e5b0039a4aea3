// `<validate-status-code>`: its catalog entry; simulated in PolicyRuntime/Policies/Validation/ValidateStatusCode.swift.

extension PolicyCatalog {
    static let validateStatusCode = PolicySpec(
        "validate-status-code", category: .validation, sections: [.outbound, .onError],
        attributes: [
            .req("unspecified-status-code-action", validationAction),
            .opt("errors-variable-name", expressions: false),
            // Not on Learn (which names it errors-variable-name); accepted real policies use it.
            .opt("error-variable-name", expressions: false),
        ],
        content: .elements([
            ElementSpec("status-code", attributes: [
                .req("code", .integer(min: 100, max: 599)),
                .req("action", validationAction),
            ]),
        ]),
        reference: learn("validate-status-code-policy"),
        summary: "Validates response status codes against the API schema."
    )
}

extension PolicyUnit {
    /// `<validate-status-code>`: its catalog entry; read generically.
    static let validateStatusCode = PolicyUnit(PolicyCatalog.validateStatusCode)
}
