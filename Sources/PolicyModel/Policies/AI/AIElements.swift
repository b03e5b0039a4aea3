/// Catalog pieces several AI policies share.
extension PolicyCatalog {
    static func tokenLimit(_ name: String, summary: String) -> PolicySpec {
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
    static func tokenMetric(_ name: String, summary: String) -> PolicySpec {
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
