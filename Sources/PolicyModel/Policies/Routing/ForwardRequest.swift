import PolicySource

// `<forward-request>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Routing/ForwardRequest.swift.

extension PolicyCatalog {
    static let forwardRequest = PolicySpec(
        "forward-request", category: .routing, sections: .backend,
        attributes: [
            .opt("timeout", .integer(min: 0), default: "300"),
            .opt("timeout-ms", .integer(min: 0)),
            .opt("continue-timeout", .integer(min: 0)),
            .opt("http-version", .enumeration(["1", "2", "2or1"]), default: "1"),
            .opt("follow-redirects", .boolean, default: "false"),
            .opt("buffer-request-body", .boolean, default: "false"),
            .opt("buffer-response", .boolean, default: "true"),
            .opt("fail-on-error-status-code", .boolean, default: "false"),
        ],
        constraints: [.atMostOne(["timeout", "timeout-ms"])],
        reference: learn("forward-request-policy"),
        summary: "Forwards the request to the backend service of the request context."
    )
}

/// `<forward-request>` with its documented defaults applied by the interpreter.
public struct ForwardRequest: Sendable {
    public var timeout: PolicyValue?
    public var timeoutMs: PolicyValue?
    public var continueTimeout: PolicyValue?
    public var httpVersion: PolicyValue?
    public var followRedirects: PolicyValue?
    public var bufferRequestBody: PolicyValue?
    public var bufferResponse: PolicyValue?
    public var failOnErrorStatusCode: PolicyValue?
}

extension PolicyUnit {
    /// `<forward-request>`: its catalog entry and typed reading.
    static let forwardRequest = PolicyUnit(PolicyCatalog.forwardRequest) { element in
        return .forwardRequest(ForwardRequest(
            timeout: element["timeout"], timeoutMs: element["timeout-ms"], continueTimeout: element["continue-timeout"],
            httpVersion: element["http-version"], followRedirects: element["follow-redirects"],
            bufferRequestBody: element["buffer-request-body"], bufferResponse: element["buffer-response"],
            failOnErrorStatusCode: element["fail-on-error-status-code"]))
    }
}
