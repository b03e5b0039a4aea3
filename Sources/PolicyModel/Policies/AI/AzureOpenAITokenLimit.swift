// `<azure-openai-token-limit>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/AI/LLMTokenLimit.swift.

extension PolicyCatalog {
    static let azureOpenAITokenLimit = tokenLimit("azure-openai-token-limit", summary: "Limits Azure OpenAI token consumption per key: a rate per minute and/or a quota per period.")
}

extension PolicyUnit {
    /// `<azure-openai-token-limit>`: its catalog entry and typed reading (`TokenLimit`, as llm-token-limit).
    static let azureOpenAITokenLimit = PolicyUnit(PolicyCatalog.azureOpenAITokenLimit, read: TokenLimit.reading)
}
