extension PolicyCatalog {
    /// Rate limits and quotas (the token limits of the AI gateway are in `ai`).
    static let rateAndQuota: [PolicySpec] = [
        PolicySpec(
            "rate-limit", category: .rateAndQuota, sections: .inbound,
            attributes: [
                .req("calls", .integer(min: 0), expressions: false),
                .req("renewal-period", .integer(min: 1, max: 300), expressions: false),
                .opt("retry-after-header-name", expressions: false, default: "Retry-After"),
                .opt("retry-after-variable-name", expressions: false),
                .opt("remaining-calls-header-name", expressions: false),
                .opt("remaining-calls-variable-name", expressions: false),
                .opt("total-calls-header-name", expressions: false),
            ],
            content: .elements([scopedLimit("api", limits: rateLimitAttributes, nested: scopedLimit("operation", limits: rateLimitAttributes))]),
            reference: learn("rate-limit-policy"),
            summary: "Limits the call rate per subscription (optionally per API and operation)."
        ),
        PolicySpec(
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
        ),
        PolicySpec(
            "quota", category: .rateAndQuota, sections: .inbound,
            attributes: quotaAttributes,
            content: .elements([scopedLimit("api", limits: scopedQuotaAttributes, nested: scopedLimit("operation", limits: scopedQuotaAttributes))]),
            constraints: [.atLeastOne(["calls", "bandwidth"])],
            reference: learn("quota-policy"),
            summary: "Enforces a renewable or lifetime call volume and/or bandwidth quota per subscription."
        ),
        PolicySpec(
            "quota-by-key", category: .rateAndQuota, sections: .inbound,
            attributes: quotaAttributes + [
                .req("counter-key"),
                .opt("increment-condition", .boolean),
                .opt("first-period-start", expressions: false, default: "0001-01-01T00:00:00Z"),
            ],
            constraints: [.atLeastOne(["calls", "bandwidth"])],
            reference: learn("quota-by-key-policy"),
            summary: "Enforces a renewable or lifetime call volume and/or bandwidth quota per key value."
        ),
    ]

    private static let rateLimitAttributes: [AttributeSpec] = [
        .req("calls", .integer(min: 0), expressions: false),
        .req("renewal-period", .integer(min: 1, max: 300), expressions: false),
    ]

    /// calls and/or bandwidth (kilobytes) per renewal-period seconds (0 = lifetime; otherwise at least 300).
    private static let quotaAttributes: [AttributeSpec] = [
        .opt("calls", .integer(min: 0), expressions: false),
        .opt("bandwidth", .integer(min: 0), expressions: false),
        .req("renewal-period", .integer(min: 0), expressions: false),
    ]

    /// Learn marks renewal-period required on `<api>`/`<operation>` too, but a real accepted policy
    /// omits it there (the enclosing quota's period applies), so it is optional on the children.
    private static let scopedQuotaAttributes: [AttributeSpec] = [
        .opt("calls", .integer(min: 0), expressions: false),
        .opt("bandwidth", .integer(min: 0), expressions: false),
        .opt("renewal-period", .integer(min: 0), expressions: false),
    ]

    /// The `<api>` / `<operation>` children of rate-limit and quota: identified by name or id.
    private static func scopedLimit(_ name: String, limits: [AttributeSpec], nested: ElementSpec? = nil) -> ElementSpec {
        ElementSpec(
            name,
            attributes: [.opt("name", expressions: false), .opt("id", expressions: false)] + limits,
            content: nested.map { .elements([$0]) } ?? .empty,
            constraints: [.atLeastOne(["name", "id"])]
        )
    }
}
