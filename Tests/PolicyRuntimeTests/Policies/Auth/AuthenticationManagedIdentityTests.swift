import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/AuthenticationManagedIdentity.swift`.
@Suite struct AuthenticationManagedIdentityTests {
    @Test func managedIdentityRefusalsFollowTheScenario() {
        let identities = ScenarioManagedIdentities(systemAssigned: false, userAssigned: ["ABC"], failingResources: ["https://vault.azure.net/"])
        #expect(identities.refusal(resource: "https://storage.azure.com", clientID: "abc") == nil)
        #expect(identities.refusal(resource: "https://storage.azure.com", clientID: nil)?.contains("no system-assigned") == true)
        #expect(identities.refusal(resource: "https://storage.azure.com", clientID: "other")?.contains("'other'") == true)
        #expect(identities.refusal(resource: "https://VAULT.azure.net", clientID: "abc")?.contains("refused") == true)
        #expect(identities.refusal(resource: "", clientID: "abc") == "the resource is empty")
        #expect(ScenarioManagedIdentities().refusal(resource: "https://storage.azure.com", clientID: nil) == nil)
    }

    @Test func refusedManagedIdentityTokenInsideSendRequestFailsUnlessIgnored() throws {
        let policy = """
            <policies>
                <inbound>
                    <send-request mode="new" response-variable-name="r" timeout="5" ignore-error="false">
                        <set-url>https://side.example/token-check</set-url>
                        <authentication-managed-identity resource="https://vault.azure.net" ignore-error="@(context.Request.Headers.ContainsKey("x-ignore"))" />
                    </send-request>
                    <return-response><set-status code="204" /></return-response>
                </inbound>
            </policies>
            """
        let trace = try run(policy, requests: [request(), request(headers: [("x-ignore", "1")])], responses: ["side.example": [answer(200)]]) {
            $0.access.managedIdentities = ScenarioManagedIdentities(failingResources: ["https://vault.azure.net"])
        }
        #expect(trace.requests[0].response.status == 500)
        #expect(trace.requests[0].lastError?.reason == "ManagedIdentityTokenAcquisitionFailed")
        #expect(trace.requests[1].response.status == 204)
        #expect(trace.requests[1].details(.warning).contains { $0.contains("refused a token") })
    }
}
