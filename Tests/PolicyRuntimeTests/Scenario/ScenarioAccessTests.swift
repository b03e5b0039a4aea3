import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// Scenario files: the access sections.
@Suite struct ScenarioAccessTests {
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
}
