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
        let failures = scenario.expect.map { ExpectationChecker.check($0, trace: trace) } ?? []
        return ScenarioRun(scenario: scenario, trace: trace, expectationFailures: failures)
    }

    /// 0 when every expectation held, 1 otherwise.
    public var exitStatus: Int32 { expectationFailures.isEmpty ? 0 : 1 }

    /// The text trace, then — when the scenario has `expect:` — `expectations: passed` or
    /// `expectations: N failed` with one line per failure.
    public var text: String {
        var out = TraceFormatter.text(trace)
        if scenario.expect != nil {
            out += "\n"
            if expectationFailures.isEmpty {
                out += "expectations: passed\n"
            } else {
                out += "expectations: \(expectationFailures.count) failed\n"
                for failure in expectationFailures { out += "  \(TraceFormatter.oneLine(failure))\n" }
            }
        }
        return out
    }

    /// The JSON trace; with `expect:`, an `expectations` member is added.
    public var json: String {
        TraceFormatter.jsonText(trace, expectationFailures: scenario.expect == nil ? nil : expectationFailures)
    }
}
