import PolicySource

// `<set-variable>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/SetVariable.swift.

extension PolicyCatalog {
    static let setVariable = PolicySpec(
        "set-variable", category: .transformation, sections: .all,
        attributes: [
            .req("name", expressions: false),
            .req("value"),
        ],
        reference: learn("set-variable-policy"),
        summary: "Stores a value in a named context variable."
    )
}

/// `<set-variable name value>`.
public struct SetVariable: Sendable {
    public var name: PolicyValue?
    public var value: PolicyValue?
}

extension PolicyUnit {
    /// `<set-variable>`: its catalog entry and typed reading.
    static let setVariable = PolicyUnit(PolicyCatalog.setVariable) { element in
        return .setVariable(SetVariable(name: element["name"], value: element["value"]))
    }
}
