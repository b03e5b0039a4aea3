// `<llm-token-limit>`: its catalog entry; simulated in PolicyRuntime/Policies/AI/LLMTokenLimit.swift.

extension PolicyCatalog {
    static let llmTokenLimit = tokenLimit("llm-token-limit", summary: "Limits language model token consumption per key: a rate per minute and/or a quota per period.")
}

extension PolicyUnit {
    /// `<llm-token-limit>`: its catalog entry; read generically.
    static let llmTokenLimit = PolicyUnit(PolicyCatalog.llmTokenLimit)
}
