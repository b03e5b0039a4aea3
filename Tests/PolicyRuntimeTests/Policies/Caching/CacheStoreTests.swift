import PolicyExpressions
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Caching/CacheStore.swift`.
@Suite struct CacheStoreTests {
    @Test func cacheStoresOnly200UnlessCacheResponse() throws {
        let policy = """
            <policies><inbound>
                <cache-lookup vary-by-developer="false" vary-by-developer-groups="false" />
                <set-backend-service base-url="https://b.example" />
            </inbound><backend><forward-request /></backend>
            <outbound><cache-store duration="60" cache-response="CACHE" /></outbound></policies>
            """
        let plain = try run(policy.replacingOccurrences(of: "CACHE", with: "false"), requests: [request(), request()],
                            responses: ["b.example": [answer(404), answer(200)]])
        #expect(plain.requests.map { $0.response.status } == [404, 200])
        let forced = try run(policy.replacingOccurrences(of: "CACHE", with: "true"), requests: [request(), request()],
                             responses: ["b.example": [answer(404), answer(200)]])
        #expect(forced.requests.map { $0.response.status } == [404, 404])
    }
}
