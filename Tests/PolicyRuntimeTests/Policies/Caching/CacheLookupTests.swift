import PolicyExpressions
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Caching/CacheLookup.swift`.
@Suite struct CacheLookupTests {
    @Test func cacheHitSkipsBackendAndOutboundBeforeStore() throws {
        let policy = """
            <policies><inbound>
                <cache-lookup vary-by-developer="false" vary-by-developer-groups="false" />
                <set-backend-service base-url="https://b.example" />
            </inbound><backend><forward-request /></backend>
            <outbound>
                <set-header name="X-Before" exists-action="append"><value>1</value></set-header>
                <cache-store duration="10" />
                <set-header name="X-After" exists-action="override"><value>2</value></set-header>
            </outbound></policies>
            """
        let trace = try run(policy, requests: [request(), request(after: 5000), request(after: 6000)],
                            responses: ["b.example": [answer(200, body: "one"), answer(200, body: "two")]])
        #expect(trace.requests.map { $0.response.body } == ["one", "one", "two"])
        #expect(trace.requests.map { $0.attempts.count } == [1, 0, 1])
        #expect(trace.requests[1].header("X-Before") == "1")
        #expect(trace.requests[1].header("X-After") == "2")
    }
}
