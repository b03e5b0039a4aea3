import PolicySource

// `<cache-lookup>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/CacheLookup.swift.

extension PolicyCatalog {
    static let cacheLookup = PolicySpec(
        "cache-lookup", category: .caching, sections: .inbound,
        attributes: [
            .req("vary-by-developer", .boolean),
            .req("vary-by-developer-groups", .boolean),
            .opt("allow-private-response-caching", .boolean, default: "false"),
            cachingType,
            .opt("downstream-caching-type", .enumeration(["none", "private", "public"]), default: "none"),
            .opt("must-revalidate", .boolean, default: "true"),
        ],
        content: .elements([
            .text("vary-by-header"),
            .text("vary-by-query-parameter"),
        ]),
        reference: learn("cache-lookup-policy"),
        summary: "Looks the request up in the response cache and returns the cached response on a hit."
    )
}

/// `<cache-lookup>`.
public struct CacheLookup: Sendable {
    public var varyByDeveloper: PolicyValue?
    public var varyByDeveloperGroups: PolicyValue?
    public var cachingType: PolicyValue?
    public var downstreamCachingType: PolicyValue?
    public var allowPrivateResponseCaching: PolicyValue?
    public var mustRevalidate: PolicyValue?
    public var varyByHeaders: [PolicyValue]
    public var varyByQueryParameters: [PolicyValue]
}

extension PolicyUnit {
    /// `<cache-lookup>`: its catalog entry and typed reading.
    static let cacheLookup = PolicyUnit(PolicyCatalog.cacheLookup) { element in
        return .cacheLookup(CacheLookup(
            varyByDeveloper: element["vary-by-developer"], varyByDeveloperGroups: element["vary-by-developer-groups"],
            cachingType: element["caching-type"], downstreamCachingType: element["downstream-caching-type"],
            allowPrivateResponseCaching: element["allow-private-response-caching"], mustRevalidate: element["must-revalidate"],
            varyByHeaders: element.elements(named: "vary-by-header").compactMap(\.text),
            varyByQueryParameters: element.elements(named: "vary-by-query-parameter").compactMap(\.text)))
    }
}
