import Foundation
import Testing

/// `--format github`: GitHub Actions workflow commands, one annotation per finding or failing scenario.
@Suite struct GitHubFormatTests {
    private func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-github-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func lintFindingsBecomeAnnotationsAtTheirLineAndColumn() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies>\n  <inbound>\n    <set-header name=\"a\" exists-action=\"overide\"><value>50%, or: more\nlines</value></set-header>\n  </inbound>\n  <backend><forward-request /></backend>\n  <outbound /><on-error />\n</policies>\n"
            .write(to: folder.appendingPathComponent("bad policy.xml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["lint", "--format", "github", "bad policy.xml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout == """
            ::error file=bad policy.xml,line=3,col=41,title=policycheck attribute-value::attribute 'exists-action' of 'set-header': 'overide' is not one of 'override', 'skip', 'append', 'delete'
            ::notice title=policycheck lint::1 error, 0 warnings in 1 file

            """, "\(result.stdout)")
    }

    @Test func failingScenariosBecomeErrorsWithTheirFailuresEscaped() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound><return-response><set-status code=\"204\" reason=\"No Content\" /></return-response></inbound></policies>"
            .write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nrequests:\n  - GET https://a.example/:\n      expect: { status: 200, reason: \"100% OK\" }\n"
            .write(to: folder.appendingPathComponent("s.scenario.yaml"), atomically: true, encoding: .utf8)
        _ = try CLIRunner.run(["test", "--update", "."], in: folder)
        let result = try CLIRunner.run(["test", "--format", "github", "."], in: folder)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.first == ("::error file=s.scenario.yaml,line=1,title=policycheck test%3A s failed::expectation failed: request 1 (GET https://a.example/, line 3): status (line 4): expected 200, got 204%0Aexpectation failed: request 1 (GET https://a.example/, line 3): reason (line 4): expected '100%25 OK', got 'No Content'"), "\(result.stdout)")
        #expect(lines.last == "::notice title=policycheck test::0 passed, 1 failed")
    }
}
