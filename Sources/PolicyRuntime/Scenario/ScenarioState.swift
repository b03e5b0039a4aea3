import PolicyModel
import PolicySource

/// What the simulated gateway holds before the scenario's first request (`state:`; Docs/scenarios.md,
/// "Pre-seeded state"), so that a test can start mid-window as production does.
public struct ScenarioState: Sendable {
    /// A `cache-lookup-value` entry: its key, value and how long it has left.
    public struct CacheEntry: Sendable {
        public var key: String
        public var value: ExpectedValue
        /// Time left before it expires; nil: it does not expire during the scenario.
        public var ttlMilliseconds: Int64?
        public var location: SourceLocation

        public init(key: String, value: ExpectedValue, ttlMilliseconds: Int64? = nil, location: SourceLocation) {
            self.key = key
            self.value = value
            self.ttlMilliseconds = ttlMilliseconds
            self.location = location
        }
    }

    /// Calls already counted for one counter key of `rate-limit-by-key` or `quota-by-key`.
    public struct Counter: Sendable {
        /// The counter key's value, as the policy's `counter-key` computes it.
        public var key: String
        public var calls: Int
        /// Of a quota: bytes already transferred in the current period.
        public var bytes: Int64
        /// Of a rate limit: how long before the first request the calls were made (they leave
        /// the window `renewal-period` after that).
        public var agoMilliseconds: Int64
        public var location: SourceLocation

        public init(key: String, calls: Int, bytes: Int64 = 0, agoMilliseconds: Int64 = 0, location: SourceLocation) {
            self.key = key
            self.calls = calls
            self.bytes = bytes
            self.agoMilliseconds = agoMilliseconds
            self.location = location
        }
    }

    public var cache: [CacheEntry] = []
    /// `rate-limit-by-key` counters.
    public var rateLimits: [Counter] = []
    /// `quota-by-key` counters, in the period the first request falls in.
    public var quotas: [Counter] = []

    public init() {}

    public var isEmpty: Bool { cache.isEmpty && rateLimits.isEmpty && quotas.isEmpty }
}

extension ScenarioState {
    /// Refuses seeded state no policy of the program reads: counters of a policy kind the
    /// program does not have, or keys that none of its policies' literal keys name. An
    /// expression key may compute anything, so it accepts every key.
    public func check(against program: PolicyProgram) throws(ScenarioError) {
        var documents = program.scopes.map(\.document) + program.routes.flatMap { $0.map(\.document) }
        documents += program.fragments.keys.sorted().compactMap { program.fragments[$0] }
        var rateKeys = KeyUse()
        var quotaKeys = KeyUse()
        var cacheKeys = KeyUse()
        for document in documents {
            for (policy, _) in document.allPolicies() {
                switch policy.kind {
                case .rateLimitByKey(let limit): rateKeys.add(limit.counterKey)
                case .quotaByKey(let quota): quotaKeys.add(quota.counterKey)
                case .cacheLookupValue(let lookup): cacheKeys.add(lookup.key)
                default: break
                }
            }
        }
        for counter in rateLimits { try rateKeys.check(counter.key, "state.rateLimits", "rate-limit-by-key", "counter key", at: counter.location) }
        for counter in quotas { try quotaKeys.check(counter.key, "state.quotas", "quota-by-key", "counter key", at: counter.location) }
        for entry in cache { try cacheKeys.check(entry.key, "state.cache", "cache-lookup-value", "key", at: entry.location) }
    }

    /// The keys the policies of one kind use: literal ones by name, or any (an expression).
    private struct KeyUse {
        var policies = 0
        var literals: [String] = []
        var anyKey = false

        mutating func add(_ value: PolicyValue?) {
            policies += 1
            if let value, value.isLiteral, value.namedValues.isEmpty {
                if !literals.contains(value.text) { literals.append(value.text) }
            } else {
                anyKey = true
            }
        }

        func check(_ key: String, _ field: String, _ policy: String, _ what: String, at location: SourceLocation) throws(ScenarioError) {
            if policies == 0 {
                throw ScenarioError("'\(field)' seeds '\(key)', but the program has no \(policy) policy to read it", at: location)
            }
            if !anyKey, !literals.contains(key) {
                throw ScenarioError("'\(field)' seeds '\(key)', but no \(policy) policy uses that \(what) (theirs: \(literals.map { "'\($0)'" }.joined(separator: ", ")))",
                                    at: location)
            }
        }
    }
}
