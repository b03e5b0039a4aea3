// `<azure-openai-semantic-cache-lookup>`: its catalog entry; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheLookup.swift.

extension PolicyCatalog {
    static let azureOpenAISemanticCacheLookup = semanticCacheLookup("azure-openai-semantic-cache-lookup")
}

extension PolicyUnit {
    /// `<azure-openai-semantic-cache-lookup>`: its catalog entry; read generically.
    static let azureOpenAISemanticCacheLookup = PolicyUnit(PolicyCatalog.azureOpenAISemanticCacheLookup)
}
