import Testing

@testable import PolicyRuntime

/// A scenario with a subscription and an API, as the per-subscription limits need.
private func withSubscription(_ scenario: inout Scenario) {
    scenario.context.subscription = ["id": "sub-1", "key": "k1", "name": "demo"]
    scenario.context.api = ["id": "echo-api", "name": "echo", "path": "api"]
    scenario.context.operation = ["id": "get-items", "name": "GetItems"]
}

private func policies(inbound: String, backend: String = "<forward-request />", outbound: String = "", onError: String = "") -> String {
    "<policies><inbound>\(inbound)</inbound><backend>\(backend)</backend><outbound>\(outbound)</outbound><on-error>\(onError)</on-error></policies>"
}

private let chatUsage = #"{"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":70,"total_tokens":100}}"#

@Suite struct LimitPolicyTests {
    // MARK: rate-limit

    @Test func rateLimitRejectsTheCallOverTheLimitWithRetryAfterAndLastError() throws {
        let policy = policies(
            inbound: #"<rate-limit calls="2" renewal-period="10" remaining-calls-header-name="x-remaining" total-calls-header-name="x-total" />"#,
            onError: #"<set-header name="x-reason" exists-action="override"><value>@(context.LastError.Reason + "|" + context.LastError.Message)</value></set-header>"#)
        let trace = try run(policy, requests: [request(repeat: 3)], responses: ["*": [answer(200)]], configure: withSubscription)
        #expect(trace.requests.map(\.response.status) == [200, 200, 429])
        #expect(trace.requests[0].header("x-remaining") == "1")
        #expect(trace.requests[1].header("x-remaining") == "0")
        #expect(trace.requests[1].header("x-total") == "2")
        let third = trace.requests[2]
        #expect(third.header("Retry-After") == "10")
        #expect(third.header("x-reason") == "RateLimitExceeded|Rate limit is exceeded. Try again in 10 seconds.")
        #expect(third.response.body?.contains("\"statusCode\": 429") == true)
        #expect(third.attempts.isEmpty)
        #expect(third.lastError?.source == "rate-limit")
    }

    @Test func rateLimitWindowSlidesOnTheVirtualClock() throws {
        let policy = policies(inbound: #"<rate-limit calls="2" renewal-period="10" />"#)
        let trace = try run(policy, requests: [request(), request(after: 4000), request(after: 1000), request(after: 5000), request(after: 1)],
                            responses: ["*": [answer(200)]], configure: withSubscription)
        // Calls at 0 s and 4 s fill the window; at 5 s the first leaves at 10 s (retry after 5 s);
        // at 10 s the first has left; at 10.001 s the call of 4 s is still in → 429.
        #expect(trace.requests.map(\.response.status) == [200, 200, 429, 200, 429])
        #expect(trace.requests[2].header("Retry-After") == "5")
        #expect(trace.requests[4].header("Retry-After") == "4")
    }

    @Test func rateLimitWithoutSubscriptionCountsNothing() throws {
        let policy = policies(inbound: #"<rate-limit calls="1" renewal-period="60" />"#)
        let trace = try run(policy, requests: [request(repeat: 3)], responses: ["*": [answer(200)]])
        #expect(trace.requests.map(\.response.status) == [200, 200, 200])
        #expect(trace.requests[0].details(.policy).contains { $0.contains("no subscription") })
    }

    @Test func nestedOperationLimitAppliesOnlyToItsOperation() throws {
        let policy = policies(inbound: """
            <rate-limit calls="100" renewal-period="60">
              <api name="echo" calls="50" renewal-period="60">
                <operation name="GetItems" calls="1" renewal-period="60" />
              </api>
              <api name="other" calls="1" renewal-period="60" />
            </rate-limit>
            """)
        let trace = try run(policy, requests: [request(repeat: 2)], responses: ["*": [answer(200)]], configure: withSubscription)
        #expect(trace.requests.map(\.response.status) == [200, 429])
        #expect(trace.requests[1].details(.policy).contains { $0.contains("operation GetItems") && $0.contains("429") })
    }

    @Test func rateLimitByKeyCountsPerKeyWithIncrementCount() throws {
        let policy = policies(inbound: """
            <rate-limit-by-key calls="5" renewal-period="60" counter-key="@(context.Request.Headers.GetValueOrDefault("x-user",""))"
                increment-count="3" retry-after-variable-name="wait" remaining-calls-variable-name="left" />
            """, onError: #"<return-response><set-status code="429" /><set-header name="x-wait" exists-action="override"><value>@(context.Variables["wait"].ToString())</value></set-header></return-response>"#)
        let trace = try run(policy, requests: [
            request(headers: [("x-user", "a")]), request(headers: [("x-user", "a")]), request(headers: [("x-user", "b")]),
        ], responses: ["*": [answer(200)]])
        #expect(trace.requests.map(\.response.status) == [200, 429, 200])
        #expect(trace.requests[0].variable("left") == "2")
        #expect(trace.requests[1].header("x-wait") == "60")
        #expect(trace.requests[2].variable("left") == "2")
    }

    @Test func incrementConditionIsEvaluatedWithTheFinalResponse() throws {
        // Only successful calls count: two failures do not use up the limit of 1.
        let policy = policies(inbound: """
            <rate-limit-by-key calls="1" renewal-period="60" counter-key="k" increment-condition="@(context.Response.StatusCode == 200)" />
            """)
        let trace = try run(policy, requests: [request(repeat: 4)], responses: ["*": [answer(500), answer(500), answer(200)]])
        #expect(trace.requests.map(\.response.status) == [500, 500, 200, 429])
        #expect(trace.requests[0].details(.policy).contains { $0.contains("increment-condition false: not counted") })
    }

    @Test func twoPoliciesWithTheSameKeyCountOncePerRequest() throws {
        let policy = policies(inbound: """
            <quota-by-key calls="2" renewal-period="3600" counter-key="shared" />
            <quota-by-key calls="2" renewal-period="3600" counter-key="shared" />
            """)
        let trace = try run(policy, requests: [request(repeat: 3)], responses: ["*": [answer(200)]])
        #expect(trace.requests.map(\.response.status) == [200, 200, 403])
    }

    // MARK: quota

    @Test func quotaRejectsWith403UntilThePeriodRenews() throws {
        let policy = policies(inbound: #"<quota calls="2" renewal-period="3600" />"#,
            onError: #"<set-header name="x-reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header>"#)
        // The scenario starts at 2026-01-01T00:00:00Z, a period boundary counted from 0001-01-01.
        let trace = try run(policy, requests: [request(repeat: 3), request(after: 3_600_000)],
                            responses: ["*": [answer(200)]], configure: withSubscription)
        #expect(trace.requests.map(\.response.status) == [200, 200, 403, 200])
        let rejected = trace.requests[2]
        #expect(rejected.header("x-reason") == "QuotaExceeded")
        #expect(rejected.header("Retry-After") == "3600")
        #expect(rejected.lastError?.message == "Out of call volume quota. Quota will be replenished in 01:00:00.")
    }

    @Test func quotaByKeyFirstPeriodStartShiftsTheWindow() throws {
        let policy = policies(inbound: """
            <quota-by-key calls="1" renewal-period="86400" counter-key="k" first-period-start="2025-12-31T12:00:00Z" />
            """)
        let trace = try run(policy, requests: [request(), request(after: 1000), request(after: 43_200_000)], responses: ["*": [answer(200)]])
        #expect(trace.requests.map(\.response.status) == [200, 403, 200])
        #expect(trace.requests[1].lastError?.message == "Out of call volume quota. Quota will be replenished in 11:59:59.")
    }

    @Test func quotaBandwidthCountsBodyBytes() throws {
        let body = String(repeating: "x", count: 700)
        let policy = policies(inbound: #"<quota-by-key bandwidth="1" renewal-period="0" counter-key="k" />"#)
        let trace = try run(policy, requests: [request(repeat: 3)], responses: ["*": [answer(200, body: body)]])
        // 700 bytes, then 1400 ≥ 1024 → the third call is out of bandwidth; the period never renews.
        #expect(trace.requests.map(\.response.status) == [200, 200, 403])
        #expect(trace.requests[2].lastError?.message == "Out of bandwidth quota.")
        #expect(trace.requests[2].header("Retry-After") == nil)
    }

    @Test func anUndefinedNamedValueLeavesTheLimitUnappliedWithAWarning() throws {
        let policy = policies(inbound: #"<azure-openai-token-limit counter-key="k" tokens-per-minute="{{tpm}}" estimate-prompt-tokens="false" />"#)
        let trace = try run(policy, requests: [request(repeat: 2)], responses: ["*": [answer(200, body: chatUsage)]])
        #expect(trace.requests.map(\.response.status) == [200, 200])
        #expect(trace.requests[0].details(.warning).contains("tokens-per-minute uses the undefined named value 'tpm'; this limit is not applied"))
        // Defined, it applies.
        let limited = try run(policy, namedValues: ["tpm": "100"], requests: [request(repeat: 2)], responses: ["*": [answer(200, body: chatUsage)]])
        #expect(limited.requests.map(\.response.status) == [200, 429])
    }

    // MARK: token limits

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

    // MARK: limit-concurrency

    @Test func concurrentRequestsOverTheLimitGet429() throws {
        let policy = policies(inbound: "", backend: """
            <limit-concurrency key="backend" max-count="2"><forward-request /></limit-concurrency>
            """)
        var overlapping = request(repeat: 2)
        overlapping.concurrent = true
        var later = request(after: 1000)
        later.concurrent = true
        let trace = try run(policy, requests: [request(), overlapping, later], responses: ["*": [answer(200, latency: 500)]])
        // Three requests arrive at 0 ms while the first two hold both slots until 500 ms; the
        // fourth arrives at 1000 ms when both are free again.
        #expect(trace.requests.map(\.response.status) == [200, 200, 429, 200])
        #expect(trace.requests.map(\.atMilliseconds) == [0, 0, 0, 1000])
        #expect(trace.requests[2].lastError?.reason == "ConcurrencyLimitExceeded")
    }

    @Test func sequentialRequestsNeverExceedTheConcurrencyLimit() throws {
        let policy = policies(inbound: "", backend: #"<limit-concurrency key="k" max-count="1"><forward-request /></limit-concurrency>"#)
        let trace = try run(policy, requests: [request(repeat: 5)], responses: ["*": [answer(200, latency: 100)]])
        #expect(trace.requests.allSatisfy { $0.response.status == 200 })
    }

    // MARK: metrics and logging

    @Test func emitMetricAndEventHubAreRecordedWithoutWarnings() throws {
        let policy = policies(inbound: """
            <emit-metric name="calls" namespace="custom" value="2.5"><dimension name="API ID" /><dimension name="route" value="@(context.Request.Url.Path)" /></emit-metric>
            <log-to-eventhub logger-id="hub" partition-id="1">@("called " + context.Request.Method)</log-to-eventhub>
            <send-service-bus-message queue-name="orders" namespace="sb.example"><message-properties><message-property name="kind">new</message-property></message-properties><payload>@("{}")</payload></send-service-bus-message>
            <publish-to-dapr pubsub-name="bus" topic="t">hello</publish-to-dapr>
            <invoke-dapr-binding name="store" operation="create" response-variable-name="binding"><metadata><item key="k">v</item></metadata><data>payload</data></invoke-dapr-binding>
            """)
        let trace = try run(policy, responses: ["*": [answer(200)]], configure: withSubscription)
        let details = trace.requests[0].details(.policy)
        #expect(details.contains("metric custom/calls = 2.5 {API ID=echo-api, route=/api/items}"))
        #expect(details.contains("event hub logger 'hub' partition-id 1 ← called GET"))
        #expect(details.contains("service bus sb.example queue orders {kind=new} ← {}"))
        #expect(details.contains("dapr pub/sub bus topic t (application/json) ← hello"))
        #expect(details.contains("dapr binding store operation create {k=v} ← payload → 200 (not scripted)"))
        #expect(trace.requests[0].variable("binding") == "IResponse(200 OK)")
        #expect(trace.requests[0].details(.warning).isEmpty)
    }

    // MARK: llm-content-safety

    @Test func contentSafetyBlocksAtTheThresholdAndPassesBelowIt() throws {
        let policy = policies(inbound: """
            <llm-content-safety backend-id="safety" shield-prompt="true">
              <categories output-type="FourSeverityLevels"><category name="Hate" threshold="4" /></categories>
            </llm-content-safety>
            """)
        let trace = try run(policy, requests: [request("POST", body: "{}", repeat: 3)], responses: [
            "safety": [
                answer(200, body: #"{"categoriesAnalysis":[{"category":"Hate","severity":2}]}"#),
                answer(200, body: #"{"categoriesAnalysis":[{"category":"Hate","severity":4}]}"#),
                answer(200, body: #"{"categoriesAnalysis":[],"userPromptAnalysis":{"attackDetected":true}}"#),
            ],
            "*": [answer(200)],
        ])
        #expect(trace.requests.map(\.response.status) == [200, 403, 403])
        #expect(trace.requests[1].lastError?.reason == "ContentSafetyBlocked")
        #expect(trace.requests[1].lastError?.message == "Request blocked by content safety: Hate severity 4 ≥ 4")
        #expect(trace.requests[2].lastError?.message == "Request blocked by content safety: prompt attack detected")
        #expect(trace.requests[0].attempts.map(\.backend).first == "safety")
    }
}
