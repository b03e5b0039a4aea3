// `<validate-odata-request>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Validation/ValidateODataRequest.swift.

extension PolicyCatalog {
    static let validateODataRequest = PolicySpec(
        "validate-odata-request", category: .validation, sections: .inbound,
        attributes: [
            .opt("error-variable-name", expressions: false),
            .opt("default-odata-version", default: "4.0"),
            .opt("min-odata-version"),
            .opt("max-odata-version"),
            .opt("max-size", .integer(min: 0)),
        ],
        reference: learn("validate-odata-request-policy"),
        summary: "Validates an OData request URL, headers and parameters against the OData specification."
    )
}

/// `<validate-odata-request error-variable-name default-odata-version min-odata-version max-odata-version max-size>`.
public struct ValidateODataRequest: Sendable {
    /// `error-variable-name` (or `errors-variable-name`).
    public var errorVariableName: PolicyValue?
    public var defaultODataVersion: PolicyValue?
    public var minODataVersion: PolicyValue?
    public var maxODataVersion: PolicyValue?
    public var maxSize: PolicyValue?
}

extension PolicyUnit {
    /// `<validate-odata-request>`: its catalog entry and typed reading.
    static let validateODataRequest = PolicyUnit(PolicyCatalog.validateODataRequest) { element in
        .validateODataRequest(ValidateODataRequest(
            errorVariableName: element["error-variable-name"] ?? element["errors-variable-name"],
            defaultODataVersion: element["default-odata-version"], minODataVersion: element["min-odata-version"],
            maxODataVersion: element["max-odata-version"], maxSize: element["max-size"]))
    }
}
