import PolicyRuntime

/// Checks a scenario's `expect:` against what the run did.
public enum ExpectationChecker {
    /// The failed expectations, one message each (empty when everything holds), e.g.
    /// `expected status 200, got 503` or `expected backends [a, a, b], got [a, b]`.
    ///
    /// - `status`, `headers`, `bodyContains`, `variables` look at the LAST request's response.
    /// - `statuses` lists every response's status in order; `backends` every backend attempt's
    ///   backend over the whole scenario, in order.
    /// - Header names match case-insensitively; a header sent twice matches either value.
    /// - A variable matches its printed value exactly, or — for a string printed in quotes — its
    ///   text without the quotes.
    public static func check(_ expectation: ScenarioExpectation, trace: RunTrace) -> [String] {
        var tally = ExpectationTally(expectation)
        for request in trace.requests { tally.add(request) }
        return check(expectation, tally: tally)
    }

    /// The same check over what a streaming run kept (`ExpectationTally`).
    public static func check(_ expectation: ScenarioExpectation, tally: ExpectationTally) -> [String] {
        var failures: [String] = []
        let last = tally.last
        let needsLast = expectation.status != nil || expectation.headers != nil || expectation.bodyContains != nil || expectation.variables != nil
        if needsLast && last == nil {
            failures.append("expected a response, but the scenario sent no requests")
        }
        if let status = expectation.status, let last, last.response.status != status {
            failures.append("expected status \(status), got \(last.response.status)")
        }
        if let statuses = expectation.statuses {
            let actual = tally.statuses
            if actual != statuses {
                failures.append("expected statuses \(list(statuses.map(String.init))), got \(list(actual.map(String.init)))")
            }
        }
        if let backends = expectation.backends {
            let actual = tally.backends
            if actual != backends {
                failures.append("expected backends \(list(backends)), got \(list(actual))")
            }
        }
        if let headers = expectation.headers, let last {
            for name in headers.keys.sorted() {
                let expected = headers[name] ?? ""
                let values = last.response.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
                if values.isEmpty {
                    failures.append("expected header \(name): \(expected), but the response has no header '\(name)'")
                } else if !values.contains(expected) {
                    failures.append("expected header \(name): \(expected), got \(values.joined(separator: ", "))")
                }
            }
        }
        if let text = expectation.bodyContains, let last {
            let body = last.response.body ?? ""
            if !body.contains(text) {
                failures.append("expected the body to contain '\(text)', got \(body.isEmpty ? "an empty body" : "'\(shortened(body))'")")
            }
        }
        if let variables = expectation.variables, let last {
            for name in variables.keys.sorted() {
                let expected = variables[name] ?? ""
                guard let actual = last.variables.first(where: { $0.name == name })?.value else {
                    failures.append("expected variable '\(name)' to be \(expected), but it is not set")
                    continue
                }
                if actual != expected && unquoted(actual) != expected {
                    failures.append("expected variable '\(name)' to be \(expected), got \(actual)")
                }
            }
        }
        return failures
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    private static func shortened(_ text: String) -> String {
        let oneLine = TraceFormatter.oneLine(text)
        return oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine
    }

    private static func unquoted(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        return String(text.dropFirst().dropLast())
    }
}

/// What `expect:` needs of a run, gathered one request at a time so that a streaming run keeps
/// the last request's trace and, only when asked for, every status and backend — not every trace.
public struct ExpectationTally: Sendable {
    public private(set) var last: RequestTrace?
    public private(set) var statuses: [Int] = []
    public private(set) var backends: [String] = []
    private let keepsStatuses: Bool
    private let keepsBackends: Bool

    public init(_ expectation: ScenarioExpectation) {
        keepsStatuses = expectation.statuses != nil
        keepsBackends = expectation.backends != nil
    }

    public mutating func add(_ request: RequestTrace) {
        last = request
        if keepsStatuses { statuses.append(request.response.status) }
        if keepsBackends { backends += request.attempts.map(\.backend) }
    }
}

/// Every expectation of a scenario — each request's own `expect:` and the scenario-wide one —
/// checked as the run hands over request traces, keeping no more than `ExpectationTally` does.
public struct ScenarioChecks: Sendable {
    private let expectation: ScenarioExpectation?
    private var tally: ExpectationTally?
    private var requests: RequestExpectationChecker?
    private let expectsAnything: Bool

    public init(_ scenario: Scenario) {
        expectation = scenario.expect
        tally = scenario.expect.map(ExpectationTally.init)
        requests = scenario.requests.contains { $0.expect != nil } ? RequestExpectationChecker(scenario) : nil
        expectsAnything = scenario.hasExpectations
    }

    public mutating func add(_ request: RequestTrace) {
        tally?.add(request)
        requests?.add(request)
    }

    /// The failed expectations — the requests' in request order, then the scenario's — or nil
    /// when the scenario expects nothing.
    public var failures: [String]? {
        guard expectsAnything else { return nil }
        var failures = requests?.failures ?? []
        if let expectation, let tally { failures += ExpectationChecker.check(expectation, tally: tally) }
        return failures
    }
}

extension ExpectationChecker {
    /// Every expectation of `scenario` against its trace; nil when the scenario expects nothing.
    public static func check(_ scenario: Scenario, trace: RunTrace) -> [String]? {
        var checks = ScenarioChecks(scenario)
        for request in trace.requests { checks.add(request) }
        return checks.failures
    }
}
