// `<send-one-way-request>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/SendRequest.swift.

extension PolicyCatalog {
    static let sendOneWayRequest = PolicySpec(
        "send-one-way-request", category: .integration, sections: .all,
        attributes: [
            .opt("mode", .enumeration(["new", "copy"]), default: "new"),
            .opt("timeout", .integer(min: 1), default: "60"),
        ],
        content: outgoingRequestContent,
        reference: learn("send-one-way-request-policy"),
        summary: "Sends a request to a URL without waiting for the response."
    )
}

extension PolicyUnit {
    /// `<send-one-way-request>`: its catalog entry and typed reading.
    static let sendOneWayRequest = PolicyUnit(PolicyCatalog.sendOneWayRequest) { element in
        return .sendOneWayRequest(SendRequest.reading(element))
    }
}
