import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/RateAndQuota/Quota.swift`.
@Suite struct QuotaTests {
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
}
