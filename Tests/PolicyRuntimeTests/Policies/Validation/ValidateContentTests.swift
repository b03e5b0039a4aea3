import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Validation/ValidateContent.swift`.
@Suite struct ValidateContentTests {
    @Test func validateContentPreventsOversizedBodiesAndDetectsBadJSON() throws {
        let policy = """
            <policies><inbound>
              <validate-content unspecified-content-type-action="prevent" max-size="10" size-exceeded-action="prevent" errors-variable-name="errs">
                <content type="application/json" validate-as="json" action="detect" />
              </validate-content>
            </inbound></policies>
            """
        let json = [("Content-Type", "application/json")]
        let trace = try run(policy, requests: [
            request("POST", headers: json, body: "{\"a\": 12345678}"),
            request("POST", headers: json, body: "{"),
            request("POST", headers: [("Content-Type", "text/csv")], body: "a,b"),
        ])
        #expect(trace.requests.map(\.response.status) == [400, 200, 400])
        #expect(trace.requests[0].lastError?.reason == "Bad request")
        #expect(trace.requests[0].lastError?.message == "Request's body is 15 bytes long and it exceeds the configured limit of 10 bytes.")
        #expect(trace.requests[1].variable("errs")?.contains("IncorrectMessage") == true)
        #expect(trace.requests[2].lastError?.message == "Unspecified content type text/csv is not allowed.")
    }
}
