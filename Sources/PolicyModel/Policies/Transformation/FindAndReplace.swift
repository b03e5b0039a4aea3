// `<find-and-replace>`: its catalog entry; simulated in PolicyRuntime/Policies/Transformation/FindAndReplace.swift.

extension PolicyCatalog {
    static let findAndReplace = PolicySpec(
        "find-and-replace", category: .transformation, sections: .all,
        attributes: [
            .req("from"),
            .req("to"),
        ],
        reference: learn("find-and-replace-policy"),
        summary: "Replaces every occurrence of a string in the body with another string."
    )
}

extension PolicyUnit {
    /// `<find-and-replace>`: its catalog entry; read generically.
    static let findAndReplace = PolicyUnit(PolicyCatalog.findAndReplace)
}
