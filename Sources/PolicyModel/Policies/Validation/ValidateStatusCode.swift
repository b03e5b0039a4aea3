// `<validate-status-code>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Validation/ValidateStatusCode.swift.

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

/// `<validate-status-code unspecified-status-code-action errors-variable-name>` with `<status-code code action>`s.
public struct ValidateStatusCode: Sendable {
    public struct StatusCode: Sendable {
        public var code: PolicyValue?
        public var action: PolicyValue?
    }

    public var unspecifiedStatusCodeAction: PolicyValue?
    /// `errors-variable-name` (or `error-variable-name`).
    public var errorsVariableName: PolicyValue?
    public var statusCodes: [StatusCode]
}

extension PolicyUnit {
    /// `<validate-status-code>`: its catalog entry and typed reading.
    static let validateStatusCode = PolicyUnit(PolicyCatalog.validateStatusCode) { element in
        .validateStatusCode(ValidateStatusCode(
            unspecifiedStatusCodeAction: element["unspecified-status-code-action"],
            errorsVariableName: element["errors-variable-name"] ?? element["error-variable-name"],
            statusCodes: element.elements(named: "status-code").map { ValidateStatusCode.StatusCode(code: $0["code"], action: $0["action"]) }))
    }
}
