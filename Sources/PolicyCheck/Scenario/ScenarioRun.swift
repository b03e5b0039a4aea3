import PolicyRuntime

/// `policycheck run`: one scenario read, run and checked, ready to print.
public struct ScenarioRun: Sendable {
    public var scenario: Scenario
    public var trace: RunTrace
    /// Failed `expect:` entries (empty when there is no `expect:` or everything held).
    public var expectationFailures: [String]

    public init(scenario: Scenario, trace: RunTrace, expectationFailures: [String]) {
        self.scenario = scenario
        self.trace = trace
        self.expectationFailures = expectationFailures
    }

    /// Reads the scenario at `path` (with `policy` replacing its `policy:` key when given), lets
    /// `adjust` apply command-line options (`--backends`, `--named-values`, `--fragments`), runs it
    /// and checks its expectations. A scenario that cannot be read or run throws (exit status 2).
    public static func run(path: String, policy: String? = nil, adjust: (inout Scenario) -> Void = { _ in },
                           runner: ScenarioRunFunction = simulatedGateway) throws(ScenarioError) -> ScenarioRun {
        var scenario = try ScenarioLoader.load(path: path, policy: policy)
        adjust(&scenario)
        let trace = try runner(scenario)
        let failures = ExpectationChecker.check(scenario, trace: trace) ?? []
        return ScenarioRun(scenario: scenario, trace: trace, expectationFailures: failures)
    }

    /// Reads, runs and checks the scenario like `run`, but hands the output to `write` piece by
    /// piece — the header, then each request as soon as it is simulated (its block at `full`, its
    /// line at `requests`, nothing at `summary`), then the summary and the expectations — so that
    /// memory does not grow with the number of requests (Docs/limits.md). `level` nil: `full` for a
    /// scenario of at most 50 requests, `requests` above. Returns the exit status (0 or 1). A
    /// scenario that cannot run throws; what was written before stays written.
    public static func stream(path: String, policy: String? = nil, service: ServiceSelection? = nil, environment: String? = nil, json: Bool,
                              level: TraceLevel? = nil, adjust: (inout Scenario) -> Void = { _ in },
                              write: (String) -> Void, report: ((String) -> Void)? = nil) throws(ScenarioError) -> Int32 {
        var scenario = try ScenarioLoader.load(path: path, policy: policy, service: service, environment: environment)
        adjust(&scenario)
        let total = scenario.requests.reduce(0) { $0 + max(0, $1.repeatCount) }
        let level = level ?? TraceLevel.default(forRequests: total)
        if level == .full, total > TraceLevel.maximumFullRequests {
            throw ScenarioError("the scenario sends \(total) requests; '--trace full' prints at most \(TraceLevel.maximumFullRequests) (each request's block is kilobytes): use --trace requests or --trace summary",
                                at: scenario.requests.first?.location)
        }
        let program = try PolicyProgram.load(scenario)
        var checks = ScenarioChecks(scenario)
        var summary = RunSummary(backends: program.backends)
        var htmlReport = report.map { _ in RunReport(scenario: scenario.name, file: scenario.file, total: total) }
        var number = 0
        var first = true
        if json {
            write(TraceFormatter.jsonStart(scenario: scenario.name))
        } else {
            write(TraceFormatter.textHeader(scenario: scenario.name, warnings: program.warnings))
        }
        var runner = ScenarioRunner(detail: level.detail(for: scenario))
        if report != nil { runner.fullDetailFirst = RunReport.maximumRows }
        try runner.run(scenario, program: program) { request in
            number += 1
            checks.add(request)
            summary.add(request)
            htmlReport?.add(request, number: number)
            switch (level, json) {
            case (.full, false): write(TraceFormatter.text(request, number: number, of: total))
            case (.full, true): write(TraceFormatter.jsonRequest(request, first: &first))
            case (.requests, false): write(TraceFormatter.requestLine(request))
            case (.requests, true): write(TraceFormatter.jsonRequestLine(request, first: &first))
            case (.summary, _): break
            }
        }
        let failures = checks.failures
        if let report, let htmlReport {
            report(HTMLReport.run(htmlReport, summary: summary, warnings: program.warnings, expectationFailures: failures))
        }
        if json {
            write(TraceFormatter.jsonEnd(warnings: program.warnings, expectationFailures: failures, empty: first, summary: summary))
        } else {
            write(SummaryFormatter.text(summary))
            if let failures { write(expectationsText(failures)) }
        }
        return (failures ?? []).isEmpty ? 0 : 1
    }

    /// The closing lines of the text form when the scenario has `expect:`.
    static func expectationsText(_ failures: [String]) -> String {
        var out = "\n"
        if failures.isEmpty {
            out += "expectations: passed\n"
        } else {
            out += "expectations: \(failures.count) failed\n"
            for failure in failures { out += "  \(TraceFormatter.oneLine(failure))\n" }
        }
        return out
    }

    /// 0 when every expectation held, 1 otherwise.
    public var exitStatus: Int32 { expectationFailures.isEmpty ? 0 : 1 }

    /// The text trace, then — when the scenario has `expect:` — `expectations: passed` or
    /// `expectations: N failed` with one line per failure.
    public var text: String {
        TraceFormatter.text(trace) + (scenario.hasExpectations ? Self.expectationsText(expectationFailures) : "")
    }

    /// The JSON trace; with `expect:`, an `expectations` member is added.
    public var json: String {
        TraceFormatter.jsonText(trace, expectationFailures: scenario.hasExpectations ? expectationFailures : nil)
    }
}
