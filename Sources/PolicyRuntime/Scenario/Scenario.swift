import PolicyBackends
import PolicyExpressions
import PolicySource

/// One scenario file (contracts.md, "Scenario files"): a simulated gateway driven through one or
/// more requests. Paths are already resolved against the scenario file's folder.
public struct Scenario: Sendable {
    /// `name:` or, by default, the file name without `.scenario.yaml`.
    public var name: String
    /// The scenario file itself (for messages).
    public var file: String
    /// The narrowest policy document (operation or API scope).
    public var policy: String
    /// Outer documents that `<base/>` pulls in, broadest first (global, workspace, product, api).
    public var scopes: [(scope: PolicyScope, path: String)]
    public var backends: ScenarioBackends?
    /// Named values `{{name}}`; a value may itself be an expression.
    public var namedValues: [String: String]
    /// Folder of fragments (id = file name without `.xml`).
    public var fragments: String?
    /// Seed of every random choice.
    public var seed: UInt64
    /// Virtual clock at the first request, as Unix milliseconds (UTC).
    public var startUnixMilliseconds: Int64
    public var correlation: CorrelationProtocol
    /// Retry `delta` jitter on (true, default) or off.
    public var jitter: Bool
    /// Pool balancing: deterministic smooth weighted round-robin (default) or seeded random.
    public var balancing: PoolBalancing
    public var context: ScenarioContext
    public var requests: [ScenarioRequest]
    /// What each backend answers, keyed by backend id or host of a base-url.
    public var responses: [String: [ScriptedResponse]]
    public var expect: ScenarioExpectation?

    /// Whether anything is expected: the scenario-wide `expect:` or a request's own.
    public var hasExpectations: Bool { expect != nil || requests.contains { $0.expect != nil } }

    /// Keys, certificates and authorizations for the access policies (`openidConfigs:`,
    /// `certificates:`, `authorizations:`).
    public var access = ScenarioAccess()
    /// Requests routed to one of several programs (an APIOps tree: API and operation by path and
    /// method); nil: every request runs `scopes` + `policy`.
    public var routing: ScenarioRouting?
    /// Fragments by id with their files (an APIOps tree), besides the `fragments` folder.
    public var fragmentFiles: [String: String] = [:]
    /// Named values that exist but whose value is not known offline (secrets an extract does not hold).
    public var unknownNamedValues: Set<String> = []
    /// Names to show for files the scenario opens (an APIOps tree's files, relative to the tree's
    /// folder, so that traces and golden files do not depend on the working folder).
    public var shownPaths: [String: String] = [:]
    /// Findings met while reading the scenario's inputs (an APIOps tree's problems), shown as warnings.
    public var inputWarnings: [String] = []
    /// Gateway instances (units) serving the requests (`instances:`; Docs/decisions.md, "Gateway
    /// instances"): each keeps its own circuit breakers and pool selection; caches, counters and
    /// the backends' scripts are shared.
    public var instances = 1
    /// What the gateway holds before the first request (`state:`): cache entries, counters.
    public var state = ScenarioState()

    public init(name: String, file: String, policy: String) {
        self.name = name
        self.file = file
        self.policy = policy
        self.scopes = []
        self.backends = nil
        self.namedValues = [:]
        self.fragments = nil
        self.seed = 0
        self.startUnixMilliseconds = 1_767_225_600_000  // 2026-01-01T00:00:00Z
        self.correlation = .w3c
        self.jitter = true
        self.balancing = .roundRobin
        self.context = ScenarioContext()
        self.requests = []
        self.responses = [:]
        self.expect = nil
    }
}

/// Where each request of a routed scenario goes: the targets (documents and context per
/// operation) and the choice for one request. Built from an APIOps tree (PolicyCheck's `ServiceRouter`).
public struct ScenarioRouting: Sendable {
    /// One operation as a program: its documents broad → narrow (the last is the narrowest) and
    /// the `context.Api` / `.Operation` / `.Product` values it runs with.
    public struct Target: Sendable {
        public var scopes: [(scope: PolicyScope, path: String)]
        public var context: ScenarioContext
        /// How the trace names the route (`orders-api/create-order`).
        public var label: String

        public init(scopes: [(scope: PolicyScope, path: String)], context: ScenarioContext, label: String) {
            self.scopes = scopes
            self.context = context
            self.label = label
        }
    }

    /// What routing decided for one request.
    public enum Decision: Sendable {
        /// Run target `index` with `context.Request.MatchedParameters`; `apiPrefix`: the request
        /// path's API part as called (`orders;rev=2`, `inventory/v2`), stripped when forwarding.
        case target(Int, parameters: [(String, String)], apiPrefix: String? = nil)
        /// No API or operation matches: APIM answers 404 with this reason.
        case notFound(String)
        /// The request cannot be routed offline (an API in several products and none chosen): the run stops.
        case failed(String)
    }

    public typealias Route = @Sendable (_ method: String, _ url: RequestUrl, _ headers: [(name: String, value: String)]) -> Decision

    public var targets: [Target]
    public var route: Route

    public init(targets: [Target], route: @escaping Route) {
        self.targets = targets
        self.route = route
    }
}

/// Policy scopes, broad to narrow.
public enum PolicyScope: String, Sendable, Hashable, CaseIterable {
    case global, workspace, product, api, operation
}

/// Where a scenario's backends come from.
public enum ScenarioBackends: Sendable {
    /// A Bicep, ARM JSON or YAML file.
    case file(String)
    /// An inline map in ARM property shape.
    case inline(ConfigValue)
}

/// The diagnostic setting "correlation protocol".
public enum CorrelationProtocol: String, Sendable, Hashable, CaseIterable {
    case none, legacy, w3c
}

/// How a pool picks among members of one priority group.
public enum PoolBalancing: String, Sendable, Hashable {
    case roundRobin = "round-robin"
    case random
}

/// Values of `context.*` that do not come from the request. Each is a map of property → text as
/// written in the scenario (`subscription: { id: sub-1, key: k1, name: demo }`).
public struct ScenarioContext: Sendable, Hashable {
    public var subscription: [String: String]?
    public var deployment: [String: String]?
    public var api: [String: String]?
    public var operation: [String: String]?
    public var product: [String: String]?
    public var user: [String: String]?
    public var workspace: [String: String]?
    /// The caller's IP address (`context.Request.IpAddress`).
    public var ipAddress: String?
    /// The client certificate the caller presents (`context.Request.Certificate`), when any.
    public var clientCertificate: ScenarioClientCertificate?

    public init() {}
}

/// One request sent to the gateway.
public struct ScenarioRequest: Sendable {
    public var method: String
    public var url: String
    /// Headers in the order written; names keep their case.
    public var headers: [(name: String, value: String)]
    public var body: String?
    /// Virtual time before this request, in milliseconds.
    public var afterMilliseconds: Int64
    /// Send it this many times.
    public var repeatCount: Int
    /// Arrive `after` the previous request's ARRIVAL instead of after its end, so the two are in
    /// flight together on the virtual clock (limit-concurrency, rate limits).
    public var concurrent = false
    /// The request's own `expect:`, checked against each of its responses (every repeat).
    public var expect: RequestExpectation?
    /// The gateway instance (1-based) that serves it; nil: round-robin over the instances.
    public var instance: Int?
    /// Where `instance:` stands (for the error when it names no instance).
    public var instanceLocation: SourceLocation?
    /// Where the request stands in the scenario file.
    public var location: SourceLocation

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: String? = nil,
                afterMilliseconds: Int64 = 0, repeatCount: Int = 1, location: SourceLocation) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.afterMilliseconds = afterMilliseconds
        self.repeatCount = repeatCount
        self.location = location
    }
}

/// One scripted answer of a backend (Docs/scenarios.md, `responses`).
///
/// Which entry answers a call: the first entry whose `when` matches the call; else the next entry
/// without `when` in call order (the last of them repeats once used up — unless the backend has a
/// `default: true` entry, which then answers once they are used up); else the `default: true`
/// entry; else the call is a scenario error.
public struct ScriptedResponse: Sendable, Hashable {
    public enum Failure: String, Sendable, Hashable {
        /// No status line and headers within the timeout.
        case timeout
        /// Connection refused, reset or aborted before any response.
        case connection
        /// The status line and headers arrive (after `headersAfter`), then the connection is
        /// reset before the body is complete (at `latency`).
        case resetAfterHeaders = "reset-after-headers"
    }

    public var status: Int
    public var reason: String?
    public var headers: [ScriptedHeader]
    public var body: String?
    /// Virtual time until the complete response has arrived (or the call fails).
    public var latencyMilliseconds: Int64
    /// Virtual time until the status line and headers arrive (time to first byte); nil: with the
    /// complete response, at `latencyMilliseconds`.
    public var headersAfterMilliseconds: Int64?
    public var failure: Failure?
    /// `when:` — the calls this entry answers; nil: an entry answered in call order.
    public var when: ResponseCondition?
    /// `default: true` — answers the calls that nothing else answers.
    public var isDefault: Bool
    public var location: SourceLocation

    public init(status: Int = 200, reason: String? = nil, headers: [ScriptedHeader] = [], body: String? = nil,
                latencyMilliseconds: Int64 = 0, headersAfterMilliseconds: Int64? = nil, failure: Failure? = nil,
                when: ResponseCondition? = nil, isDefault: Bool = false, location: SourceLocation) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.latencyMilliseconds = latencyMilliseconds
        self.headersAfterMilliseconds = headersAfterMilliseconds
        self.failure = failure
        self.when = when
        self.isDefault = isDefault
        self.location = location
    }

    /// When the headers arrive: `headersAfter`, else with the complete response.
    public var headersMilliseconds: Int64 { min(headersAfterMilliseconds ?? latencyMilliseconds, latencyMilliseconds) }
}

/// `when:` of a scripted response: every condition given must hold for the call the backend
/// receives. Names of headers compare case-insensitively; methods too (they are sent upper-case).
public struct ResponseCondition: Sendable, Hashable {
    /// Any of these methods (upper-case); nil: any method.
    public var methods: [String]?
    /// A path pattern (`/items/*`): `*` stands for any characters except `/`, `**` for any
    /// characters; matched against the path the backend receives, percent-encoding as sent.
    public var path: String?
    /// Query parameters that must be present with exactly this (decoded) value.
    public var query: [ScriptedHeader]
    /// Headers that must be present with exactly this value (one of their values).
    public var headers: [ScriptedHeader]
    /// Text the request body must contain.
    public var bodyContains: String?
    public var location: SourceLocation

    public init(methods: [String]? = nil, path: String? = nil, query: [ScriptedHeader] = [], headers: [ScriptedHeader] = [],
                bodyContains: String? = nil, location: SourceLocation) {
        self.methods = methods
        self.path = path
        self.query = query
        self.headers = headers
        self.bodyContains = bodyContains
        self.location = location
    }

    /// Whether a call matches: `method` as sent, `url` the absolute URL the backend receives,
    /// `header` the values of a header (case-insensitive name), `body` the body text.
    public func matches(method: String, url: String, header: (String) -> [String]?, body: () -> String?) -> Bool {
        if let methods, !methods.contains(where: { $0 == method.uppercased() }) { return false }
        if path != nil || !query.isEmpty {
            let parts = Self.pathAndQuery(of: url)
            if let path, !Self.glob(path, matches: parts.path) { return false }
            for parameter in query {
                guard parts.query.contains(where: { $0.name == parameter.name && $0.value == parameter.value }) else { return false }
            }
        }
        for expected in headers {
            guard let values = header(expected.name), values.contains(expected.value) || values.joined(separator: ",") == expected.value else {
                return false
            }
        }
        if let bodyContains {
            guard let text = body(), text.contains(bodyContains) else { return false }
        }
        return true
    }

    /// A readable form for messages: `GET /items/* ?a=1 X-Mode: slow body ∋ "x"`.
    public var summary: String {
        var parts: [String] = []
        if let methods { parts.append(methods.joined(separator: "|")) }
        if let path { parts.append(path) }
        if !query.isEmpty { parts.append("?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")) }
        for header in headers { parts.append("\(header.name): \(header.value)") }
        if let bodyContains { parts.append("body contains \"\(bodyContains)\"") }
        return parts.joined(separator: " ")
    }

    /// The path (percent-encoding as sent) and the decoded query parameters of an absolute URL.
    static func pathAndQuery(of url: String) -> (path: String, query: [(name: String, value: String)]) {
        var rest = Substring(url)
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        var queryText: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = "/"
        if let scheme = rest.range(of: "://") {
            let afterScheme = rest[scheme.upperBound...]
            if let slash = afterScheme.firstIndex(of: "/") { path = String(afterScheme[slash...]) }
        } else if rest.hasPrefix("/") {
            path = String(rest)
        }
        var query: [(name: String, value: String)] = []
        for pair in queryText.split(separator: "&", omittingEmptySubsequences: true) {
            let (name, value): (Substring, Substring)
            if let equals = pair.firstIndex(of: "=") {
                (name, value) = (pair[..<equals], pair[pair.index(after: equals)...])
            } else {
                (name, value) = (pair, "")
            }
            query.append((decode(name), decode(value)))
        }
        return (path, query)
    }

    /// Percent-decoding (`%20` → space; `+` is kept); malformed escapes are kept as written.
    static func decode(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Paths longer than this match no `when.path` (the matching time grows with pattern × path).
    public static let maximumMatchedPathLength = 65_536

    /// Glob matching over bytes: `*` matches any run of bytes except `/`, `**` any run at all;
    /// every other byte matches itself. Dynamic programming, O(pattern × path) time, O(path) memory.
    public static func glob(_ pattern: String, matches text: String) -> Bool {
        guard text.utf8.count <= maximumMatchedPathLength else { return false }
        enum Token: Equatable { case byte(UInt8), segment, any }
        var tokens: [Token] = []
        let patternBytes = Array(pattern.utf8)
        var index = 0
        while index < patternBytes.count {
            if patternBytes[index] == UInt8(ascii: "*") {
                var run = 0
                while index < patternBytes.count, patternBytes[index] == UInt8(ascii: "*") {
                    run += 1
                    index += 1
                }
                tokens.append(run >= 2 ? .any : .segment)
            } else {
                tokens.append(.byte(patternBytes[index]))
                index += 1
            }
        }
        let bytes = Array(text.utf8)
        // matched[j]: the tokens so far match the first j bytes of the text.
        var matched = [Bool](repeating: false, count: bytes.count + 1)
        matched[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: bytes.count + 1)
            switch token {
            case .byte(let byte):
                for j in 0..<bytes.count where matched[j] && bytes[j] == byte { next[j + 1] = true }
            case .segment:
                for j in 0...bytes.count {
                    if matched[j] { next[j] = true } else if j > 0, next[j - 1], bytes[j - 1] != UInt8(ascii: "/") { next[j] = true }
                }
            case .any:
                for j in 0...bytes.count {
                    if matched[j] || (j > 0 && next[j - 1]) { next[j] = true }
                }
            }
            matched = next
            if !matched.contains(true) { return false }
        }
        return matched[bytes.count]
    }
}

/// A header of a scripted response, names keeping their case.
public struct ScriptedHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `expect:` — checked after the run; a failed expectation fails `run` and `test`.
public struct ScenarioExpectation: Sendable, Hashable {
    /// Status of the last request's response (or of every request, see `statuses`).
    public var status: Int?
    /// Statuses of all responses, in order.
    public var statuses: [Int]?
    /// The order of backend calls over the whole scenario (backend ids, or hosts for base-url calls).
    public var backends: [String]?
    /// Header values the last response must carry.
    public var headers: [String: String]?
    /// Text the last response's body must contain.
    public var bodyContains: String?
    /// Variables (as printed in the trace) after the last request.
    public var variables: [String: String]?
    public var location: SourceLocation

    public init(location: SourceLocation) {
        self.location = location
    }
}

/// A scenario that cannot be run: names the file, line and what is wrong. The same type as every
/// other input error (`InputError`): one error type for anything a user handed in.
public typealias ScenarioError = InputError
