import PolicyBackends
import PolicyExpressions
import PolicySource

/// The simulated gateway's state across the requests of one scenario: the virtual clock,
/// circuit breakers, pool selectors, the position in each backend's script, caches and
/// counters, and the random streams. Nothing here reads the wall clock.
final class GatewayState {
    /// Virtual milliseconds since the scenario's start.
    var clock: Int64 = 0
    let startUnixMilliseconds: Int64
    let scenarioName: String
    let correlation: CorrelationProtocol
    let jitter: Bool
    let balancing: PoolBalancing
    let responses: [String: [ScriptedResponse]]
    let backends: BackendCatalog
    /// The gateway instances (units); each keeps its own breakers and pool selectors
    /// (Docs/decisions.md, "Gateway instances"). `instance` serves the request running now.
    let instances: [GatewayInstance]
    private(set) var instance: GatewayInstance
    /// Circuit breakers and pool selectors of the instance serving the request.
    var breakers: [String: Slot<CircuitBreakerState>] { instance.breakers }
    /// The breakers in backend-id order (transitions are recorded in this order), for the
    /// per-attempt sweep of elapsed circuits.
    var breakerList: [(id: String, slot: Slot<CircuitBreakerState>)] { instance.breakerList }
    var selectors: [String: Slot<PoolSelector>] { instance.selectors }
    /// Quota counters of `state:`, applied when a quota-by-key policy first counts the key in
    /// the period the first request falls in.
    var seededQuotas: [String: ScenarioState.Counter] = [:]
    /// Each backend's script with its position, by script key; and by the key a call asked for.
    private var cursors: [String: ScriptCursor] = [:]
    private var cursorByRequestedKey: [String: ScriptCursor] = [:]
    var contextRandom: SeededRandom
    var jitterRandom: SeededRandom
    var traceRandom: SeededRandom
    var expressions = ExpressionCache()
    /// Per-key stores of the simulated policies of the rest of the gateway.
    var store = SimulatedStores()
    /// The scenario's `context:` values, read once.
    let contextValues: ScenarioContextBuilder
    /// Keys, certificates and authorizations the scenario declares (access policies).
    let access: ScenarioAccess
    /// Policies and branches that ran; nil unless the runner records coverage.
    var coverage: CoverageRecorder?
    /// The last backend-relative path and query composed, with what it was composed from.
    /// Keyed by the printed request URL, and used only while the request's URL is unchanged.
    var relativePathCache: (urlText: String, apiPath: String, relative: Bool, text: String)?
    /// The last backend URL composed from a base URL and a backend-relative path.
    var joinedURLCache: (base: String, pathAndQuery: String, url: String)?
    /// The path stack of the last request, kept for its capacity (see `takePathBuffer()`).
    private var spareStack: [PathStep] = []
    /// What the request traces keep (the simulation itself is the same at every level).
    var detail: TraceDetail = .full

    /// The program's scopes and sections, laid out once.
    let layout: ProgramLayout
    /// One layout per routing target (`Scenario.routing`), and each target's context values.
    let routeLayouts: [ProgramLayout]
    let routeContexts: [ScenarioContextBuilder]
    /// `context.Request.IpAddress` of every request (the scenario's `context.ipAddress`).
    let clientIPAddress: String

    init(scenario: Scenario, program: PolicyProgram) {
        let backends = program.backends
        self.layout = ProgramLayout(program)
        self.routeLayouts = program.routes.map { ProgramLayout(program, scopes: $0) }
        self.routeContexts = (scenario.routing?.targets ?? []).map { target in
            var context = scenario.context
            context.api = target.context.api ?? context.api
            context.operation = target.context.operation ?? context.operation
            context.product = target.context.product ?? context.product
            context.workspace = target.context.workspace ?? context.workspace
            return ScenarioContextBuilder(context)
        }
        self.clientIPAddress = scenario.context.ipAddress ?? "127.0.0.1"
        self.startUnixMilliseconds = scenario.startUnixMilliseconds
        self.scenarioName = scenario.name
        self.correlation = scenario.correlation
        self.jitter = scenario.jitter
        self.balancing = scenario.balancing
        self.responses = scenario.responses
        self.backends = backends
        self.contextValues = ScenarioContextBuilder(scenario.context)
        self.access = scenario.access
        let root = SeededRandom(seed: scenario.seed)
        self.contextRandom = root.derived("context")
        self.jitterRandom = root.derived("jitter")
        self.traceRandom = root.derived("trace")
        let instances = (0..<max(1, scenario.instances)).map { index in
            GatewayInstance(number: index + 1, backends: backends, balancing: scenario.balancing, random: root)
        }
        self.instances = instances
        self.instance = instances[0]
        seed(scenario.state)
    }

    /// Serves the next request on instance `number` (1-based).
    func serve(onInstance number: Int) {
        instance = instances[min(max(number, 1), instances.count) - 1]
    }

    /// The caches and counters of `state:`.
    private func seed(_ state: ScenarioState) {
        for entry in state.cache {
            store.values[entry.key] = (Self.value(entry.value), entry.ttlMilliseconds ?? Int64.max)
        }
        for counter in state.rateLimits {
            var window = SlidingWindow()
            if counter.calls > 0 { window.add(counter.calls, at: 0 &- counter.agoMilliseconds) }
            store.limits.windows["rate-limit-by-key|" + counter.key] = window
        }
        for counter in state.quotas { seededQuotas["quota-by-key|" + counter.key] = counter }
    }

    /// A `state:` value as the expressions see it: numbers that fit are `int`, larger `long`.
    static func value(_ value: ExpectedValue) -> Value {
        switch value {
        case .string(let text), .json(let text): .string(text)
        case .integer(let number): Int32(exactly: number).map(Value.int) ?? .long(number)
        case .number(let number): .double(number)
        case .boolean(let flag): .bool(flag)
        case .null: .null
        }
    }

    /// The context of the last request, handed to the next one when nothing else holds it
    /// (`PolicyContext.recycle`: a recycled context is indistinguishable from a new one).
    private var lastContext: PolicyContext?

    /// The context for the next request, for the caller to `recycle`: the previous request's once
    /// that request is over and nothing holds it, otherwise a new one (kept for the request after).
    func nextContext() -> PolicyContext {
        if isKnownUniquelyReferenced(&lastContext), let context = lastContext { return context }
        let context = PolicyContext()
        lastContext = context
        return context
    }

    /// The state of the last expression evaluated, reused by the next one
    /// (`PreparedExpression.evaluate(in:reusing:)`; it holds no context in between).
    var spareEvaluation: Evaluation?

    /// An empty path stack with room for a few levels, reused from request to request.
    func takePathBuffer() -> [PathStep] {
        var buffer: [PathStep] = []
        swap(&buffer, &spareStack)
        if buffer.capacity == 0 { buffer.reserveCapacity(8) }
        return buffer
    }

    func returnPathBuffer(_ buffer: inout [PathStep]) {
        buffer.removeAll(keepingCapacity: true)
        swap(&buffer, &spareStack)
    }

    /// The backend a `backend-id` names (exact, then case-insensitive), with its selector and
    /// breakers, looked up once per id and scenario; nil when the catalog has no such backend.
    func route(_ id: String) -> BackendRoute? {
        instance.route(id, backends: backends)
    }

    /// The virtual clock as a .NET DateTime (UTC).
    var now: DateTimeValue {
        DateTimeValue(ticks: Ticks.unixEpoch &+ (startUnixMilliseconds &+ clock) &* Ticks.perMillisecond)
    }

    /// The scripted answer of a backend (by id or host) to one call: see `ScriptCursor.answer`.
    /// `.unscripted` when the scenario scripts neither this backend nor `"*"`.
    func nextResponse(for key: String, call: OutgoingCall) -> ScriptAnswer {
        let cursor: ScriptCursor
        if let known = cursorByRequestedKey[key] {
            cursor = known
        } else {
            let scriptKey: String
            if responses[key] != nil {
                scriptKey = key
            } else {
                let lower = key.lowercased()
                scriptKey = responses[lower] != nil ? lower : "*"
            }
            if let shared = cursors[scriptKey] {
                cursor = shared
            } else {
                cursor = ScriptCursor(responses[scriptKey] ?? [], key: scriptKey)
                cursors[scriptKey] = cursor
            }
            cursorByRequestedKey[key] = cursor
        }
        return cursor.answer(call)
    }

    /// A broken scenario found while a request ran (a call no scripted response answers); the
    /// runner reports it once the request's trace is out and stops the run.
    var abort: RunAbort?
}

/// What a backend's script says to one call.
enum ScriptAnswer {
    case answer(ScriptedResponse)
    /// The scenario has no script for the backend (answered 200 with a warning, as before).
    case unscripted
    /// The backend is scripted but no entry answers this call (no `when` matches, no entry
    /// without `when`, no `default: true`).
    case unmatched(ScriptCursor)
}

/// One gateway instance (unit): what APIM keeps per instance — the circuit breakers, and the pool
/// selectors (Docs/decisions.md, "Gateway instances") — and the routes resolved against them.
final class GatewayInstance {
    /// 1-based, as `instance:` and the trace name it.
    let number: Int
    /// Circuit breakers and pool selectors by backend id, each in a `Slot` so that reading or
    /// updating one copies nothing (they hold arrays; a struct read out of a dictionary is a copy).
    private(set) var breakers: [String: Slot<CircuitBreakerState>] = [:]
    private(set) var breakerList: [(id: String, slot: Slot<CircuitBreakerState>)] = []
    private(set) var selectors: [String: Slot<PoolSelector>] = [:]
    /// Each `backend-id` as requested, resolved once (see `route(_:)`).
    private var routes: [String: BackendRoute] = [:]
    /// The last route looked up (a policy's `backend-id` is the same string every request).
    private var lastRoute: (id: String, route: BackendRoute)?

    init(number: Int, backends: BackendCatalog, balancing: PoolBalancing, random root: SeededRandom) {
        self.number = number
        for backend in backends.backends {
            if let rule = backend.circuitBreaker {
                breakers[backend.id] = Slot(CircuitBreakerState(backendID: backend.id, rule: rule))
            }
            if let pool = backend.pool {
                // Instance 1 draws from the stream a one-instance scenario always used.
                let stream = number == 1 ? "pool:" + backend.id : "pool:\(backend.id)#\(number)"
                let strategy: PoolSelector.Strategy = balancing == .random ? .seededRandom(root.derived(stream)) : .smoothWeightedRoundRobin
                selectors[backend.id] = Slot(PoolSelector(poolID: backend.id, pool: pool, strategy: strategy))
            }
        }
        breakerList = breakers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The backend a `backend-id` names, with this instance's selector and breakers, looked up
    /// once per id; nil when the catalog has no such backend.
    func route(_ id: String, backends: BackendCatalog) -> BackendRoute? {
        if let last = lastRoute, last.id == id { return last.route.exists ? last.route : nil }
        let route: BackendRoute
        if let known = routes[id] {
            route = known
        } else {
            route = BackendRoute(requestedID: id, backend: backends[id], instance: self, backends: backends)
            routes[id] = route
        }
        lastRoute = (id, route)
        return route.exists ? route : nil
    }
}

/// One backend's script and how far the scenario has got in it (positions are per script key).
final class ScriptCursor {
    /// The script key (`backend1`, a host, or `*`).
    let key: String
    /// Entries with `when`, in file order: the first that matches answers (they are not used up).
    let routed: [ScriptedResponse]
    /// Entries without `when` (and not the default), answered in call order.
    let ordered: [ScriptedResponse]
    /// The `default: true` entry.
    let fallback: ScriptedResponse?
    /// Where the backend's first entry stands (for the error of an unmatched call).
    let location: SourceLocation?
    private var position = 0

    init(_ script: [ScriptedResponse], key: String = "") {
        self.key = key
        self.routed = script.filter { $0.when != nil }
        self.ordered = script.filter { $0.when == nil && !$0.isDefault }
        self.fallback = script.first { $0.isDefault }
        self.location = script.first?.location
    }

    /// The answer to a call: the first `when` entry that matches; else the next ordered entry
    /// (the last repeats once used up, unless there is a default, which then answers); else the
    /// default; else `.unmatched`. An empty script is `.unscripted`.
    func answer(_ call: OutgoingCall) -> ScriptAnswer {
        if ordered.isEmpty && routed.isEmpty && fallback == nil { return .unscripted }
        if !routed.isEmpty {
            for entry in routed where entry.when?.matches(method: call.method, url: call.url, header: { call.header($0) }, body: { call.bodyString() }) ?? false {
                return .answer(entry)
            }
        }
        if !ordered.isEmpty {
            if position < ordered.count {
                position += 1
                return .answer(ordered[position - 1])
            }
            if fallback == nil, let last = ordered.last { return .answer(last) }
        }
        if let fallback { return .answer(fallback) }
        return .unmatched(self)
    }
}

/// A call as the backend receives it, for `when:` matching (held as given: nothing is derived
/// unless a `when` asks).
struct OutgoingCall {
    var method: String
    var url: String
    /// The headers sent (names case-insensitive).
    var headers: HeaderDictionary? = nil
    /// The body sent, as the request holds it or as text.
    var body: MessageBody? = nil
    var bodyText: String? = nil

    func header(_ name: String) -> [String]? { headers?.values(name) }

    func bodyString() -> String? { bodyText ?? body.map { String(decoding: $0.bytes, as: UTF8.self) } }
}

/// A `backend-id` resolved against the catalog once per scenario: the backend, its URL, and for a
/// pool its selector with each member's breaker and URL (so selecting hashes nothing).
final class BackendRoute {
    let backend: Backend?
    /// `url` of a single backend (`https://<id>` when it has none).
    let url: String
    /// The pool's selector; nil for a single backend (and for a pool named in another spelling,
    /// which runs as a plain backend as before).
    let selector: Slot<PoolSelector>?
    /// Per pool member (selector order): its breaker and its URL.
    let memberBreakers: [Slot<CircuitBreakerState>?]
    let memberURLs: [String]
    /// The breaker of a single backend, by the id as requested.
    let breaker: Slot<CircuitBreakerState>?

    /// Whether the catalog has the backend; and whether it is a pool.
    let exists: Bool
    let isPool: Bool

    init(requestedID id: String, backend: Backend?, instance: GatewayInstance, backends: BackendCatalog) {
        self.backend = backend
        self.exists = backend != nil
        self.isPool = backend?.isPool ?? false
        self.url = backend?.url ?? "https://\(id)"
        self.breaker = instance.breakers[id]
        if backend?.isPool == true, let selector = instance.selectors[id] {
            self.selector = selector
            let members = selector.value.memberIDs
            self.memberBreakers = members.map { instance.breakers[$0] }
            self.memberURLs = members.map { backends[$0]?.url ?? "https://\($0)" }
        } else {
            self.selector = nil
            self.memberBreakers = []
            self.memberURLs = []
        }
    }
}

/// Parse-once cache of prepared expressions, keyed by their source text.
struct ExpressionCache {
    /// A prepared expression held by reference: handing it out retains one object instead of
    /// copying the expression's syntax tree and code.
    final class Entry {
        let prepared: PreparedExpression
        init(_ prepared: PreparedExpression) { self.prepared = prepared }
    }

    private var prepared: [String: Entry] = [:]
    private var failed: [String: ExpressionSyntaxError] = [:]
    /// The first expressions prepared, looked up by length and text before hashing: a policy's
    /// handful of expressions come back with the same string every request, and comparing
    /// the same string is cheaper than hashing it.
    private var firstLengths: [Int] = []
    private var firstSources: [String] = []
    private var firstExpressions: [Entry] = []

    mutating func expression(_ source: String) -> Result<Entry, ExpressionSyntaxError> {
        let length = source.utf8.count
        for index in firstLengths.indices where firstLengths[index] == length && firstSources[index] == source {
            return .success(firstExpressions[index])
        }
        if let expression = prepared[source] { return .success(expression) }
        if let error = failed[source] { return .failure(error) }
        do {
            let expression = Entry(try PreparedExpression(source: source))
            prepared[source] = expression
            if firstLengths.count < 16 {
                firstLengths.append(length)
                firstSources.append(source)
                firstExpressions.append(expression)
            }
            return .success(expression)
        } catch {
            failed[source] = error
            return .failure(error)
        }
    }
}

/// Counters and caches that live across the requests of a scenario (rate limits, quotas, the
/// response and value caches).
struct SimulatedStores {
    /// Cached values: key → (value, expiry in virtual ms).
    var values: [String: (value: Value, expires: Int64)] = [:]
    /// Cached responses by cache key.
    var responses: [String: (status: Int, reason: String, headers: [(String, [String])], body: [UInt8], expires: Int64)] = [:]
    /// Rate limits, quotas, token limits and concurrency slots (Simulated/LimitState.swift).
    var limits = LimitCounters()
}

/// A value kept by reference: a dictionary of slots hands out the slot, never a copy of the value.
final class Slot<Value> {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
