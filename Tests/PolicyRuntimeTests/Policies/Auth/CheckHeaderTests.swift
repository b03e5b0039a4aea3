import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/CheckHeader.swift`.
@Suite struct CheckHeaderTests {
    @Test func checkHeaderMissingAndWrongValue() throws {
        let policy = """
            <policies><inbound>
              <check-header name="x-key" failed-check-httpcode="403" failed-check-error-message="Bad key" ignore-case="false">
                <value>abc</value>
              </check-header>
            </inbound></policies>
            """
        let trace = try run(policy, requests: [request(), request(headers: [("x-key", "ABC")]), request(headers: [("x-key", "abc")])])
        #expect(trace.requests.map(\.response.status) == [403, 403, 200])
        #expect(trace.requests.map { $0.lastError?.reason } == ["HeaderNotFound", "HeaderValueNotAllowed", nil])
        #expect(trace.requests[0].lastError?.message == "Header x-key was not found in the request. Access denied.")
        #expect(trace.requests[1].response.body?.contains("\"message\": \"Bad key\"") == true)
    }
}
