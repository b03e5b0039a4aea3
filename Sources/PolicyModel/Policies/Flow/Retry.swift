import PolicySource

// `<retry>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/Retry.swift.

extension PolicyCatalog {
    static let retry = PolicySpec(
        "retry", category: .flow, sections: .all,
        attributes: [
            .req("condition", .boolean),
            .req("count", .integer(min: 1, max: 50)),
            .req("interval", .integer(min: 0)),
            .opt("max-interval", .integer(min: 0)),
            .opt("delta", .integer(min: 0)),
            .opt("first-fast-retry", .boolean, default: "false"),
        ],
        content: .policies,
        reference: learn("retry-policy"),
        summary: "Runs its child policies once, then again while the condition holds, up to count retries."
    )
}

/// `<retry condition count interval max-interval delta first-fast-retry>`.
public struct Retry: Sendable {
    public var condition: PolicyValue?
    public var count: PolicyValue?
    public var interval: PolicyValue?
    public var maxInterval: PolicyValue?
    public var delta: PolicyValue?
    public var firstFastRetry: PolicyValue?
    public var policies: [Policy]
}

extension PolicyUnit {
    /// `<retry>`: its catalog entry and typed reading.
    static let retry = PolicyUnit(PolicyCatalog.retry) { element in
        return .retry(Retry(
            condition: element["condition"], count: element["count"], interval: element["interval"],
            maxInterval: element["max-interval"], delta: element["delta"], firstFastRetry: element["first-fast-retry"],
            policies: element.policies))
    }
}
