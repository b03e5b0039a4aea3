// `<emit-metric>`: its catalog entry; simulated in PolicyRuntime/Policies/Integration/EmitMetric.swift.

extension PolicyCatalog {
    static let emitMetric = PolicySpec(
        "emit-metric", category: .integration, sections: .all,
        attributes: [
            .req("name", expressions: false),
            .opt("namespace", expressions: false, default: "API Management"),
            .opt("value", .number(), default: "1"),
        ],
        content: .elements([metricDimension(min: 1)]),
        reference: learn("emit-metric-policy"),
        summary: "Sends a custom metric to Application Insights."
    )
}

extension PolicyUnit {
    /// `<emit-metric>`: its catalog entry; read generically.
    static let emitMetric = PolicyUnit(PolicyCatalog.emitMetric)
}
