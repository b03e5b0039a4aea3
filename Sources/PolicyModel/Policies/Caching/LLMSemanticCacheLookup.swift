// `<llm-semantic-cache-lookup>`: its catalog entry; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheLookup.swift.

extension PolicyCatalog {
    static let llmSemanticCacheLookup = semanticCacheLookup("llm-semantic-cache-lookup")
}

extension PolicyUnit {
    /// `<llm-semantic-cache-lookup>`: its catalog entry; read generically.
    static let llmSemanticCacheLookup = PolicyUnit(PolicyCatalog.llmSemanticCacheLookup)
}
