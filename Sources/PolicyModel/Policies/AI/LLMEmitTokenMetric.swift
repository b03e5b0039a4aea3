// `<llm-emit-token-metric>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/AI/LLMEmitTokenMetric.swift.

extension PolicyCatalog {
    static let llmEmitTokenMetric = tokenMetric("llm-emit-token-metric", summary: "Sends language model token usage metrics to Application Insights.")
}

/// `<llm-emit-token-metric>` and `<azure-openai-emit-token-metric>` (one model): `namespace` and
/// `<dimension name value>`.
public struct EmitTokenMetric: Sendable {
    public var namespace: PolicyValue?
    public var dimensions: [MetricDimension]

    /// Reads either token metric policy.
    static func reading(_ element: Element) -> PolicyKind {
        .emitTokenMetric(EmitTokenMetric(namespace: element["namespace"], dimensions: MetricDimension.reading(element)))
    }
}

extension PolicyUnit {
    /// `<llm-emit-token-metric>`: its catalog entry and typed reading.
    static let llmEmitTokenMetric = PolicyUnit(PolicyCatalog.llmEmitTokenMetric, read: EmitTokenMetric.reading)
}
