import PolicyRuntime

/// How much of a run `run` prints (`--trace`; Docs/run-output.md, "Trace levels").
public enum TraceLevel: String, Sendable, CaseIterable {
    /// Every request's block: events, attempts with headers, response, LastError, variables.
    case full
    /// One line per request: time, method, path, backends called, status, latency.
    case requests
    /// Only the summary.
    case summary

    /// Up to this many requests the default is `full`; above it `requests`.
    public static let fullByDefaultUpTo = 50
    /// `full` is refused above this many requests (the trace alone would be gigabytes):
    /// `requests` or `summary` stream any count in the same memory.
    public static let maximumFullRequests = 1_000_000

    /// The level when `--trace` is not given: `full` for a scenario of at most 50 requests.
    public static func `default`(forRequests total: Int) -> TraceLevel {
        total <= fullByDefaultUpTo ? .full : .requests
    }

    /// How much the simulation records per request: everything at `full`, and whenever an
    /// expectation may look at headers, bodies or variables; otherwise only the decisions.
    func detail(for scenario: Scenario) -> TraceDetail {
        self == .full || scenario.hasExpectations ? .full : .summary
    }
}
