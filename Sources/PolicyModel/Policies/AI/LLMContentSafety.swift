// `<llm-content-safety>`: its catalog entry; simulated in PolicyRuntime/Policies/AI/LLMContentSafety.swift.

extension PolicyCatalog {
    static let llmContentSafety = PolicySpec(
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
    )
}

extension PolicyUnit {
    /// `<llm-content-safety>`: its catalog entry; read generically.
    static let llmContentSafety = PolicyUnit(PolicyCatalog.llmContentSafety)
}
