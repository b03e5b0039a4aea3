import DotNet
import PolicyRuntime
import PolicySource
import Yams

/// Reads a request's own `expect:` (Docs/scenarios.md, "Per-request expectations").
extension ScenarioReader {
    static let requestExpectationKeys = [
        "status", "reason", "headers", "absentHeaders", "body", "bodyContains", "json", "backends", "backendRequest",
        "variables", "absentVariables", "lastError", "elapsed",
    ]
    static let backendRequestKeys = ["attempt", "method", "url", "headers", "absentHeaders", "body", "bodyContains", "json"]
    static let lastErrorFields = ["source", "reason", "message", "scope", "section", "path", "policyId"]

    func requestExpectation(_ value: Node, at keyLocation: SourceLocation) throws(ScenarioError) -> RequestExpectation {
        var expectation = RequestExpectation(location: keyLocation)
        for entry in try mapEntries(value, keys: Self.requestExpectationKeys, context: "a request's expect") {
            let key = "expect.\(entry.key)"
            let value = entry.value
            let at = entry.keyLocation
            switch entry.key {
            case "status":
                expectation.checks.append(ExpectationCheck(.status(try status(value, key: key)), key: entry.key, location: at))
            case "reason":
                expectation.checks.append(ExpectationCheck(.reason(try scalarText(value, key: key, expected: "a reason phrase such as OK", allowNull: true)),
                                                           key: entry.key, location: at))
            case "backends":
                var backends: [String] = []
                for item in try list(value, key: key, of: "backend ids") {
                    backends.append(try scalarText(item, key: key, expected: "a backend id"))
                }
                expectation.checks.append(ExpectationCheck(.backends(backends), key: entry.key, location: at))
            case "backendRequest":
                expectation.checks += try backendRequestChecks(value, at: at)
            case "variables":
                for variable in try mapEntries(value, keys: nil, context: key) {
                    let expected = try expectedValue(variable.value, key: "\(key).\(variable.key)", allowStructured: false)
                    expectation.checks.append(ExpectationCheck(.variable(name: variable.key, expected), key: "variables.\(variable.key)", location: variable.keyLocation))
                }
            case "absentVariables":
                for item in try list(value, key: key, of: "variable names") {
                    let name = try scalarText(item, key: key, expected: "a variable name")
                    expectation.checks.append(ExpectationCheck(.absentVariable(name), key: "absentVariables", location: location(item)))
                }
            case "lastError":
                if isNull(value) {
                    expectation.checks.append(ExpectationCheck(.noLastError, key: entry.key, location: at))
                    break
                }
                let fields = try mapEntries(value, keys: Self.lastErrorFields, context: key)
                if fields.isEmpty {
                    throw ScenarioError("'\(key)' must name at least one of \(Self.lastErrorFields.joined(separator: ", ")), or be null for no error", at: location(value))
                }
                for field in fields {
                    let text = try scalarText(field.value, key: "\(key).\(field.key)", expected: "a single value", allowNull: true)
                    expectation.checks.append(ExpectationCheck(.lastError(field: field.key, value: text), key: "lastError.\(field.key)", location: field.keyLocation))
                }
            case "elapsed":
                expectation.checks.append(ExpectationCheck(.elapsed(try duration(value, key: key)), key: entry.key, location: at))
            default:
                // headers, absentHeaders, body, bodyContains, json: the same as under backendRequest.
                expectation.checks += try messageChecks(entry, prefix: "expect", subject: .response)
            }
        }
        return expectation
    }

    /// `backendRequest: { attempt, method, url, headers, absentHeaders, body, bodyContains, json }`.
    private func backendRequestChecks(_ value: Node, at keyLocation: SourceLocation) throws(ScenarioError) -> [ExpectationCheck] {
        let entries = try mapEntries(value, keys: Self.backendRequestKeys, context: "expect.backendRequest")
        var attempt: Int?
        if let entry = entries.first(where: { $0.key == "attempt" }) {
            attempt = try integer(entry.value, key: "expect.backendRequest.attempt", in: 1...10_000, what: "an attempt number")
        }
        let subject = ExpectationCheck.Subject.backendRequest(attempt: attempt)
        var checks: [ExpectationCheck] = []
        for entry in entries {
            let key = "expect.backendRequest.\(entry.key)"
            switch entry.key {
            case "attempt":
                break
            case "method":
                let method = try scalarText(entry.value, key: key, expected: "an HTTP method such as GET")
                checks.append(ExpectationCheck(.method(method), subject: subject, key: "backendRequest.method", location: entry.keyLocation))
            case "url":
                let url = try scalarText(entry.value, key: key, expected: "a URL")
                checks.append(ExpectationCheck(.url(url), subject: subject, key: "backendRequest.url", location: entry.keyLocation))
            default:
                checks += try messageChecks(entry, prefix: "expect.backendRequest", subject: subject)
            }
        }
        if checks.isEmpty {
            // `backendRequest: {}` (or only `attempt:`) still says that the attempt exists.
            checks.append(ExpectationCheck(.attemptMade, subject: subject, key: "backendRequest", location: keyLocation))
        }
        return checks
    }

    /// headers, absentHeaders, body, bodyContains, json — of the response or of the backend request.
    private func messageChecks(_ entry: YAMLEntry, prefix: String, subject: ExpectationCheck.Subject) throws(ScenarioError) -> [ExpectationCheck] {
        let key = "\(prefix).\(entry.key)"
        let name = subject == .response ? entry.key : "backendRequest.\(entry.key)"
        let value = entry.value
        switch entry.key {
        case "headers":
            return try headers(value, key: key).map { header in
                ExpectationCheck(.header(name: header.name, value: header.value), subject: subject, key: "\(name).\(header.name)", location: entry.keyLocation)
            }
        case "absentHeaders":
            var checks: [ExpectationCheck] = []
            for item in try list(value, key: key, of: "header names") {
                let header = try scalarText(item, key: key, expected: "a header name")
                guard !header.isEmpty, header.unicodeScalars.allSatisfy(isTokenCharacter) else {
                    throw ScenarioError("'\(header)' is not a valid header name", at: location(item))
                }
                checks.append(ExpectationCheck(.absentHeader(header), subject: subject, key: name, location: location(item)))
            }
            return checks
        case "body":
            return [ExpectationCheck(.body(try body(value) ?? ""), subject: subject, key: name, location: entry.keyLocation)]
        case "bodyContains":
            return [ExpectationCheck(.bodyContains(try scalarText(value, key: key, expected: "text")), subject: subject, key: name, location: entry.keyLocation)]
        case "json":
            var checks: [ExpectationCheck] = []
            let paths = try mapEntries(value, keys: nil, context: key)
            if paths.isEmpty { throw ScenarioError("'\(key)' must map at least one JSONPath to its value ({ \"$.id\": 1 })", at: location(value)) }
            for path in paths {
                do {
                    _ = try JObject().selectTokens(path.key)
                } catch {
                    let reason = (error as? DotNetException)?.message ?? "\(error)"
                    throw ScenarioError("'\(path.key)' in '\(key)' is not a JSONPath: \(reason)", at: path.keyLocation)
                }
                let expected = try expectedValue(path.value, key: "\(key).\(path.key)", allowStructured: true)
                checks.append(ExpectationCheck(.json(path: path.key, expected), subject: subject, key: "\(name) \(path.key)", location: path.keyLocation))
            }
            return checks
        default:
            return []
        }
    }

    /// A value typed as YAML wrote it: a plain scalar is a number, boolean or null when it reads
    /// as one, a quoted scalar always a string.
    func expectedValue(_ value: Node, key: String, allowStructured: Bool) throws(ScenarioError) -> ExpectedValue {
        switch value {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            switch json(value) {
            case .null: return .null
            case .bool(let flag): return .boolean(flag)
            case .int(let number): return .integer(Int64(number))
            case .double(let number): return .number(number)
            default: return .string(scalar.string)
            }
        case .mapping, .sequence:
            guard allowStructured else {
                throw ScenarioError("'\(key)' must be a single value (a number, true/false, null or a string), not \(describe(value))", at: location(value))
            }
            return .json(json(value).render(pretty: false))
        case .alias:
            throw ScenarioError("'\(key)' must be a value, not an alias", at: location(value))
        }
    }
}
