// `<llm-semantic-cache-store>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheStore.swift.

extension PolicyCatalog {
    static let llmSemanticCacheStore = semanticCacheStore("llm-semantic-cache-store")
}

/// `<llm-semantic-cache-store duration>` and `<azure-openai-semantic-cache-store duration>` (one model).
public struct SemanticCacheStore: Sendable {
    public var duration: PolicyValue?

    /// Reads either semantic cache store.
    static func reading(_ element: Element) -> PolicyKind {
        .semanticCacheStore(SemanticCacheStore(duration: element["duration"]))
    }
}

extension PolicyUnit {
    /// `<llm-semantic-cache-store>`: its catalog entry and typed reading.
    static let llmSemanticCacheStore = PolicyUnit(PolicyCatalog.llmSemanticCacheStore, read: SemanticCacheStore.reading)
}
