import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/AI/LLMTokenLimit.swift`.
@Suite struct LLMTokenLimitTests {
    @Test func anUndefinedNamedValueLeavesTheLimitUnappliedWithAWarning() throws {
        let policy = policies(inbound: #"<azure-openai-token-limit counter-key="k" tokens-per-minute="{{tpm}}" estimate-prompt-tokens="false" />"#)
        let trace = try run(policy, requests: [request(repeat: 2)], responses: ["*": [answer(200, body: chatUsage)]])
        #expect(trace.requests.map(\.response.status) == [200, 200])
        #expect(trace.requests[0].details(.warning).contains("tokens-per-minute uses the undefined named value 'tpm'; this limit is not applied"))
        // Defined, it applies.
        let limited = try run(policy, namedValues: ["tpm": "100"], requests: [request(repeat: 2)], responses: ["*": [answer(200, body: chatUsage)]])
        #expect(limited.requests.map(\.response.status) == [200, 429])
    }

    @Test func tokenLimitCountsTheBackendsUsageAndThrottles() throws {
        let policy = policies(inbound: """
            <azure-openai-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="150" estimate-prompt-tokens="false"
                remaining-tokens-header-name="x-remaining" remaining-tokens-variable-name="remaining" tokens-consumed-header-name="x-consumed"
                tokens-consumed-variable-name="consumed" />
            """, outbound: #"<set-header name="x-seen" exists-action="override"><value>@(((int)context.Variables["consumed"]).ToString())</value></set-header>"#)
        let trace = try run(policy, requests: [request(repeat: 3), request(after: 60_000)],
                            responses: ["*": [answer(200, body: chatUsage)]], configure: withSubscription)
        #expect(trace.requests.map(\.response.status) == [200, 200, 429, 200])
        #expect(trace.requests[0].header("x-consumed") == "100")
        #expect(trace.requests[0].header("x-seen") == "100")
        #expect(trace.requests[0].header("x-remaining") == "50")
        #expect(trace.requests[1].header("x-remaining") == "0")
        #expect(trace.requests[2].header("Retry-After") == "60")
        #expect(trace.requests[2].lastError?.reason == "TokenLimitExceeded")
        #expect(trace.requests[2].attempts.isEmpty)
    }

    @Test func estimatedPromptTokensAreCountedBeforeTheBackend() throws {
        // 40 characters of prompt → 10 tokens estimated; the limit of 15 rejects the second call up front.
        let body = #"{"messages":[{"role":"user","content":"\#(String(repeating: "a", count: 40))"}]}"#
        let policy = policies(inbound: """
            <llm-token-limit counter-key="k" tokens-per-minute="15" estimate-prompt-tokens="true" tokens-consumed-variable-name="consumed" />
            """)
        let trace = try run(policy, requests: [request("POST", body: body, repeat: 2)], responses: ["*": [answer(200, body: #"{"usage":{"prompt_tokens":9,"completion_tokens":0,"total_tokens":9}}"#)]])
        #expect(trace.requests.map(\.response.status) == [200, 429])
        #expect(trace.requests[0].variable("consumed") == "10")
        #expect(trace.requests[1].attempts.isEmpty)
    }

    @Test func tokenQuotaRejectsWith403UntilTheNextPeriod() throws {
        let policy = policies(inbound: """
            <llm-token-limit counter-key="k" token-quota="150" token-quota-period="Hourly" estimate-prompt-tokens="false"
                remaining-quota-tokens-variable-name="quota-left" />
            """)
        let trace = try run(policy, requests: [request(repeat: 3), request(after: 3_600_000)],
                            responses: ["*": [answer(200, body: chatUsage)]])
        #expect(trace.requests.map(\.response.status) == [200, 200, 403, 200])
        #expect(trace.requests[0].variable("quota-left") == "50")
        #expect(trace.requests[2].lastError?.reason == "TokenQuotaExceeded")
        #expect(trace.requests[2].header("Retry-After") == "3600")
    }
}
