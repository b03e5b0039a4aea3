import DotNet
import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Auth/ValidateAzureADToken.swift`.
@Suite struct ValidateAzureADTokenTests {
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
        let good = AccessFixtures.hs256(AccessFixtures.claims(iss: issuer, extra: #""azp":"app-1""#), kid: "k1")
        let foreignApp = AccessFixtures.hs256(AccessFixtures.claims(iss: issuer, extra: #""azp":"app-2""#), kid: "k1")
        let foreignTenant = AccessFixtures.hs256(AccessFixtures.claims(iss: "https://sts.windows.net/other/", extra: #""appid":"app-1""#), kid: "k1")
        let trace = try run(policy, requests: [good, foreignApp, foreignTenant].map { request(headers: [("Authorization", "Bearer " + $0)]) }) { scenario in
            var config = OpenIDConfiguration(location: here)
            config.keys = [ScenarioSigningKey(kid: "k1", material: .symmetric(DotNetConvert.toBase64Url(AccessFixtures.secret)))]
            scenario.access.openidConfigs["https://login.microsoftonline.com/\(tenant)/v2.0/.well-known/openid-configuration"] = config
        }
        #expect(trace.requests.map(\.response.status) == [200, 401, 401])
        #expect(trace.requests.map { $0.lastError?.reason } == [nil, "TokenClaimValueNotAllowed", "TokenIssuerNotAllowed"])
    }
}
