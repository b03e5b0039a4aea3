// `<azure-openai-semantic-cache-store>`: its catalog entry; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheStore.swift.

extension PolicyCatalog {
    static let azureOpenAISemanticCacheStore = semanticCacheStore("azure-openai-semantic-cache-store")
}

extension PolicyUnit {
    /// `<azure-openai-semantic-cache-store>`: its catalog entry; read generically.
    static let azureOpenAISemanticCacheStore = PolicyUnit(PolicyCatalog.azureOpenAISemanticCacheStore)
}
