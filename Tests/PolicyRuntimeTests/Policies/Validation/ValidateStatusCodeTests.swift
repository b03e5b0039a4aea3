import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Validation/ValidateStatusCode.swift`.
@Suite struct ValidateStatusCodeTests {
    @Test func validateStatusCodeAppliesListedActionsOnly() throws {
        let policy = """
            <policies>
              <inbound><set-backend-service base-url="https://b.example" /></inbound>
              <backend><forward-request /></backend>
              <outbound>
                <validate-status-code unspecified-status-code-action="prevent">
                  <status-code code="500" action="prevent" />
                </validate-status-code>
              </outbound>
            </policies>
            """
        let trace = try run(policy, requests: [request(), request()], responses: ["b.example": [answer(404), answer(500)]])
        #expect(trace.requests.map(\.response.status) == [404, 502])
        #expect(trace.requests[0].details(.policy).contains { $0.hasPrefix("not checked: whether status 404 is in the API schema") })
        #expect(trace.requests[1].lastError?.reason == "Response not allowed")
    }
}
