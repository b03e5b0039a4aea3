// `<azure-openai-emit-token-metric>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/AI/LLMEmitTokenMetric.swift.

extension PolicyCatalog {
    static let azureOpenAIEmitTokenMetric = tokenMetric("azure-openai-emit-token-metric", summary: "Sends Azure OpenAI token usage metrics to Application Insights.")
}

extension PolicyUnit {
    /// `<azure-openai-emit-token-metric>`: its catalog entry and typed reading (`EmitTokenMetric`, as llm-emit-token-metric).
    static let azureOpenAIEmitTokenMetric = PolicyUnit(PolicyCatalog.azureOpenAIEmitTokenMetric, read: EmitTokenMetric.reading)
}
