import PolicySource

// `<return-response>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/ReturnResponse.swift.

extension PolicyCatalog {
    static let returnResponse = PolicySpec(
        "return-response", category: .flow, sections: .all,
        attributes: [.opt("response-variable-name", expressions: false)],
        content: .elements([
            setStatus.asElement(max: 1),
            setHeader.asElement(),
            setBody.asElement(max: 1),
        ]),
        reference: learn("return-response-policy"),
        summary: "Ends the pipeline and returns the given response (or a response variable) to the caller."
    )
}

/// `<return-response response-variable-name>`.
public struct ReturnResponse: Sendable {
    public var responseVariableName: PolicyValue?
    public var parts: MessageParts
}

extension PolicyUnit {
    /// `<return-response>`: its catalog entry and typed reading.
    static let returnResponse = PolicyUnit(PolicyCatalog.returnResponse) { element in
        return .returnResponse(ReturnResponse(responseVariableName: element["response-variable-name"], parts: MessageParts.reading(element)))
    }
}
