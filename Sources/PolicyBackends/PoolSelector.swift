import PolicySource

/// Chooses the member of one backend pool for each request.
///
/// Decisions (see Docs/backends.md):
/// - Candidates are the members the caller reports available (circuit closed).
/// - Lower `priority` number = preferred; an absent priority counts as 0 (the highest), like an
///   explicit 0. Only the best priority group with at least one available member is used.
/// - Within that group: smooth weighted round-robin (nginx) over the available members by
///   default, or a seeded random weighted choice when asked. An absent weight counts as 1; when
///   the available members' weights add up to 0, they share equally.
/// - Ties in smooth weighted round-robin go to the member listed first.
/// - No available member: nil (the caller raises 503 "Backend pool <id> is temporarily unavailable").
///
/// `select` does not allocate.
public struct PoolSelector: Sendable {
    /// How to choose within a priority group.
    public enum Strategy: Sendable, Hashable {
        /// Deterministic smooth weighted round-robin (the default; stable golden files).
        case smoothWeightedRoundRobin
        /// A weighted random choice drawn from this generator.
        case seededRandom(SeededRandom)
    }

    public let poolID: String
    /// Member backend ids, in pool order.
    public let memberIDs: [String]
    /// Effective priority and weight per member.
    public let priorities: [Int]
    public let weights: [Int]
    /// Member indices grouped by priority, best group first; `groupBounds[g]..<groupBounds[g+1]`.
    private let groupOrder: [Int]
    private let groupBounds: [Int]
    private var current: [Int]
    private var strategy: Strategy

    public init(poolID: String, pool: BackendPool, strategy: Strategy = .smoothWeightedRoundRobin) {
        self.poolID = poolID
        self.memberIDs = pool.members.map(\.id)
        // Clamped so that no sum can overflow whatever the input said (the validator reports it).
        self.priorities = pool.members.map { min(max(0, $0.priority ?? 0), 1_000_000) }
        self.weights = pool.members.map { min(max(0, $0.weight ?? 1), 1_000_000) }
        self.strategy = strategy
        self.current = Array(repeating: 0, count: pool.members.count)
        let prios = pool.members.map { min(max(0, $0.priority ?? 0), 1_000_000) }
        let order = prios.indices.sorted { (prios[$0], $0) < (prios[$1], $1) }
        var bounds = [0]
        for (k, index) in order.enumerated() where k > 0 && prios[index] != prios[order[k - 1]] {
            bounds.append(k)
        }
        bounds.append(order.count)
        self.groupOrder = order
        self.groupBounds = order.isEmpty ? [0] : bounds
    }

    /// A selector for a pool backend; nil when `backend` is not a pool.
    public init?(backend: Backend, strategy: Strategy = .smoothWeightedRoundRobin) {
        guard let pool = backend.pool else { return nil }
        self.init(poolID: backend.id, pool: pool, strategy: strategy)
    }

    /// The message of the 503 error when no member is available.
    public static func unavailableMessage(poolID: String) -> String {
        "Backend pool \(poolID) is temporarily unavailable"
    }

    /// The index (into `memberIDs`) of the member to use at virtual time `t`, or nil when no member
    /// is available. `isAvailable` is asked with member indices.
    public mutating func selectIndex(at t: Int64, isAvailable: (Int) -> Bool) -> Int? {
        var g = 0
        while g + 1 < groupBounds.count {
            let lower = groupBounds[g], upper = groupBounds[g + 1]
            var total = 0
            var any = false
            for k in lower..<upper where isAvailable(groupOrder[k]) {
                any = true
                total += weights[groupOrder[k]]
            }
            if any {
                return choose(lower, upper, total: total, isAvailable)
            }
            g += 1
        }
        return nil
    }

    /// The id of the member to use at virtual time `t`, or nil when no member is available.
    /// `isAvailable` is asked with member backend ids.
    public mutating func select(at t: Int64, isAvailable: (String) -> Bool) -> String? {
        let ids = memberIDs
        return selectIndex(at: t) { isAvailable(ids[$0]) }.map { ids[$0] }
    }

    private mutating func choose(_ lower: Int, _ upper: Int, total: Int, _ isAvailable: (Int) -> Bool) -> Int? {
        let equal = total == 0
        let sum = equal ? countAvailable(lower, upper, isAvailable) : total
        switch strategy {
        case .smoothWeightedRoundRobin:
            var best = -1
            for k in lower..<upper {
                let i = groupOrder[k]
                guard isAvailable(i) else { continue }
                current[i] += equal ? 1 : weights[i]
                if best < 0 || current[i] > current[best] { best = i }
            }
            guard best >= 0 else { return nil }
            current[best] -= sum
            return best
        case .seededRandom(var random):
            let draw = Int(random.nextUnitDouble() * Double(sum))
            strategy = .seededRandom(random)
            var acc = 0
            var last = -1
            for k in lower..<upper {
                let i = groupOrder[k]
                guard isAvailable(i) else { continue }
                acc += equal ? 1 : weights[i]
                last = i
                if draw < acc { return i }
            }
            return last >= 0 ? last : nil
        }
    }

    private func countAvailable(_ lower: Int, _ upper: Int, _ isAvailable: (Int) -> Bool) -> Int {
        var n = 0
        for k in lower..<upper where isAvailable(groupOrder[k]) { n += 1 }
        return n
    }
}
