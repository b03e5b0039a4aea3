// `<rate-limit-by-key>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/RateAndQuota/RateLimit.swift.

extension PolicyCatalog {
    static let rateLimitByKey = PolicySpec(
        "rate-limit-by-key", category: .rateAndQuota, sections: .inbound,
        attributes: [
            .req("calls", .integer(min: 0)),
            .req("renewal-period", .integer(min: 1, max: 300)),
            .req("counter-key"),
            .opt("increment-condition", .boolean),
            .opt("increment-count", .integer(min: 0), default: "1"),
            .opt("retry-after-header-name", expressions: false, default: "Retry-After"),
            .opt("retry-after-variable-name", expressions: false),
            .opt("remaining-calls-header-name", expressions: false),
            .opt("remaining-calls-variable-name", expressions: false),
            .opt("total-calls-header-name", expressions: false),
        ],
        reference: learn("rate-limit-by-key-policy"),
        summary: "Limits the call rate per key value."
    )
}

extension PolicyUnit {
    /// `<rate-limit-by-key>`: its catalog entry and typed reading.
    static let rateLimitByKey = PolicyUnit(PolicyCatalog.rateLimitByKey) { element in
        return .rateLimitByKey(RateLimit.reading(element))
    }
}
