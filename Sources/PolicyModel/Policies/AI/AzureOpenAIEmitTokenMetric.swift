// `<azure-openai-emit-token-metric>`: its catalog entry; simulated in PolicyRuntime/Policies/AI/LLMEmitTokenMetric.swift.

extension PolicyCatalog {
    static let azureOpenAIEmitTokenMetric = tokenMetric("azure-openai-emit-token-metric", summary: "Sends Azure OpenAI token usage metrics to Application Insights.")
}

extension PolicyUnit {
    /// `<azure-openai-emit-token-metric>`: its catalog entry; read generically.
    static let azureOpenAIEmitTokenMetric = PolicyUnit(PolicyCatalog.azureOpenAIEmitTokenMetric)
}
