extension PolicyCatalog {
    /// The AI gateway: token limits, token metrics and content safety for Azure OpenAI and other LLM APIs.
    /// (The semantic caches are listed with the caching policies, as on Learn.)
    static let ai: [PolicySpec] = [
        tokenLimit("azure-openai-token-limit", summary: "Limits Azure OpenAI token consumption per key: a rate per minute and/or a quota per period."),
        tokenLimit("llm-token-limit", summary: "Limits language model token consumption per key: a rate per minute and/or a quota per period."),
        tokenMetric("azure-openai-emit-token-metric", summary: "Sends Azure OpenAI token usage metrics to Application Insights."),
        tokenMetric("llm-emit-token-metric", summary: "Sends language model token usage metrics to Application Insights."),
        PolicySpec(
            "llm-content-safety", category: .ai, sections: .inbound,
            attributes: [
                .req("backend-id"),
                .opt("shield-prompt", .boolean, default: "false"),
                .opt("enforce-on-completions", .boolean, default: "false"),
            ],
            content: .elements([
                .list(
                    "categories",
                    of: ElementSpec("category", attributes: [
                        .req("name", .enumeration(["Hate", "SelfHarm", "Sexual", "Violence"])),
                        .req("threshold", .integer(min: 0, max: 7)),
                    ]),
                    attributes: [
                        .opt("output-type", .enumeration(["FourSeverityLevels", "EightSeverityLevels"]), default: "FourSeverityLevels"),
                    ]
                ),
                .list("blocklists", of: .text("id")),
            ]),
            reference: learn("llm-content-safety-policy"),
            summary: "Checks prompts with Azure AI Content Safety and blocks harmful ones with 403."
        ),
    ]

    private static func tokenLimit(_ name: String, summary: String) -> PolicySpec {
        PolicySpec(
            name, category: .ai, sections: .inbound,
            attributes: [
                .req("counter-key"),
                .opt("tokens-per-minute", .integer(min: 0)),
                .opt("token-quota", .integer(min: 0)),
                .opt("token-quota-period", .enumeration(["Hourly", "Daily", "Weekly", "Monthly", "Yearly"]), expressions: false),
                .req("estimate-prompt-tokens", .boolean),
                .opt("retry-after-header-name", expressions: false, default: "Retry-After"),
                .opt("retry-after-variable-name", expressions: false),
                .opt("remaining-quota-tokens-header-name", expressions: false),
                .opt("remaining-quota-tokens-variable-name", expressions: false),
                .opt("remaining-tokens-header-name", expressions: false),
                .opt("remaining-tokens-variable-name", expressions: false),
                .opt("tokens-consumed-header-name", expressions: false),
                .opt("tokens-consumed-variable-name", expressions: false),
            ],
            constraints: [.atLeastOne(["tokens-per-minute", "token-quota"])],
            reference: learn("\(name)-policy"),
            summary: summary
        )
    }

    private static func tokenMetric(_ name: String, summary: String) -> PolicySpec {
        PolicySpec(
            name, category: .ai, sections: .inbound,
            attributes: [
                .opt("namespace", expressions: false, default: "API Management"),
                .opt("value", .number(), default: "1"),
            ],
            content: .elements([metricDimension(min: 1)]),
            reference: learn("\(name)-policy"),
            summary: summary
        )
    }
}
