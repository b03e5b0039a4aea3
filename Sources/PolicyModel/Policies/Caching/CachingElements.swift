/// Catalog pieces several Caching policies share.
extension PolicyCatalog {
    static let cachingType = AttributeSpec.opt(
        "caching-type", .enumeration(["internal", "external", "prefer-external"]),
        expressions: false, default: "prefer-external"
    )
    static func semanticCacheLookup(_ name: String) -> PolicySpec {
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
    static func semanticCacheStore(_ name: String) -> PolicySpec {
        PolicySpec(
            name, category: .caching, sections: .outbound,
            attributes: [.req("duration", .integer(min: 0))],
            reference: learn("\(name)-policy"),
            summary: "Stores the completion in the semantic cache for the given number of seconds."
        )
    }
}
