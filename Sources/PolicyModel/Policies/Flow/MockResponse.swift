import PolicySource

// `<mock-response>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/MockResponse.swift.

extension PolicyCatalog {
    static let mockResponse = PolicySpec(
        "mock-response", category: .flow, sections: [.inbound, .outbound, .onError],
        attributes: [
            .opt("status-code", .integer(min: 100, max: 599), expressions: false, default: "200"),
            .opt("content-type", expressions: false),
        ],
        reference: learn("mock-response-policy"),
        summary: "Ends the pipeline and returns a response built from the operation's examples or schemas."
    )
}

/// `<mock-response status-code content-type>`.
public struct MockResponse: Sendable {
    public var statusCode: PolicyValue?
    public var contentType: PolicyValue?
}

extension PolicyUnit {
    /// `<mock-response>`: its catalog entry and typed reading.
    static let mockResponse = PolicyUnit(PolicyCatalog.mockResponse) { element in
        return .mockResponse(MockResponse(statusCode: element["status-code"], contentType: element["content-type"]))
    }
}
