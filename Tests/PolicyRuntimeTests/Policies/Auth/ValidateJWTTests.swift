import DotNet
import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/ValidateJWT.swift`.
@Suite struct ValidateJWTTests {
    @Test func validTokenPassesAndStoresTheJwtObject() throws {
        let result = try AccessFixtures.runJwt(AccessFixtures.hs256(AccessFixtures.claims(extra: #""scp":"read write admin""#)))
        #expect(result.response.status == 200)
        #expect(result.lastError == nil)
        #expect(result.variable("sub") == "\"user-1\"")
        #expect(result.variable("jwt") == "Jwt")
    }

    @Test(arguments: [
        (nil as String?, "TokenNotPresent"),
        (AccessFixtures.hs256(AccessFixtures.claims(exp: AccessFixtures.start - 60), kid: nil), "TokenExpired"),
        (AccessFixtures.hs256(AccessFixtures.claims(extra: #""scp":"read write""#), key: Array("wrong-secret-wrong-secret-wrong!".utf8)), "TokenSignatureInvalid"),
        (AccessFixtures.hs256(AccessFixtures.claims(extra: #""scp":"read write""#), key: Array("wrong-secret-wrong-secret-wrong!".utf8), kid: "k9"), "TokenSignatureKeyNotFound"),
        (AccessFixtures.hs256(AccessFixtures.claims(aud: "api://other", extra: #""scp":"read write""#)), "TokenAudienceNotAllowed"),
        (AccessFixtures.hs256(AccessFixtures.claims(iss: "https://evil.example/", extra: #""scp":"read write""#)), "TokenIssuerNotAllowed"),
        (AccessFixtures.hs256(AccessFixtures.claims()), "TokenClaimNotFound"),
        (AccessFixtures.hs256(AccessFixtures.claims(extra: #""scp":"read""#)), "TokenClaimValueNotAllowed"),
        (AccessFixtures.hs256(AccessFixtures.claims(exp: nil, extra: #""scp":"read write""#)), "JwtInvalid"),
        ("abc.def", "JwtInvalid"),
    ])
    func everyFailureHasItsReason(token: String?, reason: String) throws {
        let result = try AccessFixtures.runJwt(token)
        #expect(result.response.status == 401)
        #expect(result.lastError?.reason == reason)
        #expect(result.lastError?.source == "validate-jwt")
        let expectedBody = reason == "TokenNotPresent" ? "JWT not present." : "Invalid JWT."
        #expect(result.response.body?.contains(expectedBody) == true)
    }

    @Test func clockSkewAcceptsARecentlyExpiredToken() throws {
        let result = try AccessFixtures.runJwt(AccessFixtures.hs256(AccessFixtures.claims(exp: AccessFixtures.start - 20, extra: #""scp":"read write""#)))
        #expect(result.response.status == 200)
        // The virtual clock moves: the same token is expired ten minutes later.
        let later = try AccessFixtures.runJwt(AccessFixtures.hs256(AccessFixtures.claims(exp: AccessFixtures.start + 60, extra: #""scp":"read write""#)), after: 600_000)
        #expect(later.lastError?.reason == "TokenExpired")
    }

    @Test func openIDConfigurationKeysComeFromTheScenario() throws {
        let policy = """
            <policies><inbound>
              <validate-jwt header-name="x-token" failed-validation-httpcode="403" failed-validation-error-message="nope">
                <openid-config url="https://login.example/.well-known/openid-configuration" />
              </validate-jwt>
            </inbound></policies>
            """
        let token = AccessFixtures.hs256(AccessFixtures.claims(iss: "https://login.example/"), kid: "h1")
        let trace = try run(policy, requests: [request(headers: [("x-token", token)]), request(headers: [("x-token", AccessFixtures.hs256(AccessFixtures.claims()))])]) { scenario in
            var config = OpenIDConfiguration(issuer: "https://login.example/", location: here)
            config.keys = [ScenarioSigningKey(kid: "h1", material: .symmetric(DotNetConvert.toBase64Url(AccessFixtures.secret)))]
            scenario.access.openidConfigs["https://login.example/.well-known/openid-configuration"] = config
        }
        #expect(trace.requests.map(\.response.status) == [200, 403])
        #expect(trace.requests[1].lastError?.reason == "TokenIssuerNotAllowed")
        #expect(trace.requests[1].response.body?.contains("\"message\": \"nope\"") == true)
    }

    @Test func missingOpenIDConfigurationIsAWarningAndNoKeys() throws {
        let policy = """
            <policies><inbound>
              <validate-jwt header-name="Authorization"><openid-config url="https://nowhere.example/cfg" /></validate-jwt>
            </inbound></policies>
            """
        let trace = try run(policy, requests: [request(headers: [("Authorization", "Bearer " + AccessFixtures.hs256(AccessFixtures.claims()))])])
        let result = try #require(trace.requests.first)
        #expect(result.lastError?.reason == "TokenSignatureKeyNotFound")
        #expect(result.details(.warning).contains { $0.contains("https://nowhere.example/cfg is not in the scenario's openidConfigs") })
    }

    @Test func requireSchemeOnlyForAuthorization() throws {
        let policy = """
            <policies><inbound>
              <validate-jwt header-name="Authorization" require-scheme="Bearer" require-expiration-time="false">
                <issuer-signing-keys><key>\(AccessFixtures.secretBase64)</key></issuer-signing-keys>
              </validate-jwt>
            </inbound></policies>
            """
        let token = AccessFixtures.hs256(AccessFixtures.claims(exp: nil))
        let trace = try run(policy, requests: [request(headers: [("Authorization", "Bearer " + token)]), request(headers: [("Authorization", "Token " + token)])])
        #expect(trace.requests.map(\.response.status) == [200, 401])
        #expect(trace.requests[1].lastError?.reason == "JwtInvalid")
    }
}
