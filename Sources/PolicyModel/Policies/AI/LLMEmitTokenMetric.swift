// `<llm-emit-token-metric>`: its catalog entry; simulated in PolicyRuntime/Policies/AI/LLMEmitTokenMetric.swift.

extension PolicyCatalog {
    static let llmEmitTokenMetric = tokenMetric("llm-emit-token-metric", summary: "Sends language model token usage metrics to Application Insights.")
}

extension PolicyUnit {
    /// `<llm-emit-token-metric>`: its catalog entry; read generically.
    static let llmEmitTokenMetric = PolicyUnit(PolicyCatalog.llmEmitTokenMetric)
}
