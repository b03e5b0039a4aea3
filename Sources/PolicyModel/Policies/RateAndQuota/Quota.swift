import PolicySource

// `<quota>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/RateAndQuota/Quota.swift.

extension PolicyCatalog {
    static let quota = PolicySpec(
        "quota", category: .rateAndQuota, sections: .inbound,
        attributes: quotaAttributes,
        content: .elements([scopedLimit("api", limits: scopedQuotaAttributes, nested: scopedLimit("operation", limits: scopedQuotaAttributes))]),
        constraints: [.atLeastOne(["calls", "bandwidth"])],
        reference: learn("quota-policy"),
        summary: "Enforces a renewable or lifetime call volume and/or bandwidth quota per subscription."
    )
}

/// `<quota>` and `<quota-by-key>`.
public struct Quota: Sendable {
    public var calls: PolicyValue?
    public var bandwidth: PolicyValue?
    public var renewalPeriod: PolicyValue?
    public var counterKey: PolicyValue?
    public var incrementCondition: PolicyValue?
    public var firstPeriodStart: PolicyValue?
    /// quota-by-key only.
    public var incrementCount: PolicyValue?

    /// Reads the element (also used by the policies that share this model).
    static func reading(_ element: Element) -> Quota {
        Quota(
            calls: element["calls"], bandwidth: element["bandwidth"], renewalPeriod: element["renewal-period"],
            counterKey: element["counter-key"], incrementCondition: element["increment-condition"],
            firstPeriodStart: element["first-period-start"], incrementCount: element["increment-count"])
    }
}

extension PolicyUnit {
    /// `<quota>`: its catalog entry and typed reading.
    static let quota = PolicyUnit(PolicyCatalog.quota) { element in
        return .quota(Quota.reading(element))
    }
}
