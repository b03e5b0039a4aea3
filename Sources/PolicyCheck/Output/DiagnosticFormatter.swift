import PolicySource

/// The findings of one linted file. A rule that fires more than `perRuleLimit` times in one file
/// keeps its first findings and one note saying how many more there were, so that a hostile
/// document (a megabyte of unknown elements) gives a report of bounded size; the error and
/// warning counts still count every finding.
public struct LintedFile: Sendable {
    public static let perRuleLimit = 50

    public var file: SourceFile?
    public var path: String
    /// The findings shown, in order, then one "and N more" note per rule that was cut.
    public var diagnostics: [Diagnostic]
    public var errorCount: Int
    public var warningCount: Int

    public init(file: SourceFile?, path: String, diagnostics all: [Diagnostic], perRuleLimit: Int = LintedFile.perRuleLimit) {
        self.file = file
        self.path = path
        errorCount = all.count { $0.severity == .error }
        warningCount = all.count { $0.severity == .warning }
        var shown: [String: Int] = [:]
        var hidden: [(rule: String, first: Diagnostic, count: Int)] = []
        var hiddenIndex: [String: Int] = [:]
        var kept: [Diagnostic] = []
        for diagnostic in all {
            let seen = shown[diagnostic.rule, default: 0]
            if seen < perRuleLimit {
                shown[diagnostic.rule] = seen + 1
                kept.append(diagnostic)
            } else if let index = hiddenIndex[diagnostic.rule] {
                hidden[index].count += 1
            } else {
                hiddenIndex[diagnostic.rule] = hidden.count
                hidden.append((diagnostic.rule, diagnostic, 1))
            }
        }
        for cut in hidden {
            kept.append(Diagnostic(.note, cut.rule,
                                   "and \(cut.count) more '\(cut.rule)' finding\(cut.count == 1 ? "" : "s") in this file (the first \(perRuleLimit) are shown)",
                                   at: cut.first.location))
        }
        diagnostics = kept
    }
}

/// The lint findings of one or more files, ready to print.
public struct LintReport: Sendable {
    /// Findings per file, in the order the files were given.
    public var files: [LintedFile]
    /// IaC files of the folders given that held no APIM policy (not in `files`).
    public var skipped = 0

    public init(files: [LintedFile] = []) {
        self.files = files
    }

    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }
    public var errorCount: Int { files.reduce(0) { $0 + $1.errorCount } }
    public var warningCount: Int { files.reduce(0) { $0 + $1.warningCount } }
}

/// Output formats of `policycheck lint`. Text and JSON come in pieces (one file at a time, then
/// the totals) so that the CLI prints each file's findings as soon as it is linted.
public enum DiagnosticFormatter {
    /// Compiler-style text: the finding, the source line, a caret under the column.
    public static func text(_ report: LintReport, color: Bool = false) -> String {
        report.files.map { text($0, color: color) }.joined()
            + textTotals(errors: report.errorCount, warnings: report.warningCount, files: report.files.count, skipped: report.skipped)
    }

    /// One file's findings as text; a long line is quoted as a window around the column.
    public static func text(_ entry: LintedFile, color: Bool = false) -> String {
        var output = ""
        for diagnostic in entry.diagnostics {
            output += line(diagnostic, color: color) + "\n"
            if let file = entry.file, diagnostic.location.line >= 1, diagnostic.location.line <= file.lineCount {
                let excerpt = file.excerpt(line: diagnostic.location.line, column: diagnostic.location.column)
                output += excerpt.text + "\n"
                output += caret(under: excerpt.text, column: excerpt.column, color: color) + "\n"
            }
        }
        return output
    }

    /// The closing line of the text form.
    /// `skipped`: IaC files of the folders given that held no APIM policy (said only when some were).
    public static func textTotals(errors: Int, warnings: Int, files: Int, skipped: Int = 0) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")"
            + (skipped > 0 ? " (\(skipped) skipped: no API Management policy)" : "") + "\n"
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
        var output = jsonStart
        var first = true
        for entry in report.files { output += jsonItems(entry, first: &first) }
        return output + jsonEnd(files: report.files.count, errors: report.errorCount, warnings: report.warningCount, empty: first)
    }

    /// What the JSON form starts with; then `jsonItems` per file and `jsonEnd`.
    public static let jsonStart = "{\n  \"diagnostics\": ["

    /// One file's findings as members of the `diagnostics` array; `first` is true until one was written.
    public static func jsonItems(_ entry: LintedFile, first: inout Bool) -> String {
        var output = ""
        for diagnostic in entry.diagnostics {
            let item = JSONValue.object([
                ("file", .string(diagnostic.location.path)),
                ("line", .int(diagnostic.location.line)),
                ("column", .int(diagnostic.location.column)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("rule", .string(diagnostic.rule)),
                ("message", .string(diagnostic.message)),
            ])
            output += (first ? "\n    " : ",\n    ") + item.render(indent: 2)
            first = false
        }
        return output
    }

    /// Closes the array (`empty` when no finding was written) and adds the totals.
    public static func jsonEnd(files: Int, errors: Int, warnings: Int, empty: Bool, skipped: Int = 0) -> String {
        (empty ? "]" : "\n  ]") + ",\n  \"files\": \(files),\n  \"errors\": \(errors),\n  \"warnings\": \(warnings)"
            + (skipped > 0 ? ",\n  \"skipped\": \(skipped)" : "") + "\n}\n"
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
