import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<llm-emit-token-metric>` and `<azure-openai-emit-token-metric>` (the same policy for Azure OpenAI); its catalog entry and typed reading: PolicyModel/Policies/AI/LLMEmitTokenMetric.swift.

extension RequestExecution {
    func tokenMetricEvent(_ metric: PendingTokenMetric, _ detail: String) {
        events.append(TraceEvent(atMilliseconds: now, kind: .policy, section: position.section.rawValue, policy: metric.policy.name,
            line: metric.policy.location.line, detail: detail))
    }

    /// Token metrics whose request never reached a backend.
    func finishTokenMetrics() {
        for index in limitState.tokenMetrics.indices where !limitState.tokenMetrics[index].emitted {
            limitState.tokenMetrics[index].emitted = true
            tokenMetricEvent(limitState.tokenMetrics[index], "no backend response; no token metrics emitted")
        }
    }

    /// `azure-openai-emit-token-metric` / `llm-emit-token-metric`: dimensions are evaluated now;
    /// Total, Prompt and Completion Tokens are emitted once the backend's usage is known.
    func runEmitTokenMetric(_ metric: EmitTokenMetric, _ policy: Policy) throws {
        let namespace = try text(metric.namespace, in: policy) ?? "API Management"
        let dimensions = try metricDimensions(metric.dimensions, policy)
        limitState.tokenMetrics.append(PendingTokenMetric(policy: policy, namespace: namespace, dimensions: dimensions))
        let shown = dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        record(.policy, policy, "token metrics for namespace \(namespace) {\(shown)} are emitted when the backend answers")
    }
}
