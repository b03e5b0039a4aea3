import PolicySource

/// The lint findings of one or more files, ready to print.
public struct LintReport: Sendable {
    /// Findings per file, in the order the files were given.
    public var files: [(file: SourceFile?, path: String, diagnostics: [Diagnostic])]

    public init(files: [(file: SourceFile?, path: String, diagnostics: [Diagnostic])] = []) {
        self.files = files
    }

    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Output formats of `policycheck lint`.
public enum DiagnosticFormatter {
    /// Compiler-style text: the finding, the source line, a caret under the column.
    public static func text(_ report: LintReport, color: Bool = false) -> String {
        var output = ""
        for entry in report.files {
            for diagnostic in entry.diagnostics {
                output += line(diagnostic, color: color) + "\n"
                if let file = entry.file, diagnostic.location.line >= 1, diagnostic.location.line <= file.lineCount {
                    let source = file.lineText(diagnostic.location.line)
                    output += source + "\n"
                    output += caret(under: source, column: diagnostic.location.column, color: color) + "\n"
                }
            }
        }
        let errors = report.errorCount
        let warnings = report.warningCount
        output += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(report.files.count) file\(report.files.count == 1 ? "" : "s")\n"
        return output
    }

    /// `file:line:col: severity: message [rule]`, coloured on a terminal.
    public static func line(_ diagnostic: Diagnostic, color: Bool) -> String {
        guard color else { return diagnostic.description }
        let code: String
        switch diagnostic.severity {
        case .error: code = "\u{1B}[1;31m"
        case .warning: code = "\u{1B}[1;35m"
        case .note: code = "\u{1B}[1;36m"
        }
        let reset = "\u{1B}[0m"
        return "\u{1B}[1m\(diagnostic.location):\(reset) \(code)\(diagnostic.severity.rawValue):\(reset) \(diagnostic.message) [\(diagnostic.rule)]"
    }

    /// Spaces (tabs where the source has tabs) up to the column, then `^`.
    static func caret(under source: String, column: Int, color: Bool) -> String {
        var prefix = ""
        for (index, scalar) in source.unicodeScalars.enumerated() where index < column - 1 {
            prefix += scalar == "\t" ? "\t" : " "
        }
        return prefix + (color ? "\u{1B}[1;32m^\u{1B}[0m" : "^")
    }

    /// The JSON form of contracts.md.
    public static func json(_ report: LintReport) -> String {
        let items: [JSONValue] = report.diagnostics.map { diagnostic in
            .object([
                ("file", .string(diagnostic.location.path)),
                ("line", .int(diagnostic.location.line)),
                ("column", .int(diagnostic.location.column)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("rule", .string(diagnostic.rule)),
                ("message", .string(diagnostic.message)),
            ])
        }
        return JSONValue.object([
            ("diagnostics", .array(items)),
            ("files", .int(report.files.count)),
            ("errors", .int(report.errorCount)),
            ("warnings", .int(report.warningCount)),
        ]).render() + "\n"
    }

    /// SARIF 2.1.0 with one run, every rule listed with its help text.
    public static func sarif(_ report: LintReport, rules: [LintRule], version: String) -> String {
        var ruleIndex: [String: Int] = [:]
        var allRules = rules
        for diagnostic in report.diagnostics where !allRules.contains(where: { $0.id == diagnostic.rule }) {
            allRules.append(LintRule(diagnostic.rule, diagnostic.severity, diagnostic.rule))
        }
        for (index, rule) in allRules.enumerated() { ruleIndex[rule.id] = index }
        let ruleObjects: [JSONValue] = allRules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("name", .string(rule.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())),
                ("shortDescription", .object([("text", .string(rule.summary))])),
                ("fullDescription", .object([("text", .string(rule.summary))])),
                ("help", .object([("text", .string(rule.summary + " See Docs/lint-rules.md."))])),
                ("defaultConfiguration", .object([("level", .string(sarifLevel(rule.severity)))])),
            ])
        }
        let results: [JSONValue] = report.diagnostics.map { diagnostic in
            .object([
                ("ruleId", .string(diagnostic.rule)),
                ("ruleIndex", .int(ruleIndex[diagnostic.rule] ?? 0)),
                ("level", .string(sarifLevel(diagnostic.severity))),
                ("message", .object([("text", .string(diagnostic.message))])),
                ("locations", .array([
                    .object([
                        ("physicalLocation", .object([
                            ("artifactLocation", .object([("uri", .string(uri(diagnostic.location.path)))])),
                            ("region", .object([
                                ("startLine", .int(max(1, diagnostic.location.line))),
                                ("startColumn", .int(max(1, diagnostic.location.column))),
                            ])),
                        ])),
                    ]),
                ])),
            ])
        }
        let run: JSONValue = .object([
            ("tool", .object([
                ("driver", .object([
                    ("name", .string("policycheck")),
                    ("informationUri", .string("https://github.com/policycheck/policycheck")),
                    ("version", .string(version)),
                    ("rules", .array(ruleObjects)),
                ])),
            ])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).render() + "\n"
    }

    private static func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative path as a URI reference (percent-encoding what URIs cannot hold).
    private static func uri(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            let char = Character(Unicode.Scalar(byte))
            if byte < 0x80, char.isLetter || char.isNumber || "-._~/:@!$&'()*+,;=".contains(char) {
                result.append(char)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
