import ArgumentParser
import Foundation
import PolicyCheck
import PolicyRuntime
import PolicySource

/// `policycheck run POLICY --scenario FILE [options]`
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a policy against a scenario on the simulated gateway and print the trace.",
        discussion: "Exit status: 0 the scenario ran (and its expectations held), 1 an expectation failed, 2 the scenario could not run."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The policy document (the narrowest scope). Overrides the scenario's `policy:`.")
    var policy: String?

    @Option(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("trace"), help: ArgumentHelp(
        "How much to print: full (every request's events, attempts and response), requests (one line per request), or summary (the summary only). Default: full for a scenario of at most \(TraceLevel.fullByDefaultUpTo) requests, requests above. Every level ends with the summary.",
        valueName: "full|requests|summary"))
    var traceLevel: TraceLevel?

    @Option(help: ArgumentHelp("Also write a self-contained HTML report (timeline per backend, pool shares, statuses, latency, circuits, the requests expandable into their trace) to this file. It is written once the run has finished; a run that fails leaves no file.", valueName: "FILE.html"))
    var report: String?

    @OptionGroup var common: CommonOptions

    @Option(help: "Run through an APIOps tree (replaces the scenario's policy:, scopes: and service:): requests are routed to the API and operation by path and method, unless --api/--operation name them.")
    var service: String?

    @Option(help: "With --service: the API (folder name).")
    var api: String?

    @Option(help: "With --service and --api: the operation.")
    var operation: String?

    @Option(help: "With --service: the product whose scope applies.")
    var product: String?

    @OptionGroup var environment: EnvironmentOption

    func validate() throws {
        if service == nil, api != nil || operation != nil || product != nil {
            throw ValidationError("--api, --operation and --product need --service DIR")
        }
        if service != nil, policy != nil { throw ValidationError("give either a POLICY or --service DIR, not both") }
    }

    func run() throws {
        var namedValues: [String: String] = [:]
        do {
            if let path = common.namedValues { namedValues = try InputFiles.namedValues(path) }
        } catch {
            throw fail(error.description)
        }
        let backends = common.backends
        let fragments = common.fragments
        if let report {
            do { try FileWriting.checkReportTarget(report, what: "HTML report") } catch { throw fail(error.message) }
        }
        var html: String?
        let status: Int32
        let output = BufferedOutput()
        defer { output.flush() }
        do {
            let selection = service.map { ServiceSelection(path: $0, api: api, operation: operation, product: product, environment: environment.environment) }
            status = try ScenarioRun.stream(path: scenario, policy: policy, service: selection, environment: environment.environment, json: format == .json, level: traceLevel, adjust: { scenario in
                if let backends { scenario.backends = .file(backends) }
                if let fragments { scenario.fragments = fragments }
                scenario.namedValues.merge(namedValues) { _, new in new }
            }, write: output.write, report: report.map { _ in { html = $0 } })
        } catch {
            output.flush()
            throw fail(error.description)
        }
        if let report, let html {
            output.flush()
            do { try FileWriting.writeReport(html, to: report, what: "HTML report") } catch { throw fail(error.message) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

extension TraceLevel: ExpressibleByArgument {}

/// `policycheck test [PATH...] [--update] [--junit FILE] [--filter TEXT]`
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every *.scenario.yaml below PATH and compare its trace with <name>.golden.",
        discussion: "Exit status: 0 all passed, 1 a trace differed or an expectation failed, 2 nothing could be run."
    )

    @Argument(help: "Folders or scenario files (default: the current folder).")
    var paths: [String] = []

    @Flag(help: "Write the golden files instead of comparing.")
    var update = false

    @Option(help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Option(help: ArgumentHelp("Also write a self-contained HTML report: one section per scenario (pass/fail first, golden diffs, timeline, statuses, latency, requests), and the coverage table with --coverage.", valueName: "FILE.html"))
    var report: String?

    @Option(help: "Only scenarios whose name or path contains this text.")
    var filter: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    enum TestFormat: String, ExpressibleByArgument, CaseIterable {
        case text, github
    }

    @Option(help: "Report format: text, or github (GitHub Actions workflow commands: an ::error annotation on each failing scenario file, then a ::notice with the totals).")
    var format: TestFormat = .text

    @OptionGroup var environment: EnvironmentOption

    @Flag(help: "Report which policies and choose branches the scenarios ran, per policy document.")
    var coverage = false

    enum CoverageFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .customLong("coverage-format"), help: "Coverage report format: text or json (json goes to stdout and moves the test report to stderr).")
    var coverageFormat: CoverageFormat = .text

    @Option(name: .customLong("coverage-output"), help: "Write the coverage report to this file instead of stdout. Implies --coverage.")
    var coverageOutput: String?

    @Option(name: .customLong("coverage-min"), help: "Fail (exit 1) when coverage is below this percentage (0-100). Implies --coverage.")
    var coverageMin: Double?

    func validate() throws {
        if let coverageMin, !(coverageMin >= 0 && coverageMin <= 100) {
            throw ValidationError("--coverage-min must be a percentage from 0 to 100, not \(coverageMin)")
        }
    }

    func run() throws {
        if let report {
            do { try FileWriting.checkReportTarget(report, what: "HTML report") } catch { throw fail(error.message) }
        }
        let recordsCoverage = coverage || coverageMin != nil || coverageOutput != nil
        var runner = GoldenTestRunner(run: recordsCoverage ? simulatedGatewayRecordingCoverage : simulatedGateway)
        runner.environment = environment.environment
        let report = runner.run(paths: paths, update: update, filter: filter)
        let reportText = format == .github ? GitHubCommands.test(report) : report.text
        var status = report.exitStatus
        if recordsCoverage {
            let merged = report.coverage ?? PolicyCoverage()
            let rendered = coverageFormat == .json
                ? CoverageFormatter.jsonText(merged, minimum: coverageMin)
                : CoverageFormatter.text(merged, minimum: coverageMin)
            let failure = coverageMin.flatMap { CoverageFormatter.minimumFailure(merged, minimum: $0) }
            if let coverageOutput {
                do {
                    try FileWriting.writeReport(rendered, to: coverageOutput, what: "coverage report")
                } catch {
                    throw fail(error.message)
                }
                var summary = "coverage: \(CoverageFormatter.percentText(covered: merged.covered, total: merged.total)) "
                    + "(\(merged.covered) of \(merged.total) policies and branches), written to \(coverageOutput)\n"
                if let failure { summary += "error: \(failure)\n" }
                emit(reportText + summary)
            } else if coverageFormat == .json {
                StandardStreams.err(reportText + (failure.map { "error: \($0)\n" } ?? ""))
                emit(rendered)
            } else {
                emit(reportText + "\n" + rendered)
            }
            if failure != nil, status == 0 { status = 1 }
        } else {
            emit(reportText)
        }
        if let path = self.report {
            do {
                try FileWriting.writeReport(GoldenTestReport.html(report, coverage: recordsCoverage ? (report.coverage ?? PolicyCoverage()) : nil), to: path, what: "HTML report")
            } catch {
                throw fail(error.message)
            }
        }
        if let junit {
            do {
                try FileWriting.writeReport(report.junitXML(), to: junit, what: "JUnit report")
            } catch {
                throw fail(error.message)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
