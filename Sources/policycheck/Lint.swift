import ArgumentParser
import PolicyCheck
import PolicySource

/// `policycheck lint [options] PATH...`
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check policy documents against the APIM policy catalog.",
        discussion: "PATH: policy files, Bicep (.bicep), Terraform (.tf) or ARM template (.json) files whose APIM policy resources are linted at the IaC file's own lines (Docs/iac.md), or folders searched recursively for all of these (an IaC file without a policy is skipped). A folder that is (or holds) an APIOps artifacts folder is linted as one service: every scope and fragment in its scope, with the tree's fragments, named values and backends. Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the files could not be checked."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github
    }

    @Option(help: "Output format: text, json, sarif, or github (GitHub Actions workflow commands: ::error/::warning annotations at each finding's file, line and column).")
    var format: Format = .text

    @OptionGroup var common: CommonOptions

    @OptionGroup var environment: EnvironmentOption

    @Option(name: .customLong("token-pattern"), help: ArgumentHelp("A regular expression for tokens a release pipeline substitutes (repeatable); each match in a policy is an unknown value, never a false error. Default for Bicep, Terraform and ARM files: __NAME__ and #{name}#. Given, it applies to .xml files too.", valueName: "REGEX"))
    var tokenPatterns: [String] = []

    @Argument(help: "Policy files or folders.")
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one policy file or folder") }
        for pattern in tokenPatterns where (try? Regex(pattern)) == nil {
            throw ValidationError("--token-pattern '\(pattern)' is not a valid regular expression")
        }
    }

    func run() throws {
        try Self.lint(LintSession(paths: paths, namedValuesPath: common.namedValues, fragmentsPath: common.fragments,
                                  backendsPath: common.backends, environmentPath: environment.environment,
                                  tokenPatterns: tokenPatterns.isEmpty ? nil : tokenPatterns), format: format, color: common.useColor)
    }

    /// Lints and prints the report, each file's findings as soon as it is linted (SARIF, whose
    /// rule table comes first, is printed at the end); throws `Exit.findings` when there are errors.
    static func lint(_ session: LintSession, format: Format, color: Bool) throws(ExitCode) {
        var files = 0
        var errors = 0
        var warnings = 0
        var skipped = 0
        var sarifReport = LintReport()
        var first = true
        if format == .json { emit(DiagnosticFormatter.jsonStart) }
        do {
            skipped = try session.run { entry in
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
        case .text: emit(DiagnosticFormatter.textTotals(errors: errors, warnings: warnings, files: files, skipped: skipped))
        case .json: emit(DiagnosticFormatter.jsonEnd(files: files, errors: errors, warnings: warnings, empty: first, skipped: skipped))
        case .sarif: emit(DiagnosticFormatter.sarif(sarifReport, rules: LintRule.all + LintRule.expressionRules + IaCLint.rules, version: PolicyCheckVersion.current))
        case .github: emit(GitHubCommands.lintTotals(errors: errors, warnings: warnings, files: files, skipped: skipped))
        }
        if errors > 0 { throw Exit.findings }
    }
}
