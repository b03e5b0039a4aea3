import Foundation
import PolicyModel
import PolicyRuntime
import PolicySource
import Testing

@testable import PolicyCheck

/// One example of one rule (the examples live in the rules' files, Sources/PolicyCheck/Lint/Rules).
struct RuleExample: CustomTestStringConvertible, Sendable {
    var rule: LintRule
    var example: LintExample
    var index: Int

    var testDescription: String {
        let marked = example.files.contains { !$0.markers.isEmpty }
        return "\(rule.id) #\(index + 1) \(marked ? "fires" : "stays quiet"): \(example.files.first?.text.prefix(60) ?? "")"
    }

    static let all: [RuleExample] = (LintRule.definitions + LintRule.expressionDefinitions).flatMap { definition in
        definition.examples().enumerated().map { RuleExample(rule: definition.rule, example: $1, index: $0) }
    }
}

@Suite struct LintRuleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The findings of an example, as the CLI would report them: a document through the linter,
    /// a tree through a lint session of its folder.
    static func findings(_ example: LintExample) throws -> [Diagnostic] {
        let files = example.files
        switch example.input {
        case .document(_, let options):
            return Linter.standard(options: options).lint(SourceFile(path: files[0].path, text: files[0].text))
        case .tree(_, let environment):
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-rule-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            var found: [Diagnostic] = []
            try LintSession(paths: [folder.path], environmentPath: environment.map { folder.appendingPathComponent($0).path }).run { found += $0.diagnostics }
            return found
        }
    }

    /// Each `↓` gets exactly one finding of the rule, there (file, line and column), in order, with
    /// the example's messages; an example without a marker gets none.
    @Test(arguments: RuleExample.all)
    func example(_ item: RuleExample) throws {
        let expected = item.example.files.flatMap { file in file.markers.map { "\(file.path):\($0.line):\($0.column)" } }
        let findings = try Self.findings(item.example).filter { $0.rule == item.rule.id }
        let files = item.example.files.map(\.path)
        let found = findings.map { finding in
            let path = files.first { finding.location.path == $0 || finding.location.path.hasSuffix("/" + $0) } ?? finding.location.path
            return "\(path):\(finding.location.line):\(finding.location.column)"
        }
        #expect(found == expected, "'\(item.rule.id)' findings: \(findings.map { "\($0.location.line):\($0.location.column) \($0.message)" })")
        if !item.example.messages.isEmpty {
            #expect(findings.map(\.message) == item.example.messages)
        }
    }

    @Test func everyRuleHasAnExampleThatFiresAndTheIdsAreDistinct() {
        let definitions = LintRule.definitions + LintRule.expressionDefinitions
        for definition in definitions {
            let fires = definition.examples().contains { example in example.files.contains { file in !file.markers.isEmpty } }
            #expect(fires, "'\(definition.rule.id)' has no example that fires")
        }
        let ids = definitions.map { definition in definition.rule.id }
        #expect(Set(ids).count == ids.count)
        #expect(LintRule.all.map(\.id) == LintRule.definitions.map { definition in definition.rule.id })
    }

    /// Docs/lint-rules.md has each rule's row as the rule's file words it, and no other rows but
    /// the parser's `internal` (a source map fault to report, which no document can be written to show).
    @Test func theDocumentationTablesAreTheRules() throws {
        let doc = try String(contentsOf: Self.packageRoot.appendingPathComponent("Docs/lint-rules.md"), encoding: .utf8)
        let rows = doc.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| `") }
        let definitions = LintRule.definitions + LintRule.expressionDefinitions
        for definition in definitions {
            #expect(rows.contains(definition.documentationRow), "Docs/lint-rules.md should have the row\n\(definition.documentationRow)")
        }
        // The rules only Bicep, Terraform and ARM files report, with their own words.
        for rule in IaCLint.rules {
            #expect(rows.contains("| `\(rule.id)` | \(rule.severity) | \(rule.summary) |"), "Docs/lint-rules.md should have the row of \(rule.id)")
        }
        let ids = Set(definitions.map { definition in definition.rule.id }).union(IaCLint.rules.map(\.id))
        for row in rows {
            let id = row.split(separator: "`").dropFirst().first.map(String.init) ?? ""
            #expect(ids.contains(id) || id == "internal", "Docs/lint-rules.md: no rule '\(id)'")
        }
    }

    /// The catalog delta of the 2026-12-03 check against Learn (Docs/policies.md): attributes
    /// and expression support that used to be findings are accepted.
    @Test func catalogDeltaOfTheLearnCheck() {
        func findings(_ inbound: String) -> [String] {
            let source = "<policies><inbound>\(inbound)</inbound><backend><forward-request /></backend><outbound /><on-error /></policies>"
            return Linter.standard().lint(SourceFile(path: "p.xml", text: source)).filter { $0.severity != .note }.map(\.rule)
        }
        #expect(findings(#"<quota-by-key calls="10" renewal-period="3600" counter-key="@(context.Request.IpAddress)" increment-count="@(2)" />"#) == [])
        #expect(findings(#"<quota-by-key calls="10" renewal-period="3600" counter-key="k" increment-count="-1" />"#) == ["attribute-value"])
        #expect(findings(#"<get-authorization-context provider-id="p" authorization-id="a" context-variable-name="@("ctx-" + context.Api.Id)" />"#) == [])
        #expect(findings(#"<llm-token-limit counter-key="k" token-quota="@(1000)" token-quota-period="Daily" estimate-prompt-tokens="false" />"#) == [])
        #expect(findings(#"<azure-openai-token-limit counter-key="k" token-quota="@(1000)" token-quota-period="Daily" estimate-prompt-tokens="false" />"#) == [])
    }

    @Test func retryCountIsBounded() {
        func findings(_ count: String) -> [String] {
            let source = LintRules.policies(backend: "\n<retry condition=\"@(true)\" count=\"\(count)\" interval=\"0\">\n<forward-request />\n</retry>\n")
            return Linter.standard().lint(SourceFile(path: "p.xml", text: source)).filter { $0.severity == .error }
                .map { "\($0.rule)@\($0.location.line)" }
        }
        #expect(findings("50") == [])
        #expect(findings("51") == ["attribute-value@4"])
        #expect(findings("100000") == ["attribute-value@4"])
        #expect(findings("99999999999999999999999") == ["attribute-value@4"])
        #expect(findings("0") == ["attribute-value@4"])
    }

    @Test func expressionHeavyDocumentPointsAtTheRightLineAndColumn() {
        let source = """
            <policies>
                <inbound>
                    <set-variable name="x" value="@(context.Request.Headers.GetValueOrDefault("a", "") != "" && 1 < 2)" />
                    <set-header name="y" exists-action="@("skip")"><value>@{ return "<b>" + "&"; }</value></set-header>
                    <set-header name="z" exists-action="overide" />
                </inbound>
            </policies>
            """
        let findings = Linter().lint(SourceFile(path: "p.xml", text: source))
        #expect(findings.map(\.rule) == ["attribute-value"])
        #expect(findings.first?.location.line == 5)
        #expect(findings.first?.location.column == 45)
    }
}
