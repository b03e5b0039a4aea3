// `<emit-metric>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/EmitMetric.swift.

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

/// `<emit-metric name namespace value>` with `<dimension name value>`.
public struct EmitMetric: Sendable {
    public var name: PolicyValue?
    public var namespace: PolicyValue?
    public var value: PolicyValue?
    public var dimensions: [MetricDimension]
}

extension PolicyUnit {
    /// `<emit-metric>`: its catalog entry and typed reading.
    static let emitMetric = PolicyUnit(PolicyCatalog.emitMetric) { element in
        .emitMetric(EmitMetric(name: element["name"], namespace: element["namespace"], value: element["value"],
            dimensions: MetricDimension.reading(element)))
    }
}
