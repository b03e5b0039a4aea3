import PolicyExpressions
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/CrossDomain/Cors.swift`.
@Suite struct CorsTests {
    @Test func corsPreflightAndActualRequest() throws {
        let policy = """
            <policies><inbound>
                <cors><allowed-origins><origin>https://a.example</origin></allowed-origins>
                      <allowed-headers><header>x-h</header></allowed-headers></cors>
                <return-response><set-status code="202" /></return-response>
            </inbound></policies>
            """
        let trace = try run(policy, requests: [
            request("OPTIONS", headers: [("Origin", "https://a.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "X-H")]),
            request("OPTIONS", headers: [("Origin", "https://a.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "X-Other")]),
            request("GET", headers: [("Origin", "https://a.example/")]),
            request("GET", headers: [("Origin", "https://b.example")]),
        ])
        #expect(trace.requests.map { $0.response.status } == [200, 200, 202, 200])
        #expect(trace.requests[0].header("Access-Control-Allow-Headers") == "X-H")
        #expect(trace.requests[1].header("Access-Control-Allow-Origin") == nil)
        #expect(trace.requests[2].header("Access-Control-Allow-Origin") == "https://a.example/")
        #expect(trace.requests[3].header("Access-Control-Allow-Origin") == nil)
    }
}
