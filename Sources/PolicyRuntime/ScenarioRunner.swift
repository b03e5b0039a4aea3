/// Runs a scenario against the simulated gateway.
public struct ScenarioRunner: Sendable {
    public init() {}

    /// Runs every request of the scenario and returns the trace. A scenario that cannot run (a
    /// policy that does not parse, a missing file) throws a `ScenarioError` naming file and line.
    public func run(_ scenario: Scenario) throws(ScenarioError) -> RunTrace {
        // Interim body until the interpreter lands: echoes the requests.
        RunTrace(scenario: scenario.name, requests: scenario.requests.map {
            RequestTrace(method: $0.method, url: $0.url, atMilliseconds: 0, response: TraceResponse(status: 200, reason: "OK"), elapsedMilliseconds: 0)
        })
    }
}
