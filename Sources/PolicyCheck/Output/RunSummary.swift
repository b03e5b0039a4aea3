import Histogram
import PolicyBackends
import PolicyRuntime

/// The headline numbers of a run (Docs/run-output.md, "Summary"), gathered one request at a time
/// so that a run of any length keeps the same few counters: what clients saw, what each backend
/// was sent and answered, retries, circuit transitions, and virtual latency percentiles
/// (HdrHistogram, three significant digits).
public struct RunSummary: Sendable {
    /// One backend's traffic.
    public struct BackendTraffic: Sendable, Equatable {
        public var id: String
        public var calls = 0
        /// Statuses the backend answered, by status.
        public var statuses: [Int: Int] = [:]
        /// Attempts that failed without a status (or after one: a reset), by LastError reason.
        public var errors: [String: Int] = [:]
        /// Calls made through each pool, by pool id.
        public var poolCalls: [String: Int] = [:]
    }

    /// A circuit that opened: when, until when, why, and when it was seen to close.
    public struct CircuitOpening: Sendable, Equatable {
        public var backend: String
        /// The gateway instance whose breaker it is (nil in a scenario of one instance).
        public var instance: Int?
        public var trippedAtMs: Int64
        public var openUntilMs: Int64?
        public var reason: String
        /// When the gateway noticed the circuit closed (nil: still open when the run ended).
        public var closedAtMs: Int64?
        /// How long the circuit was open: `openUntil - tripped`.
        public var openMs: Int64 { (openUntilMs ?? trippedAtMs) - trippedAtMs }
    }

    /// A pool member's configured share: its weight among the members of its priority group.
    public struct PoolMember: Sendable, Equatable {
        public var pool: String
        public var backend: String
        public var priority: Int
        public var weight: Int
    }

    public private(set) var requests = 0
    /// Client statuses, by status.
    public private(set) var statuses: [Int: Int] = [:]
    /// Backends in the order they were first called.
    public private(set) var backends: [BackendTraffic] = []
    private var backendIndex: [String: Int] = [:]
    /// Requests that retried (a `retry` policy ran its policies again), the retries in all, the most in one request.
    public private(set) var requestsRetried = 0
    public private(set) var retries = 0
    public private(set) var maxRetriesPerRequest = 0
    /// Retry waits: how many, and their virtual milliseconds in all.
    public private(set) var retryWaits = 0
    public private(set) var retryWaitMs: Int64 = 0
    public private(set) var circuits: [CircuitOpening] = []
    /// Responses refused by rate-limit / token-limit policies, and by quota / token-quota policies.
    public private(set) var rateLimited = 0
    public private(set) var quotaExceeded = 0
    /// Responses refused by limit-concurrency.
    public private(set) var concurrencyLimited = 0
    /// When the first request arrived and the last response was sent (virtual ms).
    public private(set) var firstArrivalMs: Int64?
    public private(set) var lastEndMs: Int64 = 0
    /// Virtual latency of client responses, milliseconds.
    private var latency = Histogram<UInt64>(highestTrackableValue: UInt64(RuntimeLimits.maxVirtualMilliseconds), numberOfSignificantValueDigits: .three)
    /// The pools' members with their configured weights, for the share beside the traffic.
    public let poolMembers: [PoolMember]

    public init(backends catalog: BackendCatalog = BackendCatalog()) {
        var members: [PoolMember] = []
        for backend in catalog.backends {
            guard let pool = backend.pool else { continue }
            for member in pool.members {
                members.append(PoolMember(pool: backend.id, backend: member.id, priority: member.priority ?? 1, weight: member.weight ?? 1))
            }
        }
        poolMembers = members
    }

    public mutating func add(_ request: RequestTrace) {
        requests += 1
        statuses[request.response.status, default: 0] += 1
        if firstArrivalMs == nil { firstArrivalMs = request.atMilliseconds }
        lastEndMs = max(lastEndMs, request.atMilliseconds &+ request.elapsedMilliseconds)
        _ = latency.record(UInt64(max(0, min(request.elapsedMilliseconds, RuntimeLimits.maxVirtualMilliseconds))))
        for attempt in request.attempts {
            let index: Int
            if let known = backendIndex[attempt.backend] {
                index = known
            } else {
                index = backends.count
                backendIndex[attempt.backend] = index
                backends.append(BackendTraffic(id: attempt.backend))
            }
            backends[index].calls += 1
            if let status = attempt.status { backends[index].statuses[status, default: 0] += 1 }
            if let error = attempt.error { backends[index].errors[error, default: 0] += 1 }
            if let pool = attempt.pool { backends[index].poolCalls[pool, default: 0] += 1 }
        }
        // Each retry of a `retry` policy waits (0 ms included) before it runs again.
        let retried = request.retryWaits.count
        if retried > 0 {
            requestsRetried += 1
            retries += retried
            maxRetriesPerRequest = max(maxRetriesPerRequest, retried)
        }
        retryWaits += request.retryWaits.count
        retryWaitMs += request.retryWaits.reduce(0) { $0 + $1.milliseconds }
        for event in request.circuitEvents {
            switch event.kind {
            case .tripped:
                circuits.append(CircuitOpening(backend: event.backendID, instance: request.instance, trippedAtMs: event.atMs,
                                               openUntilMs: event.openUntilMs, reason: event.reason))
            case .closed:
                if let index = circuits.lastIndex(where: { $0.backend == event.backendID && $0.instance == request.instance && $0.closedAtMs == nil }) {
                    circuits[index].closedAtMs = event.atMs
                }
            }
        }
        switch request.lastError?.reason {
        case "RateLimitExceeded", "TokenLimitExceeded": rateLimited += 1
        case "QuotaExceeded", "TokenQuotaExceeded": quotaExceeded += 1
        case "ConcurrencyLimitExceeded": concurrencyLimited += 1
        default: break
        }
    }

    /// Latency at a percentile (0…100), virtual milliseconds; 0 with no requests.
    public func latencyMs(atPercentile percentile: Double) -> Int64 {
        requests == 0 ? 0 : Int64(latency.valueAtPercentile(percentile))
    }

    public var maxLatencyMs: Int64 { requests == 0 ? 0 : Int64(latency.max) }

    /// A backend's share of its pool's calls (0…1), and its configured share: its weight among
    /// the members of its priority group.
    public func share(of backend: String, in pool: String) -> (traffic: Double, weight: Double?) {
        let poolTotal = backends.reduce(0) { $0 + ($1.poolCalls[pool] ?? 0) }
        let calls = backends.first { $0.id == backend }?.poolCalls[pool] ?? 0
        let traffic = poolTotal == 0 ? 0 : Double(calls) / Double(poolTotal)
        guard let member = poolMembers.first(where: { $0.pool == pool && $0.backend == backend }) else { return (traffic, nil) }
        let group = poolMembers.filter { $0.pool == pool && $0.priority == member.priority }
        let weights = group.reduce(0) { $0 + $1.weight }
        return (traffic, weights == 0 ? nil : Double(member.weight) / Double(weights))
    }
}
