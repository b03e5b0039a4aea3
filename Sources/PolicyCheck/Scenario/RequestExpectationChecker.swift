import DotNet
import PolicyRuntime
import PolicySource

/// Checks each request's own `expect:` against that request's trace, as the run produces them.
///
/// A failure names the request (its number in the run, method and URL, the scenario line of the
/// request), the key and its line, what was expected and what happened:
/// `request 2 (POST https://apim.example/orders, line 14): reason (line 17): expected 'Created', got 'OK'`.
public struct RequestExpectationChecker: Sendable {
    private let requests: [ScenarioRequest]
    /// The entry of `requests` the next trace belongs to, and how many of its repeats came already.
    private var entry = 0
    private var repeatsSeen = 0
    private var number = 0
    public private(set) var failures: [String] = []

    public init(_ scenario: Scenario) {
        requests = scenario.requests
    }

    /// The next request's trace, in the order the run made them.
    public mutating func add(_ trace: RequestTrace) {
        number += 1
        while entry < requests.count, repeatsSeen >= max(0, requests[entry].repeatCount) {
            entry += 1
            repeatsSeen = 0
        }
        guard entry < requests.count else { return }
        let request = requests[entry]
        repeatsSeen += 1
        guard let expectation = request.expect else { return }
        let repeatNote = request.repeatCount > 1 ? ", repeat \(repeatsSeen) of \(request.repeatCount)" : ""
        let name = "request \(number) (\(trace.method) \(trace.url), line \(request.location.line)\(repeatNote))"
        for check in expectation.checks {
            if let problem = Self.problem(check, trace) {
                failures.append("\(name): \(check.key) (line \(check.location.line)): \(problem)")
            }
        }
    }

    /// What is wrong, or nil when the check holds.
    static func problem(_ check: ExpectationCheck, _ trace: RequestTrace) -> String? {
        switch check.subject {
        case .response:
            return responseProblem(check.assertion, trace)
        case .backendRequest(let number):
            guard !trace.attempts.isEmpty else { return "expected a backend request, but the request made no backend call" }
            let index = (number ?? trace.attempts.count) - 1
            guard trace.attempts.indices.contains(index) else {
                return "expected attempt \(index + 1), but the request made \(trace.attempts.count) backend call\(trace.attempts.count == 1 ? "" : "s")"
            }
            return attemptProblem(check.assertion, trace.attempts[index])
        }
    }

    private static func responseProblem(_ assertion: ExpectationCheck.Assertion, _ trace: RequestTrace) -> String? {
        let response = trace.response
        switch assertion {
        case .status(let status):
            return response.status == status ? nil : "expected \(status), got \(response.status)"
        case .reason(let reason):
            return response.reason == reason ? nil : "expected '\(reason)', got '\(response.reason)'"
        case .header, .absentHeader, .body, .bodyContains, .json:
            return messageProblem(assertion, headers: response.headers, body: response.body)
        case .backends(let expected):
            let actual = trace.attempts.map(\.backend)
            return actual == expected ? nil : "expected \(list(expected)), got \(list(actual))"
        case .variable(let name, let expected):
            guard let actual = trace.variables.first(where: { $0.name == name })?.value else {
                return "expected \(expected.described), but the variable is not set"
            }
            return variableMatches(actual, expected) ? nil : "expected \(expected.described), got \(describeVariable(actual))"
        case .absentVariable(let name):
            guard let actual = trace.variables.first(where: { $0.name == name })?.value else { return nil }
            return "expected variable '\(name)' to be unset, got \(describeVariable(actual))"
        case .lastError(let field, let expected):
            guard let lastError = trace.lastError else { return "expected '\(expected)', but the request ended without an error" }
            let actual = lastErrorField(lastError, field)
            return actual == expected ? nil : "expected '\(expected)', got '\(actual)'"
        case .noLastError:
            guard let lastError = trace.lastError else { return nil }
            return "expected no error, got \(lastError.source): \(lastError.reason) (\(shortened(lastError.message)))"
        case .elapsed(let milliseconds):
            let actual = trace.elapsedMilliseconds
            return actual == milliseconds ? nil : "expected \(milliseconds)ms, got \(actual)ms"
        case .method, .url, .attemptMade:
            return nil
        }
    }

    private static func attemptProblem(_ assertion: ExpectationCheck.Assertion, _ attempt: BackendAttempt) -> String? {
        switch assertion {
        case .method(let method):
            return attempt.method.uppercased() == method.uppercased() ? nil : "expected \(method), got \(attempt.method)"
        case .url(let url):
            return attempt.url == url ? nil : "expected \(url), got \(attempt.url)"
        case .header, .absentHeader, .body, .bodyContains, .json:
            return messageProblem(assertion, headers: attempt.headers, body: attempt.body)
        default:
            return nil
        }
    }

    /// Headers and body, of the response or of what a backend received.
    private static func messageProblem(_ assertion: ExpectationCheck.Assertion, headers: [TraceHeader], body: String?) -> String? {
        switch assertion {
        case .header(let name, let expected):
            let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
            if values.isEmpty { return "expected '\(expected)', but there is no header '\(name)'" }
            return values.contains(expected) ? nil : "expected '\(expected)', got \(values.map { "'\($0)'" }.joined(separator: ", "))"
        case .absentHeader(let name):
            let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
            return values.isEmpty ? nil : "expected no header '\(name)', got '\(values.joined(separator: ", "))'"
        case .body(let expected):
            let actual = body ?? ""
            return actual == expected ? nil : "expected '\(shortened(expected))', got \(describeBody(actual))"
        case .bodyContains(let text):
            let actual = body ?? ""
            return actual.contains(text) ? nil : "expected the body to contain '\(text)', got \(describeBody(actual))"
        case .json(let path, let expected):
            return jsonProblem(path, expected, body: body ?? "")
        default:
            return nil
        }
    }

    private static func jsonProblem(_ path: String, _ expected: ExpectedValue, body: String) -> String? {
        let document: JToken
        do {
            document = try JToken.parse(body)
        } catch {
            return "expected \(expected.described) at \(path), but the body is not JSON (\(describeBody(body)))"
        }
        let found: [JToken]
        do {
            found = try document.selectTokens(path)
        } catch {
            return "the JSONPath \(path) failed on the body: \((error as? DotNetException)?.message ?? "\(error)")"
        }
        guard let expectedToken = try? JToken.parse(expected.jsonText) else { return "cannot compare with \(expected.described)" }
        if found.isEmpty { return "expected \(expected.described), but \(path) selects nothing in \(describeBody(body))" }
        var actual = found[0]
        if found.count > 1 {
            guard let array = try? JArray(found.map { $0.deepClone() }) else { return "cannot collect what \(path) selects" }
            actual = array
        }
        if sameJSON(actual, expectedToken) { return nil }
        return "expected \(expected.described), got \(describeJSON(actual))"
    }

    /// JSON equality that keeps types apart: 1 is not "1", true is not "true".
    private static func sameJSON(_ a: JToken, _ b: JToken) -> Bool {
        if let x = a as? JValue, let y = b as? JValue {
            switch (x.content, y.content) {
            case (.string(let l), .string(let r)): return l == r
            case (.string, _), (_, .string): return false
            case (.boolean(let l), .boolean(let r)): return l == r
            case (.boolean, _), (_, .boolean): return false
            default: return JToken.deepEquals(a, b)
            }
        }
        return JToken.deepEquals(a, b)
    }

    private static func describeJSON(_ token: JToken) -> String {
        let text = token.toString(.none)
        if let value = token as? JValue {
            switch value.content {
            case .string: return "\"\(shortened(text))\" (a string)"
            case .integer, .bigInteger, .float, .decimal: return "\(text) (a number)"
            case .boolean: return "\(text) (a boolean)"
            default: break
            }
        }
        return shortened(text)
    }

    /// A variable as the trace prints it (strings quoted, booleans `True`/`False`) against a typed value.
    private static func variableMatches(_ actual: String, _ expected: ExpectedValue) -> Bool {
        switch expected {
        case .string(let text): return actual == "\"" + text + "\""
        case .integer(let number): return actual == String(number)
        case .number(let number): return !actual.hasPrefix("\"") && Double(actual) == number
        case .boolean(let flag): return actual == (flag ? "True" : "False")
        case .null: return actual == "null"
        case .json(let text): return actual == text
        }
    }

    private static func describeVariable(_ actual: String) -> String {
        if actual.hasPrefix("\"") { return "\(shortened(actual)) (a string)" }
        if actual == "True" || actual == "False" { return "\(actual) (a boolean)" }
        if Double(actual) != nil { return "\(actual) (a number)" }
        return shortened(actual)
    }

    private static func lastErrorField(_ error: TraceLastError, _ field: String) -> String {
        switch field {
        case "source": error.source
        case "reason": error.reason
        case "message": error.message
        case "scope": error.scope
        case "section": error.section
        case "path": error.path
        default: error.policyId
        }
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    private static func describeBody(_ body: String) -> String {
        body.isEmpty ? "an empty body" : "'\(shortened(body))'"
    }

    private static func shortened(_ text: String) -> String {
        let oneLine = TraceFormatter.oneLine(text)
        return oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine
    }
}
