import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/AI/LLMEmitTokenMetric.swift`.
@Suite struct LLMEmitTokenMetricTests {
    @Test func tokenMetricsAreEmittedWithTheUsageAndDefaultDimensions() throws {
        let policy = policies(inbound: """
            <azure-openai-emit-token-metric namespace="openai">
              <dimension name="Subscription ID" />
              <dimension name="client" value="@(context.Request.Headers.GetValueOrDefault("x-client","none"))" />
            </azure-openai-emit-token-metric>
            """)
        let trace = try run(policy, requests: [request(headers: [("x-client", "app-1")])], responses: ["*": [answer(200, body: chatUsage)]],
                            configure: withSubscription)
        let details = trace.requests[0].details(.policy)
        #expect(details.contains("metric openai/Total Tokens = 100 {Subscription ID=sub-1, client=app-1}"))
        #expect(details.contains("metric openai/Prompt Tokens = 30 {Subscription ID=sub-1, client=app-1}"))
        #expect(details.contains("metric openai/Completion Tokens = 70 {Subscription ID=sub-1, client=app-1}"))
        #expect(trace.requests[0].details(.warning).isEmpty)
    }
}
