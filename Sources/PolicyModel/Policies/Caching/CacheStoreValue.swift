import PolicySource

// `<cache-store-value>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/CacheStoreValue.swift.

extension PolicyCatalog {
    static let cacheStoreValue = PolicySpec(
        "cache-store-value", category: .caching, sections: .all,
        attributes: [
            .req("key"),
            .req("value"),
            .req("duration", .integer(min: 0)),
            cachingType,
        ],
        reference: learn("cache-store-value-policy"),
        summary: "Stores a value in the cache by key for the given number of seconds."
    )
}

/// `<cache-store-value key value duration caching-type>`.
public struct CacheStoreValue: Sendable {
    public var key: PolicyValue?
    public var value: PolicyValue?
    public var duration: PolicyValue?
    public var cachingType: PolicyValue?
}

extension PolicyUnit {
    /// `<cache-store-value>`: its catalog entry and typed reading.
    static let cacheStoreValue = PolicyUnit(PolicyCatalog.cacheStoreValue) { element in
        return .cacheStoreValue(CacheStoreValue(
            key: element["key"], value: element["value"], duration: element["duration"], cachingType: element["caching-type"]))
    }
}
