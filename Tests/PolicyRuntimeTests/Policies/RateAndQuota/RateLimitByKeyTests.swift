import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/RateAndQuota/RateLimitByKey.swift`.
@Suite struct RateLimitByKeyTests {
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
}
