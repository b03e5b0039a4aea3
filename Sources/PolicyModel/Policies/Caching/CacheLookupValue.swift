import PolicySource

// `<cache-lookup-value>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/CacheLookupValue.swift.

extension PolicyCatalog {
    static let cacheLookupValue = PolicySpec(
        "cache-lookup-value", category: .caching, sections: .all,
        attributes: [
            .req("key"),
            .req("variable-name", expressions: false),
            .opt("default-value"),
            cachingType,
        ],
        reference: learn("cache-lookup-value-policy"),
        summary: "Reads a cached value by key into a context variable."
    )
}

/// `<cache-lookup-value key variable-name default-value caching-type>`.
public struct CacheLookupValue: Sendable {
    public var key: PolicyValue?
    public var variableName: PolicyValue?
    public var defaultValue: PolicyValue?
    public var cachingType: PolicyValue?
}

extension PolicyUnit {
    /// `<cache-lookup-value>`: its catalog entry and typed reading.
    static let cacheLookupValue = PolicyUnit(PolicyCatalog.cacheLookupValue) { element in
        return .cacheLookupValue(CacheLookupValue(
            key: element["key"], variableName: element["variable-name"], defaultValue: element["default-value"],
            cachingType: element["caching-type"]))
    }
}
