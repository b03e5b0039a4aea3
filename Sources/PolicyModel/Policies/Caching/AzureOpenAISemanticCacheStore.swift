// `<azure-openai-semantic-cache-store>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheStore.swift.

extension PolicyCatalog {
    static let azureOpenAISemanticCacheStore = semanticCacheStore("azure-openai-semantic-cache-store")
}

extension PolicyUnit {
    /// `<azure-openai-semantic-cache-store>`: its catalog entry and typed reading (`SemanticCacheStore`, as llm-semantic-cache-store).
    static let azureOpenAISemanticCacheStore = PolicyUnit(PolicyCatalog.azureOpenAISemanticCacheStore, read: SemanticCacheStore.reading)
}
