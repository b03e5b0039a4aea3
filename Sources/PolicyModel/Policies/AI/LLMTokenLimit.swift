// `<llm-token-limit>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/AI/LLMTokenLimit.swift.

extension PolicyCatalog {
    static let llmTokenLimit = tokenLimit("llm-token-limit", summary: "Limits language model token consumption per key: a rate per minute and/or a quota per period.")
}

/// `<llm-token-limit>` and `<azure-openai-token-limit>` (one model): `counter-key`,
/// `tokens-per-minute`, `token-quota` per `token-quota-period`, and the names of the headers and
/// variables it sets.
public struct TokenLimit: Sendable {
    public var counterKey: PolicyValue?
    public var tokensPerMinute: PolicyValue?
    public var tokenQuota: PolicyValue?
    public var tokenQuotaPeriod: PolicyValue?
    public var estimatePromptTokens: PolicyValue?
    public var retryAfterHeaderName: PolicyValue?
    public var retryAfterVariableName: PolicyValue?
    public var remainingTokensHeaderName: PolicyValue?
    public var remainingTokensVariableName: PolicyValue?
    public var remainingQuotaTokensHeaderName: PolicyValue?
    public var remainingQuotaTokensVariableName: PolicyValue?
    public var tokensConsumedHeaderName: PolicyValue?
    public var tokensConsumedVariableName: PolicyValue?

    /// Reads either token limit policy.
    static func reading(_ element: Element) -> PolicyKind {
        .tokenLimit(TokenLimit(
            counterKey: element["counter-key"], tokensPerMinute: element["tokens-per-minute"],
            tokenQuota: element["token-quota"], tokenQuotaPeriod: element["token-quota-period"],
            estimatePromptTokens: element["estimate-prompt-tokens"],
            retryAfterHeaderName: element["retry-after-header-name"], retryAfterVariableName: element["retry-after-variable-name"],
            remainingTokensHeaderName: element["remaining-tokens-header-name"],
            remainingTokensVariableName: element["remaining-tokens-variable-name"],
            remainingQuotaTokensHeaderName: element["remaining-quota-tokens-header-name"],
            remainingQuotaTokensVariableName: element["remaining-quota-tokens-variable-name"],
            tokensConsumedHeaderName: element["tokens-consumed-header-name"],
            tokensConsumedVariableName: element["tokens-consumed-variable-name"]))
    }
}

extension PolicyUnit {
    /// `<llm-token-limit>`: its catalog entry and typed reading.
    static let llmTokenLimit = PolicyUnit(PolicyCatalog.llmTokenLimit, read: TokenLimit.reading)
}
