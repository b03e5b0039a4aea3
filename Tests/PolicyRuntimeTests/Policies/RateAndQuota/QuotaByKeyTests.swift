import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/RateAndQuota/QuotaByKey.swift`.
@Suite struct QuotaByKeyTests {
    @Test func twoPoliciesWithTheSameKeyCountOncePerRequest() throws {
        let policy = policies(inbound: """
            <quota-by-key calls="2" renewal-period="3600" counter-key="shared" />
            <quota-by-key calls="2" renewal-period="3600" counter-key="shared" />
            """)
        let trace = try run(policy, requests: [request(repeat: 3)], responses: ["*": [answer(200)]])
        #expect(trace.requests.map(\.response.status) == [200, 200, 403])
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
}
