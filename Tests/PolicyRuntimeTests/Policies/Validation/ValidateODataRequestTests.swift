import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Validation/ValidateODataRequest.swift`.
@Suite struct ValidateODataRequestTests {
    @Test func validateODataRequestChecksVersionAndOptions() throws {
        let policy = """
            <policies><inbound><validate-odata-request min-odata-version="4.0" /></inbound></policies>
            """
        let trace = try run(policy, requests: [
            request(url: "https://apim.example/odata/P?$top=3"),
            request(url: "https://apim.example/odata/P?$top=x"),
            request(url: "https://apim.example/odata/P?$TOP=3"),
            request(headers: [("OData-Version", "2.0")]),
        ])
        #expect(trace.requests.map(\.response.status) == [200, 400, 400, 400])
    }
}
