// `<set-query-parameter>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/SetQueryParameter.swift.

extension PolicyCatalog {
    static let setQueryParameter = PolicySpec(
        "set-query-parameter", category: .transformation, sections: [.inbound, .backend],
        attributes: [
            .req("name"),
            .opt("exists-action", .enumeration(["override", "skip", "append", "delete"]), default: "override"),
        ],
        content: .elements([valueElement]),
        reference: learn("set-query-parameter-policy"),
        summary: "Adds, replaces, appends to or deletes a request query string parameter."
    )
}

extension PolicyUnit {
    /// `<set-query-parameter>`: its catalog entry and typed reading.
    static let setQueryParameter = PolicyUnit(PolicyCatalog.setQueryParameter) { element in
        return .setQueryParameter(SetHeader.reading(element))
    }
}
