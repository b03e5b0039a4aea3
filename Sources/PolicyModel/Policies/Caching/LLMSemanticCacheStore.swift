// `<llm-semantic-cache-store>`: its catalog entry; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheStore.swift.

extension PolicyCatalog {
    static let llmSemanticCacheStore = semanticCacheStore("llm-semantic-cache-store")
}

extension PolicyUnit {
    /// `<llm-semantic-cache-store>`: its catalog entry; read generically.
    static let llmSemanticCacheStore = PolicyUnit(PolicyCatalog.llmSemanticCacheStore)
}
