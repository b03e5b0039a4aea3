import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/AuthenticationBasic.swift`.
@Suite struct AuthenticationBasicTests {
    @Test func authenticationBasicSetsTheHeader() throws {
        let policy = """
            <policies>
              <inbound><authentication-basic username="u" password="p:w" /><set-backend-service base-url="https://b.example" /></inbound>
              <backend><forward-request /></backend>
            </policies>
            """
        let trace = try run(policy) { $0.correlation = .none }
        let sent = trace.requests.first?.attempts.first?.headers.first { $0.name == "Authorization" }?.value
        #expect(sent == "Basic " + Data("u:p:w".utf8).base64EncodedString())
    }
}
