import ArgumentParser
import PolicyCheck
import PolicySource

/// `policycheck lint [options] PATH...`
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check policy documents against the APIM policy catalog.",
        discussion: "PATH: policy files, or folders searched recursively for *.xml. A folder that is (or holds) an APIOps artifacts folder is linted as one service: every scope and fragment in its scope, with the tree's fragments, named values and backends. Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the files could not be checked."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github
    }

    @Option(help: "Output format: text, json, sarif, or github (GitHub Actions workflow commands: ::error/::warning annotations at each finding's file, line and column).")
    var format: Format = .text

    @OptionGroup var common: CommonOptions

    @OptionGroup var environment: EnvironmentOption

    @Argument(help: "Policy files or folders.")
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one policy file or folder") }
    }

    func run() throws {
        try Self.lint(LintSession(paths: paths, namedValuesPath: common.namedValues, fragmentsPath: common.fragments,
                                  backendsPath: common.backends, environmentPath: environment.environment), format: format, color: common.useColor)
    }

    /// Lints and prints the report, each file's findings as soon as it is linted (SARIF, whose
    /// rule table comes first, is printed at the end); throws `Exit.findings` when there are errors.
    static func lint(_ session: LintSession, format: Format, color: Bool) throws(ExitCode) {
        var files = 0
        var errors = 0
        var warnings = 0
        var sarifReport = LintReport()
        var first = true
        if format == .json { emit(DiagnosticFormatter.jsonStart) }
        do {
            try session.run { entry in
                files += 1
                errors += entry.errorCount
                warnings += entry.warningCount
                switch format {
                case .text: emit(DiagnosticFormatter.text(entry, color: color))
                case .json: emit(DiagnosticFormatter.jsonItems(entry, first: &first))
                case .sarif: sarifReport.files.append(LintedFile(file: nil, path: entry.path, diagnostics: entry.diagnostics))
                case .github: emit(GitHubCommands.lint(entry))
                }
            }
        } catch {
            if format == .json { emit("\n") }
            throw fail(error.description)
        }
        switch format {
        case .text: emit(DiagnosticFormatter.textTotals(errors: errors, warnings: warnings, files: files))
        case .json: emit(DiagnosticFormatter.jsonEnd(files: files, errors: errors, warnings: warnings, empty: first))
        case .sarif: emit(DiagnosticFormatter.sarif(sarifReport, rules: LintRule.all + LintRule.expressionRules, version: PolicyCheckVersion.current))
        case .github: emit(GitHubCommands.lintTotals(errors: errors, warnings: warnings, files: files))
        }
        if errors > 0 { throw Exit.findings }
    }
}
