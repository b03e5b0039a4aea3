import Foundation
import PolicyCheck
import Testing

/// The version has one source (`PolicyCheckVersion.current`); CHANGELOG.md and the release
/// script follow it.
@Suite struct VersionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theChangelogStartsWithTheCurrentVersion() throws {
        let changelog = try String(contentsOf: Self.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let first = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        #expect(first == "## \(PolicyCheckVersion.current)")
        #expect(PolicyCheckVersion.current.split(separator: ".").count == 3)
        #expect(PolicyCheckVersion.current.split(separator: ".").allSatisfy { Int($0) != nil })
    }

    @Test func theReleaseScriptReadsTheVersionFromTheSource() throws {
        let script = try String(contentsOf: Self.root.appendingPathComponent("Scripts/release"), encoding: .utf8)
        #expect(script.contains("Sources/PolicyCheck/Version.swift"))
        #expect(!script.contains(PolicyCheckVersion.current), "the release script must not spell the version itself")
    }
}

/// The CI forms at the root: the pre-commit hook picks the files lint understands, and the
/// action and the Azure template run the commands that exist with the formats they name.
@Suite struct CIFormsTests {
    static func file(_ path: String) throws -> String {
        try String(contentsOf: VersionTests.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func thePreCommitHookPicksPolicyFiles() throws {
        let hooks = try Self.file(".pre-commit-hooks.yaml")
        #expect(hooks.contains("- id: policycheck"))
        let pattern = try #require(hooks.split(separator: "\n").first { $0.hasPrefix("  files: ") }).dropFirst("  files: ".count)
        let regex = try NSRegularExpression(pattern: String(pattern))
        func matches(_ path: String) -> Bool { regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil }
        for path in ["policy.xml", "apimartifacts/apis/orders/policy.xml", "infra/main.bicep", "main.tf", "fragments/log.xml"] {
            #expect(matches(path), "\(path)")
        }
        for path in ["README.md", "policy.xml.bak", "tests/pool.scenario.yaml"] {
            #expect(!matches(path), "\(path)")
        }
    }

    @Test func theActionAndTheTemplateUseRealCommands() throws {
        let action = try Self.file("action.yml")
        #expect(action.contains("using: composite"))
        #expect(action.contains("policycheck lint --format github"))
        #expect(action.contains("policycheck lint --format sarif"))
        #expect(action.contains("policycheck test --format github --junit policycheck-junit.xml"))
        let azure = try Self.file("ci/azure-pipelines/policycheck.yml")
        #expect(azure.contains("policycheck lint --format sarif"))
        #expect(azure.contains("PublishTestResults@2"))
        #expect(azure.contains("policycheck test --junit"))
    }
}
