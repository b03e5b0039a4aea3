// `<quota-by-key>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/RateAndQuota/Quota.swift.

extension PolicyCatalog {
    static let quotaByKey = PolicySpec(
        "quota-by-key", category: .rateAndQuota, sections: .inbound,
        attributes: quotaAttributes + [
            .req("counter-key"),
            .opt("increment-condition", .boolean),
            .opt("increment-count", .integer(min: 0), default: "1"),
            .opt("first-period-start", expressions: false, default: "0001-01-01T00:00:00Z"),
        ],
        constraints: [.atLeastOne(["calls", "bandwidth"])],
        reference: learn("quota-by-key-policy"),
        summary: "Enforces a renewable or lifetime call volume and/or bandwidth quota per key value."
    )
}

extension PolicyUnit {
    /// `<quota-by-key>`: its catalog entry and typed reading.
    static let quotaByKey = PolicyUnit(PolicyCatalog.quotaByKey) { element in
        return .quotaByKey(Quota.reading(element))
    }
}
