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
    /// Circuit breakers and pool selectors by backend id, each in a `Slot` so that reading or
    /// updating one copies nothing (they hold arrays; a struct read out of a dictionary is a copy).
    private(set) var breakers: [String: Slot<CircuitBreakerState>] = [:]
    /// The breakers' backend ids in order (transitions are recorded in this order).
    private(set) var breakerIDs: [String] = []
    private(set) var selectors: [String: Slot<PoolSelector>] = [:]
    var scriptPositions: [String: Int] = [:]
    var contextRandom: SeededRandom
    var jitterRandom: SeededRandom
    var traceRandom: SeededRandom
    var expressions = ExpressionCache()
    /// Backend calls in order over the whole scenario (for `expect.backends`).
    var backendCalls: [String] = []
    /// Per-key stores of the simulated policies of the rest of the gateway.
    var store = SimulatedStores()
    /// The scenario's `context:` values, read once.
    let contextValues: ScenarioContextBuilder
    /// Keys, certificates and authorizations the scenario declares (access policies).
    let access: ScenarioAccess
    /// Policies and branches that ran; nil unless the runner records coverage.
    var coverage: CoverageRecorder?
    /// The last backend-relative path and query composed, with what it was composed from.
    var relativePathCache: (url: RequestUrl, apiPath: String, relative: Bool, text: String)?
    /// The last request URL printed for a trace (requests of one `repeat` share it).
    var urlTextCache: (url: RequestUrl, text: String)?
    /// What the request traces keep (the simulation itself is the same at every level).
    var detail: TraceDetail = .full

    init(scenario: Scenario, backends: BackendCatalog) {
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
        for backend in backends.backends {
            if let rule = backend.circuitBreaker {
                breakers[backend.id] = Slot(CircuitBreakerState(backendID: backend.id, rule: rule))
            }
            if let pool = backend.pool {
                let strategy: PoolSelector.Strategy = scenario.balancing == .random
                    ? .seededRandom(root.derived("pool:" + backend.id)) : .smoothWeightedRoundRobin
                selectors[backend.id] = Slot(PoolSelector(poolID: backend.id, pool: pool, strategy: strategy))
            }
        }
        breakerIDs = breakers.keys.sorted()
    }

    /// The virtual clock as a .NET DateTime (UTC).
    var now: DateTimeValue {
        DateTimeValue(ticks: Ticks.unixEpoch &+ (startUnixMilliseconds &+ clock) &* Ticks.perMillisecond)
    }

    /// The next scripted answer of a backend (by id or host); the last entry repeats. `nil` when
    /// the scenario scripts neither this backend nor `"*"`.
    func nextResponse(for key: String) -> ScriptedResponse? {
        let scriptKey: String
        if responses[key] != nil {
            scriptKey = key
        } else {
            let lower = key.lowercased()
            scriptKey = responses[lower] != nil ? lower : "*"
        }
        guard let script = responses[scriptKey], !script.isEmpty else { return nil }
        let position = scriptPositions[scriptKey, default: 0]
        scriptPositions[scriptKey] = position + 1
        return script[min(position, script.count - 1)]
    }
}

/// Parse-once cache of prepared expressions, keyed by their source text.
struct ExpressionCache {
    private var prepared: [String: PreparedExpression] = [:]
    private var failed: [String: ExpressionSyntaxError] = [:]

    mutating func expression(_ source: String) -> Result<PreparedExpression, ExpressionSyntaxError> {
        if let expression = prepared[source] { return .success(expression) }
        if let error = failed[source] { return .failure(error) }
        do {
            let expression = try PreparedExpression(source: source)
            prepared[source] = expression
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
