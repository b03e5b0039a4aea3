// `<azure-openai-semantic-cache-lookup>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Caching/LLMSemanticCacheLookup.swift.

extension PolicyCatalog {
    static let azureOpenAISemanticCacheLookup = semanticCacheLookup("azure-openai-semantic-cache-lookup")
}

extension PolicyUnit {
    /// `<azure-openai-semantic-cache-lookup>`: its catalog entry and typed reading (`SemanticCacheLookup`, as llm-semantic-cache-lookup).
    static let azureOpenAISemanticCacheLookup = PolicyUnit(PolicyCatalog.azureOpenAISemanticCacheLookup, read: SemanticCacheLookup.reading)
}
