import Foundation
import Testing

@Suite struct LintCommandTests {
    @Test func textOutputWithSourceLineAndCaret() throws {
        let result = try CLIRunner.run(["lint", "Fixtures/lint/problems.xml", "Fixtures/lint/broken.xml", "Fixtures/lint/clean.xml"])
        #expect(result.status == 1)
        try CLIRunner.assertGolden(result.stdout, "Fixtures/lint/problems.expected.txt")
    }

    @Test func withoutSubcommandLintsToo() throws {
        let result = try CLIRunner.run(["Fixtures/lint/clean.xml"])
        #expect(result.status == 0)
        #expect(result.stdout == "0 errors, 0 warnings in 1 file\n")
    }

    @Test func warningsAloneExitZero() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = "<policies><backend><retry condition=\"@(true)\" count=\"1\" interval=\"1\"><forward-request /></retry></backend></policies>"
        try policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["lint", folder.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning:"))
    }

    @Test func jsonOutputMatchesTheContract() throws {
        let result = try CLIRunner.run(["lint", "--format", "json", "Fixtures/lint/problems.xml", "Fixtures/lint/clean.xml"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["files"] as? Int == 2)
        #expect(object["errors"] as? Int == 3)
        #expect(object["warnings"] as? Int == 1)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["file"] as? String == "Fixtures/lint/problems.xml")
        #expect(first["line"] as? Int == 4)
        #expect(first["column"] as? Int == 3)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "policy-section")
        try CLIRunner.assertGolden(result.stdout, "Fixtures/lint/problems.expected.json")
    }

    @Test func sarifOutputIsOneRunWithRulesAndResults() throws {
        let result = try CLIRunner.run(["lint", "--format", "sarif", "Fixtures/lint/problems.xml"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "policy-section" })
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 4)
        let region = try #require(((results[0]["locations"] as? [[String: Any]])?[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 4)
    }

    @Test func missingFileAndBadArgumentsExitTwo() throws {
        let missing = try CLIRunner.run(["lint", "Fixtures/lint/no-such-file.xml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Fixtures/lint/no-such-file.xml"))
        let badFormat = try CLIRunner.run(["lint", "--format", "yaml", "Fixtures/lint/clean.xml"])
        #expect(badFormat.status == 2)
        let nothing = try CLIRunner.run(["lint"])
        #expect(nothing.status == 2)
    }

    @Test func namedValuesAndFragmentsOptions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fragments"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "tenant: contoso\napi-key: secret\n".write(to: folder.appendingPathComponent("nv.yaml"), atomically: true, encoding: .utf8)
        try "<fragment><set-header name=\"x\" exists-action=\"override\"><value>1</value></set-header></fragment>"
            .write(to: folder.appendingPathComponent("fragments/auth.xml"), atomically: true, encoding: .utf8)
        let policy = "<policies>\n<inbound>\n<include-fragment fragment-id=\"auht\" />\n<set-header name=\"k\" exists-action=\"override\"><value>{{api-kye}}</value></set-header>\n</inbound>\n</policies>\n"
        try policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["lint", "--named-values", "nv.yaml", "--fragments", "fragments", "p.xml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("p.xml:3:32: error: no fragment 'auht' in the fragments folder; did you mean 'auth'? [fragment-unknown]"))
        #expect(result.stdout.contains("p.xml:4:54: error: named value 'api-kye' is not defined in the file given with --named-values; did you mean 'api-key'? [named-value-undefined]"))
        let badNamedValues = try CLIRunner.run(["lint", "--named-values", "missing.yaml", "p.xml"], in: folder)
        #expect(badNamedValues.status == 2)
    }
}
