import PolicySource

// `<include-fragment>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/IncludeFragment.swift.

extension PolicyCatalog {
    static let includeFragment = PolicySpec(
        "include-fragment", category: .flow, sections: .all,
        attributes: [.req("fragment-id", expressions: false)],
        reference: learn("include-fragment-policy"),
        summary: "Inserts a policy fragment at this point."
    )
}

/// `<include-fragment fragment-id="…"/>`.
public struct IncludeFragment: Sendable {
    public var fragmentId: PolicyValue?
}

extension PolicyUnit {
    /// `<include-fragment>`: its catalog entry and typed reading.
    static let includeFragment = PolicyUnit(PolicyCatalog.includeFragment) { element in
        return .includeFragment(IncludeFragment(fragmentId: element["fragment-id"]))
    }
}
