import PolicySource

/// A backend entity of API Management (`Microsoft.ApiManagement/service/backends`): a single
/// HTTP service or a pool of other backends.
public struct Backend: Sendable, Hashable, Identifiable {
    /// What kind of backend this is.
    public enum Kind: Sendable, Hashable {
        /// A single service at `url` (may hold `${…}` placeholders for values unknown offline).
        case single(url: String, protocol: String)
        /// A load-balanced pool of other backends.
        case pool(BackendPool)
    }

    /// The backend id, as `set-backend-service backend-id="…"` names it.
    public var id: String
    public var kind: Kind
    /// The one circuit-breaker rule APIM supports, when configured and well-formed.
    public var circuitBreaker: CircuitBreakerRule?
    /// The ARM API version of the declaration (`2023-09-01-preview`), when known.
    public var apiVersion: String?
    /// Where the backend is declared (its name or key).
    public var location: SourceLocation
    /// The declared `properties` object exactly as read, for validation and for tools that need
    /// more than the model holds (credentials, tls, description).
    public var properties: ConfigValue
    /// Where the declaration came from.
    public var origin: Origin

    /// The kind of input a backend was declared in.
    public enum Origin: String, Sendable, Hashable {
        /// A scenario's `backends:` map or a YAML/JSON map file: durations may also be written
        /// `250ms`, `30s`, `1m`, `1h`, `1d` as everywhere else in scenarios.
        case inline
        case armTemplate
        case bicep
    }

    public init(id: String, kind: Kind, circuitBreaker: CircuitBreakerRule? = nil, apiVersion: String? = nil,
                location: SourceLocation, properties: ConfigValue? = nil, origin: Origin = .inline) {
        self.id = id
        self.kind = kind
        self.circuitBreaker = circuitBreaker
        self.apiVersion = apiVersion
        self.location = location
        self.properties = properties ?? ConfigValue(.object([]), at: location)
        self.origin = origin
    }

    /// The URL of a single backend, nil for a pool.
    public var url: String? {
        if case .single(let url, _) = kind { return url }
        return nil
    }

    /// The pool, nil for a single backend.
    public var pool: BackendPool? {
        if case .pool(let pool) = kind { return pool }
        return nil
    }

    public var isPool: Bool { pool != nil }
}

/// The members of a pool backend (`pool.services`).
public struct BackendPool: Sendable, Hashable {
    public var members: [BackendPoolMember]

    public init(members: [BackendPoolMember]) {
        self.members = members
    }
}

/// One `pool.services[]` entry: `{ id: '/backends/<name>', priority, weight }`.
public struct BackendPoolMember: Sendable, Hashable {
    /// The member backend's id (the last segment of `/backends/<name>`).
    public var id: String
    /// 0…100; lower is preferred. Nil when absent (see `PoolSelector` for how absence is treated).
    public var priority: Int?
    /// 0…100; nil when absent.
    public var weight: Int?
    public var location: SourceLocation

    public init(id: String, priority: Int? = nil, weight: Int? = nil, location: SourceLocation) {
        self.id = id
        self.priority = priority
        self.weight = weight
        self.location = location
    }
}

/// The single rule of a backend's `circuitBreaker.rules`.
public struct CircuitBreakerRule: Sendable, Hashable {
    public var name: String
    /// How long the circuit stays open once tripped, in milliseconds.
    public var tripDuration: Int64
    /// When true, a failing response's `Retry-After` decides how long the circuit stays open.
    public var acceptRetryAfter: Bool
    public var failureCondition: FailureCondition

    public init(name: String, tripDuration: Int64, acceptRetryAfter: Bool = false, failureCondition: FailureCondition) {
        self.name = name
        self.tripDuration = tripDuration
        self.acceptRetryAfter = acceptRetryAfter
        self.failureCondition = failureCondition
    }

    /// `circuitBreaker.rules[].failureCondition`.
    public struct FailureCondition: Sendable, Hashable {
        /// `count` or `percentage`.
        public var threshold: Threshold
        /// The length of the sliding window, in milliseconds.
        public var interval: Int64
        public var statusCodeRanges: [StatusCodeRange]
        /// LastError reasons (`Timeout`, `BackendConnectionFailure`, …) that count as failures.
        public var errorReasons: [String]

        public init(threshold: Threshold, interval: Int64, statusCodeRanges: [StatusCodeRange] = [], errorReasons: [String] = []) {
            self.threshold = threshold
            self.interval = interval
            self.statusCodeRanges = statusCodeRanges
            self.errorReasons = errorReasons
        }

        /// Whether a response status is a failure.
        @inlinable
        public func isFailure(status: Int) -> Bool {
            for range in statusCodeRanges where range.contains(status) { return true }
            return false
        }

        /// Whether an error reason is a failure (compared case-insensitively).
        public func isFailure(errorReason: String) -> Bool {
            errorReasons.contains { $0.caseInsensitiveCompare(errorReason) }
        }
    }

    /// When the circuit trips.
    public enum Threshold: Sendable, Hashable {
        /// This many failures within the interval.
        case count(Int)
        /// This share (0…100) of the attempts within the interval failed.
        case percentage(Int)
    }
}

/// An inclusive range of HTTP status codes, `{min, max}`.
public struct StatusCodeRange: Sendable, Hashable, CustomStringConvertible {
    public var min: Int
    public var max: Int

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    @inlinable
    public func contains(_ status: Int) -> Bool { status >= min && status <= max }

    public var description: String { min == max ? "\(min)" : "\(min)-\(max)" }
}

/// The backends of one input, by id, in declaration order.
public struct BackendCatalog: Sendable, Hashable {
    public private(set) var backends: [Backend]
    private var index: [String: Int]

    public init(_ backends: [Backend] = []) {
        self.backends = []
        self.index = [:]
        for backend in backends { add(backend) }
    }

    /// Adds a backend; a later backend with the same id replaces the earlier one.
    public mutating func add(_ backend: Backend) {
        if let existing = index[backend.id] {
            backends[existing] = backend
        } else {
            index[backend.id] = backends.count
            backends.append(backend)
        }
    }

    /// The backend with this id (exact, then case-insensitive as APIM ids are), or nil.
    public subscript(id: String) -> Backend? {
        if let i = index[id] { return backends[i] }
        let lower = id.lowercased()
        return backends.first { $0.id.lowercased() == lower }
    }

    public var ids: [String] { backends.map(\.id) }

    /// The known backend id closest to `id`, for "did you mean" hints on `backend-id` references.
    public func suggestion(for id: String) -> String? {
        closestMatch(to: id, in: ids)
    }
    public var isEmpty: Bool { backends.isEmpty }
    public var count: Int { backends.count }
}

extension String {
    /// ASCII case-insensitive equality without allocating (reasons and ids are ASCII).
    func caseInsensitiveCompare(_ other: String) -> Bool {
        var a = self.utf8.makeIterator()
        var b = other.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
                let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }
}

extension Backend: CustomStringConvertible {
    /// One line per backend for traces and dumps, e.g.
    /// `backend1: single http https://…/openai; breaker 'r': 3 failures within PT5M on 429 → open PT1M`.
    public var description: String {
        var out = "\(id): "
        switch kind {
        case .single(let url, let proto):
            out += "single \(proto) \(url)"
        case .pool(let pool):
            out += "pool [" + pool.members.map { member in
                var text = member.id
                if let p = member.priority { text += " priority \(p)" }
                if let w = member.weight { text += " weight \(w)" }
                return text
            }.joined(separator: ", ") + "]"
        }
        if let rule = circuitBreaker { out += "; \(rule)" }
        return out
    }
}

extension CircuitBreakerRule: CustomStringConvertible {
    /// `breaker 'name': 3 failures within PT5M on 429, Timeout → open PT1M (Retry-After accepted)`
    public var description: String {
        let condition = failureCondition
        var out = "breaker '\(name)': "
        switch condition.threshold {
        case .count(let n): out += "\(n) failure\(n == 1 ? "" : "s")"
        case .percentage(let p): out += "\(p)% failures"
        }
        out += " within \(formatMs(condition.interval))"
        let on = condition.statusCodeRanges.map(\.description) + condition.errorReasons
        if !on.isEmpty { out += " on " + on.joined(separator: ", ") }
        out += " → open \(formatMs(tripDuration))"
        if acceptRetryAfter { out += " (Retry-After accepted)" }
        return out
    }
}

extension BackendCatalog: CustomStringConvertible {
    /// One line per backend with its location, in declaration order.
    public var description: String {
        backends.map { "\($0.location.line):\($0.location.column) \($0)" }.joined(separator: "\n")
    }
}
