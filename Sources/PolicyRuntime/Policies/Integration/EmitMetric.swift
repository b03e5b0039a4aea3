import PolicyExpressions
import PolicyModel

// The simulation of `<emit-metric>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/EmitMetric.swift.

extension RequestExecution {
    /// `<emit-metric name value namespace>`: one custom metric (value default 1).
    func runEmitMetric(_ metric: EmitMetric, _ policy: Policy) throws {
        let name = try text(metric.name, in: policy) ?? ""
        let namespace = try text(metric.namespace, in: policy) ?? "API Management"
        let value = try self.seconds(metric.value, default: 1, in: policy)
        let dimensions = try metricDimensions(metric.dimensions, policy)
        let shown = dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        record(.policy, policy, "metric \(namespace)/\(name) = \(Value.double(value).dotNetString) {\(shown)}")
    }
}
