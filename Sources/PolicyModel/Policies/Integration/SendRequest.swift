import PolicySource

// `<send-request>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/SendRequest.swift.

extension PolicyCatalog {
    static let sendRequest = PolicySpec(
        "send-request", category: .integration, sections: .all,
        attributes: [
            .opt("mode", .enumeration(["new", "copy"]), default: "new"),
            .req("response-variable-name", expressions: false),
            .opt("timeout", .integer(min: 1), default: "60"),
            .opt("ignore-error", .boolean, default: "false"),
        ],
        content: outgoingRequestContent,
        reference: learn("send-request-policy"),
        summary: "Sends a request to a URL and stores the response in a context variable."
    )
}

/// `<send-request>` and `<send-one-way-request>`.
public struct SendRequest: Sendable {
    public var mode: PolicyValue?
    public var responseVariableName: PolicyValue?
    public var timeout: PolicyValue?
    public var ignoreError: PolicyValue?
    public var parts: MessageParts

    /// Reads the element (also used by the policies that share this model).
    static func reading(_ element: Element) -> SendRequest {
        SendRequest(
            mode: element["mode"], responseVariableName: element["response-variable-name"],
            timeout: element["timeout"], ignoreError: element["ignore-error"], parts: MessageParts.reading(element))
    }
}

extension PolicyUnit {
    /// `<send-request>`: its catalog entry and typed reading.
    static let sendRequest = PolicyUnit(PolicyCatalog.sendRequest) { element in
        return .sendRequest(SendRequest.reading(element))
    }
}
