// `<llm-content-safety>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/AI/LLMContentSafety.swift.

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

/// `<llm-content-safety backend-id shield-prompt>` with `<categories><category name threshold>`
/// and `<blocklists><id>`.
public struct LLMContentSafety: Sendable {
    public struct Category: Sendable {
        public var name: PolicyValue?
        public var threshold: PolicyValue?
    }

    public var backendId: PolicyValue?
    public var shieldPrompt: PolicyValue?
    public var categories: [Category]
    public var blocklists: [PolicyValue]
}

extension PolicyUnit {
    /// `<llm-content-safety>`: its catalog entry and typed reading.
    static let llmContentSafety = PolicyUnit(PolicyCatalog.llmContentSafety) { element in
        .llmContentSafety(LLMContentSafety(
            backendId: element["backend-id"], shieldPrompt: element["shield-prompt"],
            categories: element.elements(named: "categories").flatMap { $0.elements(named: "category") }
                .map { LLMContentSafety.Category(name: $0["name"], threshold: $0["threshold"]) },
            blocklists: element.elements(named: "blocklists").flatMap { $0.elements(named: "id") }.compactMap(\.text)))
    }
}
