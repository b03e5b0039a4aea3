import PolicySource

// `<check-header>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/CheckHeader.swift.

extension PolicyCatalog {
    static let checkHeader = PolicySpec(
        "check-header", category: .auth, sections: .inbound,
        attributes: [
            .req("name"),
            .req("failed-check-httpcode", .integer(min: 100, max: 599)),
            .req("failed-check-error-message"),
            .req("ignore-case", .boolean),
        ],
        content: .elements([ElementSpec.text("value")]),
        reference: learn("check-header-policy"),
        summary: "Requires a request header, optionally with one of the listed values."
    )
}

/// `<check-header name failed-check-httpcode failed-check-error-message ignore-case>` with `<value>`s.
public struct CheckHeader: Sendable {
    public var name: PolicyValue?
    public var failedCheckHttpCode: PolicyValue?
    public var failedCheckErrorMessage: PolicyValue?
    public var ignoreCase: PolicyValue?
    public var values: [PolicyValue]
}

extension PolicyUnit {
    /// `<check-header>`: its catalog entry and typed reading.
    static let checkHeader = PolicyUnit(PolicyCatalog.checkHeader) { element in
        return .checkHeader(CheckHeader(
            name: element["name"], failedCheckHttpCode: element["failed-check-httpcode"],
            failedCheckErrorMessage: element["failed-check-error-message"], ignoreCase: element["ignore-case"],
            values: element.elements(named: "value").compactMap(\.text)))
    }
}
