// `<validate-odata-request>`: its catalog entry; simulated in PolicyRuntime/Policies/Validation/ValidateODataRequest.swift.

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

extension PolicyUnit {
    /// `<validate-odata-request>`: its catalog entry; read generically.
    static let validateODataRequest = PolicyUnit(PolicyCatalog.validateODataRequest)
}
