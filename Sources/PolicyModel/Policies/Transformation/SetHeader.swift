import PolicySource

// `<set-header>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/SetHeader.swift.

extension PolicyCatalog {
    static let setHeader = PolicySpec(
        "set-header", category: .transformation, sections: .all,
        attributes: [
            .req("name"),
            .opt("exists-action", .enumeration(["override", "skip", "append", "delete"]), default: "override"),
            // Not on Learn (the value goes in <value> children); accepted real policies use it.
            .opt("value"),
        ],
        content: .elements([valueElement]),
        reference: learn("set-header-policy"),
        summary: "Adds, replaces, appends to or deletes a request or response header."
    )
}

/// `<set-header>` and `<set-query-parameter>`: name, exists-action and `<value>` children.
public struct SetHeader: Sendable {
    public var name: PolicyValue?
    public var existsAction: PolicyValue?
    public var values: [PolicyValue]

    /// Reads `set-header` or `set-query-parameter` (also as a child of send-request and return-response).
    static func reading(_ element: Element) -> SetHeader {
        SetHeader(name: element["name"], existsAction: element["exists-action"], values: element.elements(named: "value").compactMap(\.text))
    }
}

extension PolicyUnit {
    /// `<set-header>`: its catalog entry and typed reading.
    static let setHeader = PolicyUnit(PolicyCatalog.setHeader) { element in
        return .setHeader(SetHeader.reading(element))
    }
}
