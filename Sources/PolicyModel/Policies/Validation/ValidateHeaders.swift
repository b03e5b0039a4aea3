// `<validate-headers>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Validation/ValidateHeaders.swift.

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

/// `<validate-headers specified-header-action unspecified-header-action errors-variable-name>` with `<header name action>`s.
public struct ValidateHeaders: Sendable {
    public var specifiedHeaderAction: PolicyValue?
    public var unspecifiedHeaderAction: PolicyValue?
    public var headers: [NamedAction]
}

extension PolicyUnit {
    /// `<validate-headers>`: its catalog entry and typed reading.
    static let validateHeaders = PolicyUnit(PolicyCatalog.validateHeaders) { element in
        .validateHeaders(ValidateHeaders(
            specifiedHeaderAction: element["specified-header-action"], unspecifiedHeaderAction: element["unspecified-header-action"],
            headers: NamedAction.reading(element, item: "header")))
    }
}
