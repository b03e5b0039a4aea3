import PolicySource

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): the runner
/// turns each into an annotation on the file and line in the pull request
/// (docs.github.com, "Workflow commands for GitHub Actions"). `lint --format github` and
/// `test --format github` print them.
public enum GitHubCommands {
    /// One command per finding: `error`, `warning` or `notice` (for notes).
    public static func lint(_ entry: LintedFile) -> String {
        entry.diagnostics.map { diagnostic in
            let kind = switch diagnostic.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
            return command(kind, file: diagnostic.location.path, line: diagnostic.location.line, column: diagnostic.location.column,
                           title: "policycheck \(diagnostic.rule)", message: diagnostic.message)
        }.joined()
    }

    /// The closing notice of `lint --format github`.
    public static func lintTotals(errors: Int, warnings: Int, files: Int, skipped: Int = 0) -> String {
        command("notice", title: "policycheck lint", message: String(DiagnosticFormatter.textTotals(errors: errors, warnings: warnings, files: files, skipped: skipped).dropLast()))
    }

    /// One command per scenario that did not pass (its failures and diff in the message, on the
    /// scenario file), then a notice with the totals.
    public static func test(_ report: GoldenTestReport) -> String {
        var out = ""
        for result in report.results where result.outcome != .passed {
            let what = result.outcome == .error ? "could not run" : "failed"
            out += command("error", file: result.scenarioPath, line: 1, title: "policycheck test: \(result.name) \(what)",
                           message: result.failureText.isEmpty ? what : String(result.failureText.reversed().drop { $0 == "\n" }.reversed()))
        }
        for problem in report.problems { out += command("error", title: "policycheck test", message: problem) }
        return out + command("notice", title: "policycheck test", message: report.summary)
    }

    /// `::KIND file=F,line=L,col=C,title=T::MESSAGE` with the escapes GitHub reads back.
    static func command(_ kind: String, file: String? = nil, line: Int? = nil, column: Int? = nil, title: String? = nil, message: String) -> String {
        var properties: [String] = []
        if let file { properties.append("file=" + property(file)) }
        if let line, line >= 1 { properties.append("line=\(line)") }
        if let column, column >= 1 { properties.append("col=\(column)") }
        if let title { properties.append("title=" + property(title)) }
        return "::\(kind)" + (properties.isEmpty ? "" : " " + properties.joined(separator: ",")) + "::" + data(message) + "\n"
    }

    /// A message: `%`, carriage return and line feed escaped.
    static func data(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A property value: also `:` and `,`, which end it.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
