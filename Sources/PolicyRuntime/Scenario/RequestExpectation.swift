import PolicySource

/// A request's own `expect:` (Docs/scenarios.md, "Per-request expectations"): what this request's
/// response, backend calls, variables and `context.LastError` must be. Each key becomes one
/// check, which remembers where it stands in the scenario file so that a failure can name it.
public struct RequestExpectation: Sendable {
    public var checks: [ExpectationCheck]
    /// Where `expect:` stands.
    public var location: SourceLocation

    public init(checks: [ExpectationCheck] = [], location: SourceLocation) {
        self.checks = checks
        self.location = location
    }
}

/// One key of a per-request `expect:`.
public struct ExpectationCheck: Sendable {
    /// What the check looks at.
    public enum Subject: Sendable, Hashable {
        /// The response the client got (and the request's backends, variables, LastError, time).
        case response
        /// The request a backend received: the last attempt, or attempt N (1-based).
        case backendRequest(attempt: Int?)
    }

    public enum Assertion: Sendable, Hashable {
        case status(Int)
        case reason(String)
        /// Of the backend request.
        case method(String)
        /// Of the backend request.
        case url(String)
        /// A header with this value (names case-insensitive; a header sent twice matches either value).
        case header(name: String, value: String)
        case absentHeader(String)
        /// The whole body, exactly.
        case body(String)
        case bodyContains(String)
        /// A JSONPath into the body (Newtonsoft's `SelectToken` syntax) and the value found there, typed.
        case json(path: String, ExpectedValue)
        /// The backends this request called, in order (`[]`: none).
        case backends([String])
        /// A variable after the request, typed: `42` is a number, `"42"` a string.
        case variable(name: String, ExpectedValue)
        case absentVariable(String)
        /// A field of `context.LastError` (`source`, `reason`, `message`, `scope`, `section`, `path`, `policyId`).
        case lastError(field: String, value: String)
        /// `lastError: null`: the request ended without an error.
        case noLastError
        /// The request's virtual duration, in milliseconds.
        case elapsed(Int64)
        /// `backendRequest:` with nothing but (at most) `attempt:`: the attempt was made.
        case attemptMade
    }

    public var subject: Subject
    public var assertion: Assertion
    /// The key as a failure names it: `reason`, `headers.Location`, `backendRequest.url`.
    public var key: String
    /// Where the key stands in the scenario file.
    public var location: SourceLocation

    public init(_ assertion: Assertion, subject: Subject = .response, key: String, location: SourceLocation) {
        self.assertion = assertion
        self.subject = subject
        self.key = key
        self.location = location
    }
}

/// A value an expectation compares with, typed as the YAML wrote it: a plain `42` is a number,
/// a quoted `"42"` a string, a plain `true` a boolean, `null` null, a map or list JSON.
public enum ExpectedValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case null
    /// A map or list, as compact JSON text.
    case json(String)

    /// The value as a failure message shows it, with its type.
    public var described: String {
        switch self {
        case .string(let text): "\"\(text)\" (a string)"
        case .integer(let number): "\(number) (a number)"
        case .number(let number): "\(number) (a number)"
        case .boolean(let value): "\(value) (a boolean)"
        case .null: "null"
        case .json(let text): text
        }
    }

    /// The value as JSON text (for comparing with a JSON body).
    public var jsonText: String {
        switch self {
        case .string(let text): JSONText.quoted(text)
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .boolean(let value): value ? "true" : "false"
        case .null: "null"
        case .json(let text): text
        }
    }
}
