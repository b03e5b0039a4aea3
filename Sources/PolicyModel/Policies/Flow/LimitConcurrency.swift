import PolicySource

// `<limit-concurrency>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/LimitConcurrency.swift.

extension PolicyCatalog {
    static let limitConcurrency = PolicySpec(
        "limit-concurrency", category: .flow, sections: .all,
        attributes: [
            .req("key"),
            .req("max-count", .integer(min: 1), expressions: false),
        ],
        content: .policies,
        reference: learn("limit-concurrency-policy"),
        summary: "Runs its child policies for at most max-count requests at a time per key."
    )
}

/// `<limit-concurrency key max-count>`.
public struct LimitConcurrency: Sendable {
    public var key: PolicyValue?
    public var maxCount: PolicyValue?
    public var policies: [Policy]
}

extension PolicyUnit {
    /// `<limit-concurrency>`: its catalog entry and typed reading.
    static let limitConcurrency = PolicyUnit(PolicyCatalog.limitConcurrency) { element in
        return .limitConcurrency(LimitConcurrency(key: element["key"], maxCount: element["max-count"], policies: element.policies))
    }
}
