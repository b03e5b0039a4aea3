@testable import PolicyCheck
import PolicySource
import Testing

@Suite struct LintReportTests {
    static func finding(_ rule: String, _ severity: Severity = .error, line: Int) -> Diagnostic {
        Diagnostic(severity, rule, "m", at: SourceLocation(path: "p.xml", line: line, column: 1))
    }

    @Test func aRuleBeyondTheLimitIsCutWithOneNoteAndStillCounted() {
        let all = (1...120).map { Self.finding("policy-unknown", line: $0) } + [Self.finding("attribute-value", .warning, line: 200)]
        let linted = LintedFile(file: nil, path: "p.xml", diagnostics: all, perRuleLimit: 50)
        #expect(linted.errorCount == 120)
        #expect(linted.warningCount == 1)
        #expect(linted.diagnostics.count == 52)
        let note = linted.diagnostics.last!
        #expect(note.severity == .note)
        #expect(note.rule == "policy-unknown")
        #expect(note.location.line == 51)
        #expect(note.message == "and 70 more 'policy-unknown' findings in this file (the first 50 are shown)")
    }

    @Test func underTheLimitNothingIsCut() {
        let all = (1...50).map { Self.finding("policy-unknown", line: $0) }
        #expect(LintedFile(file: nil, path: "p.xml", diagnostics: all, perRuleLimit: 50).diagnostics == all)
    }

    @Test func theJSONPiecesMakeTheWholeDocument() {
        let report = LintReport(files: [
            LintedFile(file: nil, path: "a.xml", diagnostics: [Self.finding("r", line: 1)]),
            LintedFile(file: nil, path: "b.xml", diagnostics: []),
            LintedFile(file: nil, path: "c.xml", diagnostics: [Self.finding("s", .warning, line: 2)]),
        ])
        let json = DiagnosticFormatter.json(report)
        let whole = JSONValue.object([
            ("diagnostics", .array(report.diagnostics.map { d in
                .object([("file", .string(d.location.path)), ("line", .int(d.location.line)), ("column", .int(d.location.column)),
                         ("severity", .string(d.severity.rawValue)), ("rule", .string(d.rule)), ("message", .string(d.message))])
            })),
            ("files", .int(3)), ("errors", .int(1)), ("warnings", .int(1)),
        ]).render() + "\n"
        #expect(json == whole)
        #expect(DiagnosticFormatter.json(LintReport(files: [LintedFile(file: nil, path: "a.xml", diagnostics: [])]))
            == "{\n  \"diagnostics\": [],\n  \"files\": 1,\n  \"errors\": 0,\n  \"warnings\": 0\n}\n")
    }
}
