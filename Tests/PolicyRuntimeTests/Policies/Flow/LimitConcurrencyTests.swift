import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Flow/LimitConcurrency.swift`.
@Suite struct LimitConcurrencyTests {
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
}
