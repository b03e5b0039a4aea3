import PolicySource

// `<rate-limit>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/RateAndQuota/RateLimit.swift.

extension PolicyCatalog {
    static let rateLimit = PolicySpec(
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
    )
}

/// `<rate-limit>` and `<rate-limit-by-key>`.
public struct RateLimit: Sendable {
    public var calls: PolicyValue?
    public var renewalPeriod: PolicyValue?
    public var counterKey: PolicyValue?
    public var incrementCondition: PolicyValue?
    public var incrementCount: PolicyValue?
    public var retryAfterHeaderName: PolicyValue?
    public var retryAfterVariableName: PolicyValue?
    public var remainingCallsHeaderName: PolicyValue?
    public var remainingCallsVariableName: PolicyValue?
    public var totalCallsHeaderName: PolicyValue?
    /// rate-limit's `<api name id calls renewal-period>` children, each with its `<operation>`s.
    public var apis: [ScopedLimit]

    /// An `<api>` or `<operation>` of rate-limit: identified by name or id (as written).
    public struct ScopedLimit: Sendable {
        public var name: String?
        public var id: String?
        public var calls: PolicyValue?
        public var renewalPeriod: PolicyValue?
        public var operations: [ScopedLimit]

        static func reading(_ element: Element, _ name: String, nested: String?) -> [ScopedLimit] {
            element.elements(named: name).map { child in
                ScopedLimit(name: child["name"]?.text, id: child["id"]?.text, calls: child["calls"], renewalPeriod: child["renewal-period"],
                    operations: nested.map { reading(child, $0, nested: nil) } ?? [])
            }
        }
    }

    /// Reads the element (also used by the policies that share this model).
    static func reading(_ element: Element) -> RateLimit {
        RateLimit(
            calls: element["calls"], renewalPeriod: element["renewal-period"], counterKey: element["counter-key"],
            incrementCondition: element["increment-condition"], incrementCount: element["increment-count"],
            retryAfterHeaderName: element["retry-after-header-name"], retryAfterVariableName: element["retry-after-variable-name"],
            remainingCallsHeaderName: element["remaining-calls-header-name"],
            remainingCallsVariableName: element["remaining-calls-variable-name"],
            totalCallsHeaderName: element["total-calls-header-name"],
            apis: ScopedLimit.reading(element, "api", nested: "operation"))
    }
}

extension PolicyUnit {
    /// `<rate-limit>`: its catalog entry and typed reading.
    static let rateLimit = PolicyUnit(PolicyCatalog.rateLimit) { element in
        return .rateLimit(RateLimit.reading(element))
    }
}
