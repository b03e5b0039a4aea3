import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/RateAndQuota/RateLimit.swift`.
@Suite struct RateLimitTests {
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
}
