import PolicyBackends
import PolicyExpressions
/// What a scenario run did, request by request: the facts both output formats print
/// (contracts.md, "Run output"). Times are virtual milliseconds since the scenario's start.
public struct RunTrace: Sendable, Hashable {
    /// The scenario's backends (pools with their weights, for the summary's shares).
    public var backends = BackendCatalog()
    public var scenario: String
    public var requests: [RequestTrace]
    /// Findings about the scenario as a whole (e.g. backend file warnings), in order.
    public var warnings: [String]
    /// Which policies and branches ran; only when the runner records coverage.
    public var coverage: PolicyCoverage?

    public init(scenario: String, requests: [RequestTrace] = [], warnings: [String] = [], coverage: PolicyCoverage? = nil) {
        self.scenario = scenario
        self.requests = requests
        self.warnings = warnings
        self.coverage = coverage
    }
}

/// How much a request's trace keeps. The simulation is the same at both levels — the same
/// backends, breakers, clock, variables and response; only what is written down differs.
public enum TraceDetail: Sendable, Hashable {
    /// Everything: events with their details, the headers of every attempt, the response headers
    /// and body, the variables. What `policycheck run` and the golden files show.
    case full
    /// For load runs: response status and reason, attempts (backend, pool, status, error, timing,
    /// URL) and LastError; no events, no header snapshots, no response headers, body or variables.
    case summary
}

/// A header as sent or received; names keep their case, order is kept.
public struct TraceHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One request through the gateway.
public struct RequestTrace: Sendable, Hashable {
    public var method: String
    public var url: String
    /// When the request arrived.
    public var atMilliseconds: Int64
    public var response: TraceResponse
    /// Virtual time from arrival to response.
    public var elapsedMilliseconds: Int64
    public var attempts: [BackendAttempt]
    public var events: [TraceEvent]
    public var lastError: TraceLastError?
    /// Variables at the end, sorted by name, values printed as .NET would (`ToString()`), strings quoted.
    public var variables: [(name: String, value: String)]
    /// The gateway instance that served it (1-based); nil in a scenario of one instance.
    public var instance: Int?
    /// Circuit transitions during the request, at every trace detail (the summary needs them).
    public var circuitEvents: [CircuitBreakerState.Event] = []
    /// Each retry wait of the request (when it began, how long), at every trace detail.
    public var retryWaits: [RetryWait] = []

    public init(method: String, url: String, atMilliseconds: Int64, response: TraceResponse, elapsedMilliseconds: Int64,
                attempts: [BackendAttempt] = [], events: [TraceEvent] = [], lastError: TraceLastError? = nil,
                variables: [(name: String, value: String)] = []) {
        self.method = method
        self.url = url
        self.atMilliseconds = atMilliseconds
        self.response = response
        self.elapsedMilliseconds = elapsedMilliseconds
        self.attempts = attempts
        self.events = events
        self.lastError = lastError
        self.variables = variables
    }

    public static func == (lhs: RequestTrace, rhs: RequestTrace) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.atMilliseconds == rhs.atMilliseconds && lhs.response == rhs.response
            && lhs.elapsedMilliseconds == rhs.elapsedMilliseconds && lhs.attempts == rhs.attempts && lhs.events == rhs.events
            && lhs.lastError == rhs.lastError && lhs.variables.map(\.name) == rhs.variables.map(\.name)
            && lhs.variables.map(\.value) == rhs.variables.map(\.value) && lhs.instance == rhs.instance
            && lhs.circuitEvents == rhs.circuitEvents && lhs.retryWaits == rhs.retryWaits
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(url)
        hasher.combine(atMilliseconds)
    }
}

/// The response the caller got.
public struct TraceResponse: Sendable, Hashable {
    public var status: Int
    public var reason: String
    public var headers: [TraceHeader]
    public var body: String?

    public init(status: Int, reason: String, headers: [TraceHeader] = [], body: String? = nil) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }
}

/// A `retry` policy's wait before it runs its policies again: from `atMilliseconds` for `milliseconds` (virtual).
public struct RetryWait: Sendable, Hashable {
    public var atMilliseconds: Int64
    public var milliseconds: Int64

    public init(atMilliseconds: Int64, milliseconds: Int64) {
        self.atMilliseconds = atMilliseconds
        self.milliseconds = milliseconds
    }
}

/// One call to a backend (each retry is another attempt).
public struct BackendAttempt: Sendable, Hashable {
    public var atMilliseconds: Int64
    /// Backend id, or the host of a base-url.
    public var backend: String
    /// The pool the backend was selected from, if any.
    public var pool: String?
    public var method: String
    public var url: String
    /// Headers the gateway sent (traceparent among them).
    public var headers: [TraceHeader]
    /// The backend's status; nil when the attempt failed without one.
    public var status: Int?
    /// The failure's LastError Reason: `Timeout`, `BackendConnectionFailure` or `ProtocolViolation`;
    /// nil on a response (an open circuit makes no attempt).
    public var error: String?
    public var durationMilliseconds: Int64
    /// The body the gateway sent (nil: none, or a run that records no events).
    public var body: String?
    /// When the response headers arrived, when the scenario's `headersAfter` puts them before the
    /// end of the attempt; nil otherwise (headers and body together).
    public var headersMilliseconds: Int64?

    public init(atMilliseconds: Int64, backend: String, pool: String? = nil, method: String, url: String, headers: [TraceHeader] = [],
                status: Int? = nil, error: String? = nil, durationMilliseconds: Int64 = 0, headersMilliseconds: Int64? = nil, body: String? = nil) {
        self.headersMilliseconds = headersMilliseconds
        self.atMilliseconds = atMilliseconds
        self.backend = backend
        self.pool = pool
        self.method = method
        self.url = url
        self.headers = headers
        self.status = status
        self.error = error
        self.durationMilliseconds = durationMilliseconds
        self.body = body
    }
}

/// Something that happened while the policy ran.
public struct TraceEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case policy, select, attempt, wait, circuit, error, trace, variable, warning
    }

    public var atMilliseconds: Int64
    public var kind: Kind
    /// `inbound`, `backend`, `outbound`, `on-error`; nil outside the pipeline.
    public var section: String?
    /// The policy's element name.
    public var policy: String?
    /// The policy's line in its document.
    public var line: Int?
    /// The document, when not the scenario's main policy (a scope or a fragment).
    public var file: String?
    public var detail: String

    public init(atMilliseconds: Int64, kind: Kind, section: String? = nil, policy: String? = nil, line: Int? = nil, file: String? = nil, detail: String) {
        self.atMilliseconds = atMilliseconds
        self.kind = kind
        self.section = section
        self.policy = policy
        self.line = line
        self.file = file
        self.detail = detail
    }
}

/// `context.LastError` as the run ended: the expressions' own `LastErrorData` (one type for
/// LastError everywhere).
public typealias TraceLastError = LastErrorData
