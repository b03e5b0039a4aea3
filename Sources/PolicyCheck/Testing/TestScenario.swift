import Foundation
import PolicyBackends
import PolicyRuntime
import PolicySource

/// A scenario for Swift test authors (Docs/swift-api.md): built in code around a `TestPolicy`, or
/// read from a `*.scenario.yaml` file. Every builder method returns a changed copy, so a test reads
/// top to bottom:
///
/// ```swift
/// let run = try TestScenario(policy: policy)
///     .backends(yaml: #"backend1: { url: "https://one.example" }"#)
///     .responses("backend1", .status(429), .status(200, body: "{}"))
///     .request("POST", "https://apim.example/api/chat", body: "{}")
///     .run()
/// ```
public struct TestScenario: Sendable {
    /// The scenario as the simulator sees it; change anything through `configured { … }`.
    public private(set) var scenario: Scenario
    /// The policy documents for a scenario built in code; nil for one read from a file (its
    /// documents are read when it runs).
    private var program: PolicyProgram?
    /// Backends given in code; read when the scenario runs.
    private var backendsResult: BackendLoadResult?

    /// A scenario built in code around `policy`.
    public init(_ name: String = "test", policy: TestPolicy) {
        scenario = Scenario(name: name, file: "\(name).scenario.yaml", policy: policy.program.scopes.last?.document.file.path ?? "policy.xml")
        program = policy.program
    }

    /// Reads a scenario file. A relative path is taken from the current folder, or from the folder
    /// of `relativeTo` (pass `#filePath` to name a file beside the test).
    public static func load(_ path: String, relativeTo file: String? = nil) throws(ScenarioError) -> TestScenario {
        TestScenario(scenario: try ScenarioLoader.load(path: TestPolicy.resolve(path, relativeTo: file)))
    }

    /// Reads a scenario from YAML text; its relative paths are taken from the folder of `path`.
    public init(yaml: String, path: String = "test.scenario.yaml") throws(ScenarioError) {
        self.init(scenario: try ScenarioLoader.load(SourceFile(path: path, text: yaml)))
    }

    /// Wraps a `Scenario` built by hand (its documents are read from its paths when it runs).
    public init(scenario: Scenario) {
        self.scenario = scenario
    }

    // MARK: Building

    /// Adds a request. `after` is virtual time before it (at most 24 hours); `repeat` sends it that
    /// many times. Headers keep their order and case.
    public func request(_ method: String, _ url: String, headers: KeyValuePairs<String, String> = [:], body: String? = nil,
                        after: Duration = .zero, repeat count: Int = 1, file: String = #filePath, line: Int = #line) -> TestScenario {
        var copy = self
        copy.scenario.requests.append(ScenarioRequest(
            method: method, url: url, headers: headers.map { (name: $0.key, value: $0.value) }, body: body,
            afterMilliseconds: Self.milliseconds(after), repeatCount: count,
            location: SourceLocation(path: file, line: line, column: 1)))
        return copy
    }

    /// Adds a GET request (see `request(_:_:headers:body:after:repeat:)`).
    public func get(_ url: String, headers: KeyValuePairs<String, String> = [:], after: Duration = .zero, repeat count: Int = 1,
                    file: String = #filePath, line: Int = #line) -> TestScenario {
        request("GET", url, headers: headers, after: after, repeat: count, file: file, line: line)
    }

    /// Sets what a backend (by id, or the host of a `base-url`) answers, in order; the last answer repeats.
    public func responses(_ backend: String, _ answers: ScriptedResponse...) -> TestScenario {
        responses(backend, answers)
    }

    /// Sets what a backend answers, in order; the last answer repeats.
    public func responses(_ backend: String, _ answers: [ScriptedResponse]) -> TestScenario {
        var copy = self
        copy.scenario.responses[backend] = answers
        return copy
    }

    /// Backends as YAML text in ARM property shape, like the scenario key `backends:` written inline:
    /// `backend1: { url: "https://one.example" }`. Errors throw when the scenario runs.
    public func backends(yaml: String) -> TestScenario {
        var copy = self
        do {
            let map = try ConfigValue.parseYAML(SourceFile(path: "backends.yaml", text: yaml))
            copy.backendsResult = BackendLoader.load(inline: map)
        } catch {
            copy.backendsResult = BackendLoadResult(catalog: BackendCatalog(), diagnostics: [
                Diagnostic(.error, "backend-yaml", error.message, at: error.location ?? SourceLocation(path: "backends.yaml", line: 1, column: 1)),
            ])
        }
        return copy
    }

    /// Backends from a Bicep, ARM JSON or YAML file.
    public func backends(file path: String, relativeTo file: String? = nil) -> TestScenario {
        var copy = self
        copy.backendsResult = nil
        copy.scenario.backends = .file(TestPolicy.resolve(path, relativeTo: file))
        return copy
    }

    /// Any other setting: `.configured { $0.seed = 7; $0.jitter = false; $0.context.ipAddress = "10.0.0.1" }`.
    public func configured(_ change: (inout Scenario) -> Void) -> TestScenario {
        var copy = self
        change(&copy.scenario)
        return copy
    }

    // MARK: Running

    /// Runs the scenario on the simulated gateway. `recordingCoverage` fills `TestRun.coverage`.
    /// A scenario that cannot run (no request, a document with markup errors, backends with
    /// errors, a bad URL) throws a `ScenarioError`.
    public func run(recordingCoverage: Bool = false) throws(ScenarioError) -> TestRun {
        try validate()
        let runner = ScenarioRunner(recordsCoverage: recordingCoverage)
        var program: PolicyProgram
        if let inCode = self.program {
            program = inCode
        } else {
            program = try PolicyProgram.load(scenario)
        }
        if let backendsResult {
            let (catalog, warnings) = try PolicyProgram.backends(checking: backendsResult)
            program.backends = catalog
            program.warnings += warnings
        } else if self.program != nil, let source = scenario.backends {
            program.backends = try PolicyProgram.backends(from: source).catalog
        }
        if self.program != nil { program.namedValues.merge(scenario.namedValues) { _, new in new } }
        let trace = try runner.run(scenario, program: program)
        return try TestRun(scenario: scenario, trace: trace)
    }

    /// The limits a scenario file has (Docs/scenarios.md, "Bounds").
    private func validate() throws(ScenarioError) {
        guard !scenario.requests.isEmpty else {
            throw ScenarioError("the scenario has no request; add one with .request(\"GET\", \"https://…\")")
        }
        guard scenario.requests.count <= ScenarioLoader.maximumRequestEntries else {
            throw ScenarioError("the scenario has \(scenario.requests.count) requests; at most \(ScenarioLoader.maximumRequestEntries) are allowed (use repeat:)")
        }
        var total = 0
        for request in scenario.requests {
            guard request.repeatCount >= 1, request.repeatCount <= ScenarioLoader.maximumRepeat else {
                throw ScenarioError("'repeat' must be from 1 to \(ScenarioLoader.maximumRepeat), not \(request.repeatCount)", at: request.location)
            }
            guard request.afterMilliseconds >= 0, request.afterMilliseconds <= Self.day else {
                throw ScenarioError("'after' must be from 0 to 24h, not \(request.afterMilliseconds)ms", at: request.location)
            }
            total += request.repeatCount
        }
        guard total <= ScenarioLoader.maximumTotalRequests else {
            throw ScenarioError("the scenario sends \(total) requests; at most \(ScenarioLoader.maximumTotalRequests) are allowed")
        }
        for (backend, answers) in scenario.responses {
            guard answers.count <= ScenarioLoader.maximumResponsesPerBackend else {
                throw ScenarioError("'\(backend)' has \(answers.count) responses; at most \(ScenarioLoader.maximumResponsesPerBackend) are allowed")
            }
            for answer in answers where !(100...599).contains(answer.status) || answer.latencyMilliseconds < 0 || answer.latencyMilliseconds > Self.day {
                throw ScenarioError("a response of '\(backend)' needs a status from 100 to 599 and a latency from 0 to 24h", at: answer.location)
            }
        }
    }

    static let day: Int64 = 86_400_000

    /// Whole milliseconds of a duration (fractions dropped); out-of-range values are kept out of
    /// range so that `validate` reports them.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard let scaled = seconds.multipliedChecked(by: 1000) else { return seconds < 0 ? -1 : .max }
        return scaled.addingChecked(attoseconds / 1_000_000_000_000_000) ?? .max
    }
}

extension ScriptedResponse {
    /// A backend answer: status (default 200), headers in order, body and virtual latency.
    public static func status(_ status: Int = 200, reason: String? = nil, headers: KeyValuePairs<String, String> = [:], body: String? = nil,
                              latency: Duration = .zero, file: String = #filePath, line: Int = #line) -> ScriptedResponse {
        ScriptedResponse(
            status: status, reason: reason, headers: headers.map { ScriptedHeader(name: $0.key, value: $0.value) }, body: body,
            latencyMilliseconds: TestScenario.milliseconds(latency), location: SourceLocation(path: file, line: line, column: 1))
    }

    /// A failed backend call: `.timeout` (no answer within the timeout) or `.connection` (refused
    /// or reset), after `latency` of virtual time.
    public static func failure(_ failure: Failure, latency: Duration = .zero, file: String = #filePath, line: Int = #line) -> ScriptedResponse {
        ScriptedResponse(latencyMilliseconds: TestScenario.milliseconds(latency), failure: failure,
                         location: SourceLocation(path: file, line: line, column: 1))
    }
}
