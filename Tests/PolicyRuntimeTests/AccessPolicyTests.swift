import DotNet
import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing

@testable import PolicyRuntime

/// check-header, ip-filter, validate-jwt, validate-azure-ad-token, authentication-*,
/// get-authorization-context, validate-client-certificate and the validate-* family.
@Suite struct AccessPolicyTests {
    /// 2026-01-01T00:00:00Z, the scenarios' default start.
    static let start: Int64 = 1_767_225_600
    static let secret = Array("policycheck-test-secret-0123456789abcdef".utf8)
    static var secretBase64: String { DotNetConvert.toBase64String(secret) }

    /// An HS256 token over `claims` (JSON object text).
    static func hs256(_ claims: String, key: [UInt8] = secret, kid: String? = nil) -> String {
        let header = kid.map { #"{"alg":"HS256","typ":"JWT","kid":"\#($0)"}"# } ?? #"{"alg":"HS256","typ":"JWT"}"#
        let input = DotNetConvert.toBase64Url(Array(header.utf8)) + "." + DotNetConvert.toBase64Url(Array(claims.utf8))
        let mac = DotNetHashAlgorithm.sha256.computeHmac(key: key, data: Array(input.utf8))
        return input + "." + DotNetConvert.toBase64Url(mac)
    }

    static func claims(iss: String = "https://issuer.example/", aud: String = "api://orders", exp: Int64? = start + 3600, extra: String = "") -> String {
        var parts = [#""iss":"\#(iss)""#, #""aud":"\#(aud)""#, #""sub":"user-1""#]
        if let exp { parts.append(#""exp":\#(exp)"#) }
        if !extra.isEmpty { parts.append(extra) }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static let jwtPolicy = """
        <policies>
          <inbound>
            <validate-jwt header-name="Authorization" clock-skew="30" output-token-variable-name="jwt">
              <issuer-signing-keys><key>\(secretBase64)</key></issuer-signing-keys>
              <audiences><audience>api://orders</audience></audiences>
              <issuers><issuer>https://issuer.example/</issuer></issuers>
              <required-claims>
                <claim name="scp" match="all" separator=" "><value>read</value><value>write</value></claim>
              </required-claims>
            </validate-jwt>
            <set-variable name="sub" value="@(((Jwt)context.Variables["jwt"]).Subject)" />
          </inbound>
        </policies>
        """

    func runJwt(_ token: String?, after: Int64 = 0) throws -> RequestTrace {
        let headers = token.map { [(name: "Authorization", value: "Bearer " + $0)] } ?? []
        let trace = try run(Self.jwtPolicy, requests: [request(headers: headers, after: after)])
        return try #require(trace.requests.first)
    }

    // MARK: validate-jwt

    @Test func validTokenPassesAndStoresTheJwtObject() throws {
        let result = try runJwt(Self.hs256(Self.claims(extra: #""scp":"read write admin""#)))
        #expect(result.response.status == 200)
        #expect(result.lastError == nil)
        #expect(result.variable("sub") == "\"user-1\"")
        #expect(result.variable("jwt") == "Jwt")
    }

    @Test(arguments: [
        (nil as String?, "TokenNotPresent"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(exp: AccessPolicyTests.start - 60), kid: nil), "TokenExpired"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(extra: #""scp":"read write""#), key: Array("wrong-secret-wrong-secret-wrong!".utf8)), "TokenSignatureInvalid"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(extra: #""scp":"read write""#), key: Array("wrong-secret-wrong-secret-wrong!".utf8), kid: "k9"), "TokenSignatureKeyNotFound"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(aud: "api://other", extra: #""scp":"read write""#)), "TokenAudienceNotAllowed"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(iss: "https://evil.example/", extra: #""scp":"read write""#)), "TokenIssuerNotAllowed"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims()), "TokenClaimNotFound"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(extra: #""scp":"read""#)), "TokenClaimValueNotAllowed"),
        (AccessPolicyTests.hs256(AccessPolicyTests.claims(exp: nil, extra: #""scp":"read write""#)), "JwtInvalid"),
        ("abc.def", "JwtInvalid"),
    ])
    func everyFailureHasItsReason(token: String?, reason: String) throws {
        let result = try runJwt(token)
        #expect(result.response.status == 401)
        #expect(result.lastError?.reason == reason)
        #expect(result.lastError?.source == "validate-jwt")
        let expectedBody = reason == "TokenNotPresent" ? "JWT not present." : "Invalid JWT."
        #expect(result.response.body?.contains(expectedBody) == true)
    }

    @Test func clockSkewAcceptsARecentlyExpiredToken() throws {
        let result = try runJwt(Self.hs256(Self.claims(exp: Self.start - 20, extra: #""scp":"read write""#)))
        #expect(result.response.status == 200)
        // The virtual clock moves: the same token is expired ten minutes later.
        let later = try runJwt(Self.hs256(Self.claims(exp: Self.start + 60, extra: #""scp":"read write""#)), after: 600_000)
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
        let token = Self.hs256(Self.claims(iss: "https://login.example/"), kid: "h1")
        let trace = try run(policy, requests: [request(headers: [("x-token", token)]), request(headers: [("x-token", Self.hs256(Self.claims()))])]) { scenario in
            var config = OpenIDConfiguration(issuer: "https://login.example/", location: here)
            config.keys = [ScenarioSigningKey(kid: "h1", material: .symmetric(DotNetConvert.toBase64Url(Self.secret)))]
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
        let trace = try run(policy, requests: [request(headers: [("Authorization", "Bearer " + Self.hs256(Self.claims()))])])
        let result = try #require(trace.requests.first)
        #expect(result.lastError?.reason == "TokenSignatureKeyNotFound")
        #expect(result.details(.warning).contains { $0.contains("https://nowhere.example/cfg is not in the scenario's openidConfigs") })
    }

    @Test func requireSchemeOnlyForAuthorization() throws {
        let policy = """
            <policies><inbound>
              <validate-jwt header-name="Authorization" require-scheme="Bearer" require-expiration-time="false">
                <issuer-signing-keys><key>\(Self.secretBase64)</key></issuer-signing-keys>
              </validate-jwt>
            </inbound></policies>
            """
        let token = Self.hs256(Self.claims(exp: nil))
        let trace = try run(policy, requests: [request(headers: [("Authorization", "Bearer " + token)]), request(headers: [("Authorization", "Token " + token)])])
        #expect(trace.requests.map(\.response.status) == [200, 401])
        #expect(trace.requests[1].lastError?.reason == "JwtInvalid")
    }

    // MARK: validate-azure-ad-token

    @Test func azureAdTokenChecksTenantIssuerAndClientApplication() throws {
        let tenant = "11111111-2222-3333-4444-555555555555"
        let policy = """
            <policies><inbound>
              <validate-azure-ad-token tenant-id="\(tenant)">
                <client-application-ids><application-id>app-1</application-id></client-application-ids>
                <audiences><audience>api://orders</audience></audiences>
              </validate-azure-ad-token>
            </inbound></policies>
            """
        let issuer = "https://login.microsoftonline.com/\(tenant)/v2.0"
        let good = Self.hs256(Self.claims(iss: issuer, extra: #""azp":"app-1""#), kid: "k1")
        let foreignApp = Self.hs256(Self.claims(iss: issuer, extra: #""azp":"app-2""#), kid: "k1")
        let foreignTenant = Self.hs256(Self.claims(iss: "https://sts.windows.net/other/", extra: #""appid":"app-1""#), kid: "k1")
        let trace = try run(policy, requests: [good, foreignApp, foreignTenant].map { request(headers: [("Authorization", "Bearer " + $0)]) }) { scenario in
            var config = OpenIDConfiguration(location: here)
            config.keys = [ScenarioSigningKey(kid: "k1", material: .symmetric(DotNetConvert.toBase64Url(Self.secret)))]
            scenario.access.openidConfigs["https://login.microsoftonline.com/\(tenant)/v2.0/.well-known/openid-configuration"] = config
        }
        #expect(trace.requests.map(\.response.status) == [200, 401, 401])
        #expect(trace.requests.map { $0.lastError?.reason } == [nil, "TokenClaimValueNotAllowed", "TokenIssuerNotAllowed"])
    }

    // MARK: check-header and ip-filter

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

    @Test(arguments: [
        ("allow", "10.1.2.3", 200, nil as String?),
        ("allow", "10.2.0.0", 403, "CallerIpNotAllowed"),
        ("forbid", "10.1.255.255", 403, "CallerIpBlocked"),
        ("forbid", "::ffff:10.9.9.9", 200, nil),
        ("allow", "::ffff:10.1.0.1", 200, nil),
        ("allow", "garbage", 403, "FailedToParseCallerIP"),
    ])
    func ipFilter(action: String, ip: String, status: Int, reason: String?) throws {
        let policy = """
            <policies><inbound>
              <ip-filter action="\(action)"><address-range from="10.1.0.0" to="10.1.255.255" /><address>192.0.2.1</address></ip-filter>
            </inbound></policies>
            """
        let trace = try run(policy) { $0.context.ipAddress = ip }
        #expect(trace.requests.first?.response.status == status)
        #expect(trace.requests.first?.lastError?.reason == reason)
    }

    @Test func ipAddressesCompareAsNumbers() {
        let low = IPAddressValue(parsing: "2001:db8::")
        let mid = IPAddressValue(parsing: "2001:db8::1:0")
        let high = IPAddressValue(parsing: "2001:db8::ffff:ffff")
        #expect(low != nil && mid != nil && high != nil)
        if let low, let mid, let high { #expect(low < mid && mid < high) }
        #expect(IPAddressValue(parsing: "1.2.3.256") == nil)
        #expect(IPAddressValue(parsing: "1::2::3") == nil)
        #expect(IPAddressValue(parsing: "12345::") == nil)
    }

    // MARK: Credentials and authorization contexts

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

    // MARK: Client certificates

    @Test func clientCertificateValidityUsesTheVirtualClock() throws {
        let policy = """
            <policies><inbound>
              <validate-client-certificate validate-trust="false" validate-revocation="false" />
            </inbound></policies>
            """
        var certificate = ScenarioClientCertificate()
        certificate.thumbprint = "AB"
        certificate.notAfterUnixMilliseconds = (Self.start + 60) * 1000
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

    // MARK: Validation policies

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

    // MARK: Scenario keys

    @Test func scenarioLoaderReadsAccessSections() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("access-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound /></policies>".write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let text = """
            policy: p.xml
            openidConfigs:
              "https://login.example/cfg":
                issuer: https://login.example/
                keys:
                  - { kid: r1, kty: RSA, n: AQAB, e: AQAB }
                  - { kid: h1, kty: oct, k: c2VjcmV0 }
            certificates:
              c1: { thumbprint: ab12 }
            authorizations:
              github/u1: { accessToken: t, claims: { login: ada } }
            context:
              clientCertificate: { thumbprint: FF, notAfter: "2027-01-01T00:00:00Z", dnsNames: [a.example], trusted: false }
            requests: [ GET https://apim.example/x ]
            """
        let scenario = try ScenarioLoader.load(SourceFile(path: folder.appendingPathComponent("s.scenario.yaml").path, text: text))
        #expect(scenario.access.openidConfigs["https://login.example/cfg"]?.keys.count == 2)
        #expect(scenario.access.certificates["c1"]?.thumbprint == "AB12")
        #expect(scenario.access.authorizations?["github/u1"]?.claims == ["login": "ada"])
        #expect(scenario.context.clientCertificate?.trusted == false)
        #expect(scenario.context.clientCertificate?.notAfterUnixMilliseconds == 1_798_761_600_000)
    }

    @Test func scenarioLoaderRejectsUnknownKeysWithSuggestions() throws {
        let cases: [(String, String)] = [
            ("openidConfig: {}", "did you mean 'openidConfigs'?"),
            ("openidConfigs: { \"https://x\": { isuer: a } }", "did you mean 'issuer'?"),
            ("openidConfigs: { \"https://x\": { keys: [ { kid: a } ] } }", "a key needs 'n' and 'e'"),
            ("authorizations: { nope: { accessToken: t } }", "'provider-id/authorization-id'"),
            ("context: { clientCertificate: { thumbprnt: a } }", "did you mean 'thumbprint'?"),
        ]
        for (yaml, message) in cases {
            let text = "policy: /dev/null\nrequests: [ GET https://apim.example/x ]\n" + yaml + "\n"
            do {
                _ = try ScenarioLoader.load(SourceFile(path: "s.scenario.yaml", text: text))
                Issue.record("expected an error for \(yaml)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
                #expect(error.location?.line == 3)
            }
        }
    }

    // MARK: authentication-managed-identity

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
