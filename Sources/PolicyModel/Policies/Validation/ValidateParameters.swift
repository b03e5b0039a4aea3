// `<validate-parameters>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Validation/ValidateParameters.swift.

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

/// `<validate-parameters specified-parameter-action unspecified-parameter-action errors-variable-name>`
/// with `<headers>`, `<query>` and `<path>` overrides.
public struct ValidateParameters: Sendable {
    /// `<headers>`, `<query>` or `<path>`: actions for that location and its `<parameter name action>`s.
    public struct Location: Sendable {
        public var specifiedParameterAction: PolicyValue?
        public var unspecifiedParameterAction: PolicyValue?
        public var parameters: [NamedAction]
    }

    public var specifiedParameterAction: PolicyValue?
    public var unspecifiedParameterAction: PolicyValue?
    public var headers: Location?
    public var query: Location?
    public var path: Location?
}

extension PolicyUnit {
    /// `<validate-parameters>`: its catalog entry and typed reading.
    static let validateParameters = PolicyUnit(PolicyCatalog.validateParameters) { element in
        func location(_ name: String) -> ValidateParameters.Location? {
            element.elements(named: name).first.map {
                ValidateParameters.Location(
                    specifiedParameterAction: $0["specified-parameter-action"], unspecifiedParameterAction: $0["unspecified-parameter-action"],
                    parameters: NamedAction.reading($0, item: "parameter"))
            }
        }
        return .validateParameters(ValidateParameters(
            specifiedParameterAction: element["specified-parameter-action"], unspecifiedParameterAction: element["unspecified-parameter-action"],
            headers: location("headers"), query: location("query"), path: location("path")))
    }
}
