import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/ValidateClientCertificate.swift`.
@Suite struct ValidateClientCertificateTests {
    @Test func clientCertificateValidityUsesTheVirtualClock() throws {
        let policy = """
            <policies><inbound>
              <validate-client-certificate validate-trust="false" validate-revocation="false" />
            </inbound></policies>
            """
        var certificate = ScenarioClientCertificate()
        certificate.thumbprint = "AB"
        certificate.notAfterUnixMilliseconds = (AccessFixtures.start + 60) * 1000
        certificate.trusted = false
        let trace = try run(policy, requests: [request(), request(after: 120_000)]) { $0.context.clientCertificate = certificate }
        #expect(trace.requests.map(\.response.status) == [200, 401])
        #expect(trace.requests[1].lastError?.reason == "ClientCertificateInvalid")
    }

    @Test func distinguishedNamesCompareByAttribute() {
        #expect(RequestExecution.sameDistinguishedName("CN=a, O=\"B, Inc.\"", "cn=A,o=\"b, inc.\""))
        #expect(RequestExecution.sameDistinguishedName("CN=a, O=B, C=US", "C=US, O=B, CN=a"))
        #expect(!RequestExecution.sameDistinguishedName("CN=a, O=B", "CN=a, O=C"))
        #expect(!RequestExecution.sameDistinguishedName("CN=a, O=B", "CN=a"))
        #expect(RequestExecution.distinguishedName("C=US, CN=x.example")["CN"] == "x.example")
    }
}
