import PolicySource

// `<set-method>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/SetMethod.swift.

extension PolicyCatalog {
    static let setMethod = PolicySpec(
        "set-method", category: .transformation, sections: [.inbound, .onError],
        content: .text(expressions: true),
        reference: learn("set-method-policy"),
        summary: "Changes the HTTP method of the request."
    )
}

/// `<set-method>METHOD</set-method>`.
public struct SetMethod: Sendable {
    public var method: PolicyValue?
}

extension PolicyUnit {
    /// `<set-method>`: its catalog entry and typed reading.
    static let setMethod = PolicyUnit(PolicyCatalog.setMethod) { element in
        return .setMethod(SetMethod(method: element.text))
    }
}
