import ArgumentParser
import PolicyCheck
import PolicySource

/// `policycheck lint [options] PATH...`
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check policy documents against the APIM policy catalog.",
        discussion: "PATH: policy files, or folders searched recursively for *.xml. Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the files could not be checked."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Option(help: "Output format: text, json or sarif.")
    var format: Format = .text

    @OptionGroup var common: CommonOptions

    @Argument(help: "Policy files or folders.")
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one policy file or folder") }
    }

    func run() throws {
        let report: LintReport
        do {
            report = try LintSession(
                paths: paths, namedValuesPath: common.namedValues, fragmentsPath: common.fragments,
                backendsPath: common.backends
            ).run()
        } catch {
            throw fail(error.description)
        }
        switch format {
        case .text: emit(DiagnosticFormatter.text(report, color: common.useColor))
        case .json: emit(DiagnosticFormatter.json(report))
        case .sarif: emit(DiagnosticFormatter.sarif(report, rules: LintRule.all + LintRule.expressionRules, version: PolicyCheckVersion.current))
        }
        if report.errorCount > 0 { throw Exit.findings }
    }
}
