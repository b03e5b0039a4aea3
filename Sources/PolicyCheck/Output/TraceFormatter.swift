import PolicyRuntime
import PolicySource

/// Prints a `RunTrace` as the readable text trace (what golden files hold) or as JSON
/// (contracts.md, "Run output"; Docs/run-output.md). Both are byte-identical across runs and
/// machines: no wall clock, no hash ordering, and paths printed as the scenario gave them.
public enum TraceFormatter {
    // MARK: JSON

    /// The trace as one JSON object. `expectationFailures`, when given (the scenario had
    /// `expect:`), adds `"expectations": {"passed": …, "failures": […]}`. `pathBase` is removed
    /// from the front of event files (see `text(_:pathBase:)`).
    /// What the JSON text starts with; then `jsonRequest` per request and `jsonEnd`. Together
    /// they are byte for byte `jsonText`.
    public static func jsonStart(scenario: String) -> String {
        "{\n  \"scenario\": \(JSONText.quoted(scenario)),\n  \"requests\": ["
    }

    /// One member of the `requests` array; `first` is true until one was written.
    public static func jsonRequest(_ request: RequestTrace, first: inout Bool, pathBase: String? = nil) -> String {
        defer { first = false }
        return (first ? "\n    " : ",\n    ") + requestJSON(request, pathBase: pathBase).render(indent: 2)
    }

    /// Closes the `requests` array (`empty` when no request was written), then `warnings` and,
    /// when given, `expectations`.
    public static func jsonEnd(warnings: [String], expectationFailures: [String]?, empty: Bool, summary: RunSummary? = nil) -> String {
        var members: [(String, JSONValue)] = [("warnings", .array(warnings.map(JSONValue.string)))]
        if let summary { members.append(("summary", SummaryFormatter.json(summary))) }
        if let expectationFailures {
            members.append(("expectations", .object([
                ("passed", .bool(expectationFailures.isEmpty)),
                ("failures", .array(expectationFailures.map(JSONValue.string))),
            ])))
        }
        let rest = JSONValue.object(members).render()
        // The members of `rest` without its braces, at the top level's indentation.
        return (empty ? "]" : "\n  ]") + "," + rest.dropFirst(1).dropLast(2) + "\n}\n"
    }

    public static func json(_ trace: RunTrace, expectationFailures: [String]? = nil, pathBase: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("scenario", .string(trace.scenario)),
            ("requests", .array(trace.requests.map { requestJSON($0, pathBase: pathBase) })),
            ("warnings", .array(trace.warnings.map(JSONValue.string))),
        ]
        var summary = RunSummary(backends: trace.backends)
        for request in trace.requests { summary.add(request) }
        members.append(("summary", SummaryFormatter.json(summary)))
        if let expectationFailures {
            members.append(("expectations", .object([
                ("passed", .bool(expectationFailures.isEmpty)),
                ("failures", .array(expectationFailures.map(JSONValue.string))),
            ])))
        }
        return .object(members)
    }

    /// The JSON text of `json(_:…)`, two-space indented, ending with a newline.
    public static func jsonText(_ trace: RunTrace, expectationFailures: [String]? = nil, pathBase: String? = nil) -> String {
        json(trace, expectationFailures: expectationFailures, pathBase: pathBase).render() + "\n"
    }

    private static func requestJSON(_ request: RequestTrace, pathBase: String?) -> JSONValue {
        var requestLine: [(String, JSONValue)] = [("method", .string(request.method)), ("url", .string(request.url))]
        // Only a scenario of several gateway instances names the one that served the request.
        if let instance = request.instance { requestLine.append(("instance", .int(instance))) }
        return .object([
            ("request", .object(requestLine)),
            ("atMs", int(request.atMilliseconds)),
            ("response", .object([
                ("status", .int(request.response.status)),
                ("reason", .string(request.response.reason)),
                ("headers", headersJSON(request.response.headers)),
                ("body", .optional(request.response.body)),
            ])),
            ("elapsedMs", int(request.elapsedMilliseconds)),
            ("attempts", .array(request.attempts.map { attempt in
                var members: [(String, JSONValue)] = [
                    ("atMs", int(attempt.atMilliseconds)),
                    ("backend", .string(attempt.backend)),
                    ("pool", .optional(attempt.pool)),
                    ("method", .string(attempt.method)),
                    ("url", .string(attempt.url)),
                    ("headers", headersJSON(attempt.headers)),
                    ("status", attempt.status.map(JSONValue.int) ?? .null),
                    ("error", .optional(attempt.error)),
                    ("durationMs", int(attempt.durationMilliseconds)),
                    ("body", .optional(attempt.body)),
                ]
                // Only when the scenario's headersAfter put the headers before the end.
                if let headers = attempt.headersMilliseconds { members.append(("headersMs", int(headers))) }
                return .object(members)
            })),
            ("events", .array(request.events.map { event in
                .object([
                    ("atMs", int(event.atMilliseconds)),
                    ("kind", .string(event.kind.rawValue)),
                    ("section", .optional(event.section)),
                    ("policy", .optional(event.policy)),
                    ("line", event.line.map(JSONValue.int) ?? .null),
                    ("file", .optional(event.file.map { relative($0, to: pathBase) })),
                    ("detail", .string(event.detail)),
                ])
            })),
            ("lastError", request.lastError.map { error in
                .object([
                    ("source", .string(error.source)),
                    ("reason", .string(error.reason)),
                    ("message", .string(error.message)),
                    ("scope", .string(error.scope)),
                    ("section", .string(error.section)),
                    ("path", .string(error.path)),
                    ("policyId", .string(error.policyId)),
                ])
            } ?? .null),
            ("variables", .object(request.variables.map { ($0.name, .string($0.value)) })),
        ])
    }

    /// Headers as an object in the order sent; a name sent twice (any case) is one member whose
    /// values are joined with ", " (as HTTP folds them), under the first spelling of the name.
    private static func headersJSON(_ headers: [TraceHeader]) -> JSONValue {
        var members: [(String, String)] = []
        var positions: [String: Int] = [:]
        for header in headers {
            let key = header.name.lowercased()
            if let index = positions[key] {
                members[index].1 += ", " + header.value
            } else {
                positions[key] = members.count
                members.append((header.name, header.value))
            }
        }
        return .object(members.map { ($0.0, .string($0.1)) })
    }

    private static func int(_ value: Int64) -> JSONValue {
        .int(Int(clamping: value))
    }

    // MARK: Text

    /// The readable trace: one block per request with its timeline of events (virtual time),
    /// backend attempts, the response, `context.LastError` and variables. Every line ends with
    /// "\n"; there is no trailing whitespace. `pathBase` (e.g. the scenario's folder) is removed
    /// from the front of event files so golden files do not depend on where the tests run.
    public static func text(_ trace: RunTrace, pathBase: String? = nil) -> String {
        var out = textHeader(scenario: trace.scenario, warnings: trace.warnings)
        let total = trace.requests.count
        var summary = RunSummary(backends: trace.backends)
        for (index, request) in trace.requests.enumerated() {
            out += text(request, number: index + 1, of: total, pathBase: pathBase)
            summary.add(request)
        }
        return out + SummaryFormatter.text(summary)
    }

    /// One request as the `requests` trace level prints it: arrival, method, path and query,
    /// the backends called in order, status and virtual latency.
    /// `[  1000ms] POST /openai/deployments/gpt/chat/completions?api-version=2024-02-01 → aoai-east 429, aoai-west 200 → 200 in 300ms`
    public static func requestLine(_ request: RequestTrace) -> String {
        var line = "[\(pad(request.atMilliseconds, width: 8))ms] \(request.method) \(pathAndQuery(request.url))"
        if let instance = request.instance { line += " (instance \(instance))" }
        if !request.attempts.isEmpty {
            line += " → " + request.attempts.map { attempt in
                attempt.backend + " " + (attempt.status.map(String.init) ?? "") + (attempt.error.map { (attempt.status == nil ? "" : " ") + $0 } ?? "")
            }.joined(separator: ", ")
        }
        line += " → \(request.response.status) in \(milliseconds(request.elapsedMilliseconds))"
        if let error = request.lastError { line += " (\(error.source): \(error.reason))" }
        return oneLine(line) + "\n"
    }

    /// One request as the `requests` level's JSON has it.
    public static func jsonRequestLine(_ request: RequestTrace, first: inout Bool) -> String {
        defer { first = false }
        var members: [(String, JSONValue)] = [
            ("atMs", int(request.atMilliseconds)),
            ("method", .string(request.method)),
            ("url", .string(request.url)),
        ]
        if let instance = request.instance { members.append(("instance", .int(instance))) }
        members += [
            ("backends", .array(request.attempts.map { .string($0.backend) })),
            ("status", .int(request.response.status)),
            ("elapsedMs", int(request.elapsedMilliseconds)),
            ("error", request.lastError.map { .string($0.reason) } ?? .null),
        ]
        return (first ? "\n    " : ",\n    ") + JSONValue.object(members).render(pretty: false)
    }

    /// `https://host/a/b?c` → `/a/b?c`.
    static func pathAndQuery(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let tail = String(rest[slash...])
        return tail.hasPrefix("?") ? "/" + tail : tail
    }

    /// The first lines of the text trace: the scenario's name and its warnings.
    public static func textHeader(scenario: String, warnings: [String]) -> String {
        var out = TextOutput()
        out.line("scenario: \(oneLine(scenario))")
        for warning in warnings {
            out.block("warning: ", warning)
        }
        return out.text
    }

    /// One request's block of the text trace (`number` counts from 1).
    public static func text(_ request: RequestTrace, number: Int, of total: Int, pathBase: String? = nil) -> String {
        var out = TextOutput()
        out.line("")
        out.line("request \(number) of \(total): \(request.method) \(request.url)\(request.instance.map { " (instance \($0))" } ?? "")")
        out.line("  at \(milliseconds(request.atMilliseconds)), took \(milliseconds(request.elapsedMilliseconds))")
        if !request.events.isEmpty {
            out.line("  events:")
            for event in request.events {
                out.block("    " + eventPrefix(event, pathBase: pathBase), event.detail)
            }
        }
        if !request.attempts.isEmpty {
            out.line("  attempts:")
            for (number, attempt) in request.attempts.enumerated() {
                var head = "    \(number + 1). [\(pad(attempt.atMilliseconds, width: 6))ms] \(attempt.backend)"
                if let pool = attempt.pool { head += " (pool \(pool))" }
                head += ": "
                if let status = attempt.status { head += String(status) }
                if let error = attempt.error { head += (attempt.status == nil ? "" : " ") + "error \(oneLine(error))" }
                if attempt.status == nil && attempt.error == nil { head += "no response" }
                head += " after \(milliseconds(attempt.durationMilliseconds))"
                if let headers = attempt.headersMilliseconds { head += " (headers after \(milliseconds(headers)))" }
                out.line(head)
                out.line("       \(attempt.method) \(attempt.url)")
                for header in attempt.headers {
                    out.block("       \(header.name): ", header.value)
                }
            }
        }
        out.line("  response: \(request.response.status) \(oneLine(request.response.reason))")
        for header in request.response.headers {
            out.block("    \(header.name): ", header.value)
        }
        if let body = request.response.body {
            if body.isEmpty {
                out.line("    body: (empty)")
            } else {
                out.line("    body:")
                // A body that ends with a line break shows it as a last, empty `|` line.
                let ending = body.hasSuffix("\n") || body.hasSuffix("\r") ? [""] : []
                for bodyLine in lines(of: body) + ending {
                    out.line("      | " + bodyLine)
                }
            }
        }
        if let error = request.lastError {
            out.line("  lastError:")
            out.block("    source: ", error.source)
            out.block("    reason: ", error.reason)
            out.block("    message: ", error.message)
            out.block("    scope: ", error.scope)
            out.block("    section: ", error.section)
            out.block("    path: ", error.path)
            out.block("    policyId: ", error.policyId)
        }
        if !request.variables.isEmpty {
            out.line("  variables:")
            for variable in request.variables {
                out.block("    \(variable.name) = ", variable.value)
            }
        }
        return out.text
    }

    /// `[   250ms] wait     backend  retry (line 14): ` — time, kind and section in fixed columns.
    private static func eventPrefix(_ event: TraceEvent, pathBase: String?) -> String {
        var prefix = "[\(pad(event.atMilliseconds, width: 6))ms] "
        prefix += event.kind.rawValue.padding(to: 8) + " "
        if event.section == nil && event.policy == nil && event.line == nil && event.file == nil {
            return prefix
        }
        prefix += (event.section ?? "-").padding(to: 8) + " "
        var place: [String] = []
        if let file = event.file { place.append(relative(file, to: pathBase)) }
        if let line = event.line { place.append("line \(line)") }
        if let policy = event.policy {
            prefix += policy
            if !place.isEmpty { prefix += " (" + place.joined(separator: " ") + ")" }
        } else if !place.isEmpty {
            prefix += "(" + place.joined(separator: " ") + ")"
        }
        return prefix.trimmingTrailingSpaces + ": "
    }

    /// `250ms`; whole seconds and minutes are still printed in milliseconds so columns compare.
    private static func milliseconds(_ value: Int64) -> String { "\(value)ms" }

    private static func pad(_ value: Int64, width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `path` with `base/` removed from its front.
    static func relative(_ path: String, to base: String?) -> String {
        guard let base, !base.isEmpty, base != "." else { return path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Splits text into lines (LF, CRLF or CR), control characters shown as `\u{…}` escapes.
    static func lines(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { result.append(current); current = "" }
                previousWasCR = false
                continue
            }
            previousWasCR = false
            if scalar == "\r" {
                result.append(current)
                current = ""
                previousWasCR = true
                continue
            }
            current += visible(scalar)
        }
        if !current.isEmpty || result.isEmpty || !(text.hasSuffix("\n") || text.hasSuffix("\r")) {
            result.append(current)
        }
        return result.map(\.trimmingTrailingSpaces)
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\t" { return "\t" }
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
            return "\\u{" + String(scalar.value, radix: 16) + "}"
        }
        return String(scalar)
    }

    static func oneLine(_ text: String) -> String {
        lines(of: text).joined(separator: "\\n")
    }
}

/// Lines of text; a value that spans lines continues on indented lines.
private struct TextOutput {
    var text = ""

    mutating func line(_ line: String) {
        text += line.trimmingTrailingSpaces + "\n"
    }

    /// `prefix` + the first line of `value`; further lines of `value` indented under it.
    mutating func block(_ prefix: String, _ value: String) {
        let parts = TraceFormatter.lines(of: value)
        line(prefix + (parts.first ?? ""))
        let indent = String(repeating: " ", count: prefix.prefix(while: { $0 == " " }).count + 2) + "| "
        for part in parts.dropFirst() {
            line(indent + part)
        }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }

    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
