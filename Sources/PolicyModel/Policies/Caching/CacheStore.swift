import PolicySource

// `<cache-store>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/CacheStore.swift.

extension PolicyCatalog {
    static let cacheStore = PolicySpec(
        "cache-store", category: .caching, sections: .outbound,
        attributes: [
            .req("duration", .integer(min: 0)),
            .opt("cache-response", .boolean, default: "false"),
        ],
        reference: learn("cache-store-policy"),
        summary: "Stores the response in the cache for the given number of seconds."
    )
}

/// `<cache-store duration>`.
public struct CacheStore: Sendable {
    public var duration: PolicyValue?
    public var cacheResponse: PolicyValue?
}

extension PolicyUnit {
    /// `<cache-store>`: its catalog entry and typed reading.
    static let cacheStore = PolicyUnit(PolicyCatalog.cacheStore) { element in
        return .cacheStore(CacheStore(duration: element["duration"], cacheResponse: element["cache-response"]))
    }
}
