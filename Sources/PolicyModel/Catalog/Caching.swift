extension PolicyCatalog {
    /// Response caching, value caching, and the semantic caches of the AI gateway.
    static let caching: [PolicySpec] = [
        PolicySpec(
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
        ),
        PolicySpec(
            "cache-store", category: .caching, sections: .outbound,
            attributes: [
                .req("duration", .integer(min: 0)),
                .opt("cache-response", .boolean, default: "false"),
            ],
            reference: learn("cache-store-policy"),
            summary: "Stores the response in the cache for the given number of seconds."
        ),
        PolicySpec(
            "cache-lookup-value", category: .caching, sections: .all,
            attributes: [
                .req("key"),
                .req("variable-name", expressions: false),
                .opt("default-value"),
                cachingType,
            ],
            reference: learn("cache-lookup-value-policy"),
            summary: "Reads a cached value by key into a context variable."
        ),
        PolicySpec(
            "cache-store-value", category: .caching, sections: .all,
            attributes: [
                .req("key"),
                .req("value"),
                .req("duration", .integer(min: 0)),
                cachingType,
            ],
            reference: learn("cache-store-value-policy"),
            summary: "Stores a value in the cache by key for the given number of seconds."
        ),
        PolicySpec(
            "cache-remove-value", category: .caching, sections: .all,
            attributes: [
                .req("key"),
                cachingType,
            ],
            reference: learn("cache-remove-value-policy"),
            summary: "Removes a cached value by key."
        ),
        PolicySpec(
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
        ),
        semanticCacheLookup("azure-openai-semantic-cache-lookup"),
        semanticCacheStore("azure-openai-semantic-cache-store"),
        semanticCacheLookup("llm-semantic-cache-lookup"),
        semanticCacheStore("llm-semantic-cache-store"),
    ]

    private static let cachingType = AttributeSpec.opt(
        "caching-type", .enumeration(["internal", "external", "prefer-external"]),
        expressions: false, default: "prefer-external"
    )

    private static func semanticCacheLookup(_ name: String) -> PolicySpec {
        PolicySpec(
            name, category: .caching, sections: .inbound,
            attributes: [
                .req("score-threshold", .number(min: 0, max: 1), expressions: false),
                .req("embeddings-backend-id"),
                // Learn: must be "system-assigned"; accepted real policies also use "managed-identity".
                .req("embeddings-backend-auth"),
                .opt("ignore-system-messages", .boolean, default: "false"),
                .opt("max-message-count", .integer(min: 1)),
                // Not on the Learn page; in Microsoft's policy toolkit (SemanticCacheLookupConfig.CacheId)
                // and used by accepted real-world policies.
                .opt("cache-id", expressions: false),
            ],
            content: .elements([.text("vary-by")]),
            reference: learn("\(name)-policy"),
            summary: "Returns a cached response for a semantically similar earlier prompt."
        )
    }

    private static func semanticCacheStore(_ name: String) -> PolicySpec {
        PolicySpec(
            name, category: .caching, sections: .outbound,
            attributes: [.req("duration", .integer(min: 0))],
            reference: learn("\(name)-policy"),
            summary: "Stores the completion in the semantic cache for the given number of seconds."
        )
    }
}
