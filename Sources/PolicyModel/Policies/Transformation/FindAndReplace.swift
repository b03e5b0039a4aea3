// `<find-and-replace>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/FindAndReplace.swift.

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

/// `<find-and-replace from to>`.
public struct FindAndReplace: Sendable {
    public var from: PolicyValue?
    public var to: PolicyValue?
}

extension PolicyUnit {
    /// `<find-and-replace>`: its catalog entry and typed reading.
    static let findAndReplace = PolicyUnit(PolicyCatalog.findAndReplace) { element in
        .findAndReplace(FindAndReplace(from: element["from"], to: element["to"]))
    }
}
