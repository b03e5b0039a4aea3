import Foundation
import PolicyRuntime

/// What a `TestScenario` did (Docs/swift-api.md): the responses, backend attempts, events,
/// variables and `context.LastError`, with shortcuts for the last request — the one most tests
/// look at. Every request's full trace is in `requests`.
public struct TestRun: Sendable {
    /// The scenario that ran.
    public let scenario: Scenario
    /// The whole trace, as `policycheck run` prints it.
    public let trace: RunTrace
    /// The last request's trace.
    public let last: RequestTrace

    init(scenario: Scenario, trace: RunTrace) throws(ScenarioError) {
        guard let last = trace.requests.last else { throw ScenarioError("the scenario sent no request") }
        self.scenario = scenario
        self.trace = trace
        self.last = last
    }

    /// One trace per request sent (`repeat` sends several).
    public var requests: [RequestTrace] { trace.requests }

    // MARK: The last response

    /// The response the caller got for the last request.
    public var response: TraceResponse { last.response }
    /// Its status code.
    public var status: Int { last.response.status }
    /// Its body; nil when there is none.
    public var body: String? { last.response.body }
    /// A header of the last response (name case-insensitive; a header sent twice gives its values
    /// joined with `", "`); nil when absent.
    public func header(_ name: String) -> String? { last.response.header(name) }

    /// The status of every response, in order.
    public var statuses: [Int] { trace.requests.map(\.response.status) }

    // MARK: What happened

    /// Every backend call of every request, in order (each retry is one).
    public var attempts: [BackendAttempt] { trace.requests.flatMap(\.attempts) }
    /// The backend of every attempt, in order (what `expect.backends` checks).
    public var backendCalls: [String] { attempts.map(\.backend) }
    /// Every event of every request, in order.
    public var events: [TraceEvent] { trace.requests.flatMap(\.events) }
    /// The events of one kind (`.trace`, `.warning`, `.error`, …) of every request.
    public func events(_ kind: TraceEvent.Kind) -> [TraceEvent] { events.filter { $0.kind == kind } }
    /// `context.LastError` as the last request ended.
    public var lastError: TraceLastError? { last.lastError }
    /// Variables after the last request, name → value as the trace prints it (.NET `ToString()`,
    /// strings in quotes: `"abc"`).
    public var variables: [String: String] { last.variableValues }
    /// One variable after the last request, as the trace prints it; nil when not set.
    public func variable(_ name: String) -> String? { last.variable(name) }
    /// Scenario-wide warnings (backend file findings, …).
    public var warnings: [String] { trace.warnings }
    /// Which policies and branches ran, when the scenario ran with `recordingCoverage: true`.
    public var coverage: PolicyCoverage? { trace.coverage }

    /// Failed `expect:` entries of a scenario that has them (YAML `expect:` or `configured { $0.expect = … }`).
    public var expectationFailures: [String] {
        ExpectationChecker.check(scenario, trace: trace) ?? []
    }

    // MARK: Renderings

    /// The text trace, exactly as `policycheck run` prints it and golden files hold it (files of
    /// scopes and fragments relative to the scenario file's folder, as `policycheck test` prints them).
    public var text: String { TraceFormatter.text(trace, pathBase: Self.folder(of: scenario.file)) }
    /// The JSON trace, as `policycheck run --format json` prints it.
    public var json: String { TraceFormatter.jsonText(trace) }

    static func folder(of file: String) -> String {
        (file as NSString).deletingLastPathComponent
    }
}

extension TraceResponse {
    /// A header by name, case-insensitive; values of a header sent twice are joined with `", "`.
    public func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}

extension RequestTrace {
    /// Variables at the end of this request, name → value as printed (strings quoted).
    public var variableValues: [String: String] {
        var result: [String: String] = [:]
        for variable in variables { result[variable.name] = variable.value }
        return result
    }

    /// One variable at the end of this request, as printed; nil when not set.
    public func variable(_ name: String) -> String? {
        variables.first { $0.name == name }?.value
    }
}
