// `<llm-semantic-cache-lookup>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheLookup.swift.

extension PolicyCatalog {
    static let llmSemanticCacheLookup = semanticCacheLookup("llm-semantic-cache-lookup")
}

/// `<llm-semantic-cache-lookup>` and `<azure-openai-semantic-cache-lookup>` (one model):
/// `score-threshold embeddings-backend-id ignore-system-messages max-message-count cache-id` with `<vary-by>`.
public struct SemanticCacheLookup: Sendable {
    public var scoreThreshold: PolicyValue?
    public var embeddingsBackendId: PolicyValue?
    public var ignoreSystemMessages: PolicyValue?
    public var maxMessageCount: PolicyValue?
    public var cacheId: PolicyValue?
    /// The text of each `<vary-by>` (nil for an empty one).
    public var varyBy: [PolicyValue?]

    /// Reads either semantic cache lookup.
    static func reading(_ element: Element) -> PolicyKind {
        .semanticCacheLookup(SemanticCacheLookup(
            scoreThreshold: element["score-threshold"], embeddingsBackendId: element["embeddings-backend-id"],
            ignoreSystemMessages: element["ignore-system-messages"], maxMessageCount: element["max-message-count"],
            cacheId: element["cache-id"], varyBy: element.elements(named: "vary-by").map(\.text)))
    }
}

extension PolicyUnit {
    /// `<llm-semantic-cache-lookup>`: its catalog entry and typed reading.
    static let llmSemanticCacheLookup = PolicyUnit(PolicyCatalog.llmSemanticCacheLookup, read: SemanticCacheLookup.reading)
}
