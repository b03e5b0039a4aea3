import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/GetAuthorizationContext.swift`.
@Suite struct GetAuthorizationContextTests {
    @Test func authorizationContextFromScenarioOrError() throws {
        let policy = """
            <policies><inbound>
              <get-authorization-context provider-id="p" authorization-id="a" context-variable-name="ctx" />
              <set-variable name="t" value="@(((Authorization)context.Variables["ctx"]).AccessToken)" />
            </inbound></policies>
            """
        let known = try run(policy) { $0.access.authorizations = ["p/a": ScenarioAuthorization(accessToken: "tok")] }
        #expect(known.requests.first?.variable("t") == "\"tok\"")
        let unknown = try run(policy) { $0.access.authorizations = [:] }
        #expect(unknown.requests.first?.lastError?.reason == "AuthorizationContextNotFound")
        let simulated = try run(policy)
        #expect(simulated.requests.first?.variable("t") == "\"simulated-access-token-for-p/a\"")
    }

    /// Learn: `context-variable-name` accepts policy expressions; the variable is named by its value.
    @Test func contextVariableNameIsEvaluated() throws {
        let policy = """
            <policies><inbound>
              <get-authorization-context provider-id="p" authorization-id="a" context-variable-name="@("ctx-" + context.Request.Method)" />
              <set-variable name="t" value="@(((Authorization)context.Variables["ctx-GET"]).AccessToken)" />
            </inbound></policies>
            """
        let trace = try run(policy) { $0.access.authorizations = ["p/a": ScenarioAuthorization(accessToken: "tok")] }
        #expect(trace.requests.first?.variable("t") == "\"tok\"")
    }
}
