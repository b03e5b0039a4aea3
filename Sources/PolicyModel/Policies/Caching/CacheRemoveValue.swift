import PolicySource

// `<cache-remove-value>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/CacheRemoveValue.swift.

extension PolicyCatalog {
    static let cacheRemoveValue = PolicySpec(
        "cache-remove-value", category: .caching, sections: .all,
        attributes: [
            .req("key"),
            cachingType,
        ],
        reference: learn("cache-remove-value-policy"),
        summary: "Removes a cached value by key."
    )
}

/// `<cache-remove-value key caching-type>`.
public struct CacheRemoveValue: Sendable {
    public var key: PolicyValue?
    public var cachingType: PolicyValue?
}

extension PolicyUnit {
    /// `<cache-remove-value>`: its catalog entry and typed reading.
    static let cacheRemoveValue = PolicyUnit(PolicyCatalog.cacheRemoveValue) { element in
        return .cacheRemoveValue(CacheRemoveValue(key: element["key"], cachingType: element["caching-type"]))
    }
}
