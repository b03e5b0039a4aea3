// `<cache-value>`: its catalog entry; not simulated (a "not simulated" warning at run time).

extension PolicyCatalog {
    static let cacheValue = PolicySpec(
        "cache-value", category: .caching, sections: .all,
        attributes: [
            .req("key"),
            .req("variable-name", expressions: false),
            .opt("expires-after", .integer(min: 0)),
            .opt("refresh-after", .integer(min: 0)),
            .opt("default-value"),
            cachingType,
        ],
        content: .elements([ElementSpec("value", content: .policies, max: 1)]),
        // Not (yet) on Learn: described by Microsoft's azure-api-management-policy-toolkit
        // (src/Authoring/Configs/CacheValueConfig.cs) and used by accepted real policies.
        reference: "https://github.com/Azure/azure-api-management-policy-toolkit/blob/main/src/Authoring/Configs/CacheValueConfig.cs",
        summary: "Looks a value up by key and, on a miss or when due for refresh, computes it with the nested policies and stores it."
    )
}

extension PolicyUnit {
    /// `<cache-value>`: its catalog entry; read generically.
    static let cacheValue = PolicyUnit(PolicyCatalog.cacheValue)
}
