import PolicySource
import Testing
@testable import PolicyBackends

@Suite struct PoolSelectorTests {
    static let loc = SourceLocation(path: "t", line: 1, column: 1)

    static func pool(_ members: [(String, Int?, Int?)]) -> BackendPool {
        BackendPool(members: members.map { BackendPoolMember(id: $0.0, priority: $0.1, weight: $0.2, location: loc) })
    }

    @Test func weights10To20GiveTheSmoothSequence() {
        var selector = PoolSelector(poolID: "pool", pool: Self.pool([("backend1", 1, 10), ("backend2", 1, 20)]))
        let picks = (0..<9).map { _ in selector.select(at: 0) { _ in true } ?? "-" }
        #expect(picks == ["backend2", "backend1", "backend2", "backend2", "backend1", "backend2", "backend2", "backend1", "backend2"])
    }

    @Test func smoothWeightedRoundRobinMatchesNginx() {
        // nginx's example: weights 5, 1, 1 → a a b a c a a
        var selector = PoolSelector(poolID: "p", pool: Self.pool([("a", nil, 5), ("b", nil, 1), ("c", nil, 1)]))
        let picks = (0..<7).map { _ in selector.select(at: 0) { _ in true } ?? "-" }
        #expect(picks == ["a", "a", "b", "a", "c", "a", "a"])
    }

    @Test func equalOrAbsentWeightsArePlainRoundRobin() {
        var selector = PoolSelector(poolID: "p", pool: Self.pool([("a", nil, nil), ("b", nil, nil), ("c", nil, nil)]))
        let picks = (0..<6).map { _ in selector.select(at: 0) { _ in true } ?? "-" }
        #expect(picks == ["a", "b", "c", "a", "b", "c"])
        var zero = PoolSelector(poolID: "p", pool: Self.pool([("a", 1, 0), ("b", 1, 0)]))
        #expect((0..<4).map { _ in zero.select(at: 0) { _ in true } ?? "-" } == ["a", "b", "a", "b"])
    }

    @Test func priorityFailoverWhenGroupOneIsTripped() {
        var selector = PoolSelector(poolID: "p", pool: Self.pool([("p1a", 1, 1), ("p1b", 1, 1), ("p2a", 2, 1), ("p2b", 2, 3)]))
        #expect(selector.select(at: 0) { _ in true } == "p1a")
        #expect(selector.select(at: 0) { $0 != "p1a" } == "p1b")
        let down: Set = ["p1a", "p1b"]
        let picks = (0..<4).map { _ in selector.select(at: 0) { !down.contains($0) } ?? "-" }
        #expect(picks == ["p2b", "p2a", "p2b", "p2b"])
        // Group 1 back: used again (SWRR state kept: p1b is ahead after its solo turn).
        #expect(selector.select(at: 0) { _ in true } == "p1b")
    }

    @Test func absentPriorityIsTheHighest() {
        var selector = PoolSelector(poolID: "p", pool: Self.pool([("explicit", 1, nil), ("absent", nil, nil)]))
        #expect(selector.select(at: 0) { _ in true } == "absent")
    }

    @Test func noneAvailableIsNil() {
        var selector = PoolSelector(poolID: "p", pool: Self.pool([("a", 1, 1), ("b", 2, 1)]))
        #expect(selector.select(at: 0) { _ in false } == nil)
        var empty = PoolSelector(poolID: "p", pool: BackendPool(members: []))
        #expect(empty.select(at: 0) { _ in true } == nil)
    }

    @Test func convenience() throws {
        let result = try loadInline("a: { url: \"https://a.example.com\" }\np: { type: Pool, pool: { services: [ { id: /backends/a } ] } }")
        let a = try #require(result.catalog["a"])
        let p = try #require(result.catalog["p"])
        #expect(PoolSelector(backend: a) == nil)
        var selector = try #require(PoolSelector(backend: p))
        #expect(selector.select(at: 0) { _ in true } == "a")
        #expect(PoolSelector.unavailableMessage(poolID: "p") == "Backend pool p is temporarily unavailable")
    }

    @Test func seededRandomIsReproducibleAndWeighted() {
        let pool = Self.pool([("a", 1, 10), ("b", 1, 30)])
        var one = PoolSelector(poolID: "p", pool: pool, strategy: .seededRandom(SeededRandom(seed: 42)))
        var two = PoolSelector(poolID: "p", pool: pool, strategy: .seededRandom(SeededRandom(seed: 42)))
        let first = (0..<4000).map { _ in one.select(at: 0) { _ in true } ?? "-" }
        let second = (0..<4000).map { _ in two.select(at: 0) { _ in true } ?? "-" }
        #expect(first == second)
        let share = Double(first.filter { $0 == "b" }.count) / 4000
        #expect(share > 0.7 && share < 0.8)
        var other = PoolSelector(poolID: "p", pool: pool, strategy: .seededRandom(SeededRandom(seed: 7)))
        #expect((0..<4000).map { _ in other.select(at: 0) { _ in true } ?? "-" } != first)
    }

    @Test func poolWithBreakersFailsOver() throws {
        // The seed's pattern: two backends with the 429 breaker, 10:20 in one group.
        let result = try BackendLoader.load(file: fixtures + "openai-pool.bicep")
        let pool = try #require(result.catalog["openai-backend-pool"]?.pool)
        var breakers = try pool.members.map { member in
            CircuitBreakerState(backendID: member.id, rule: try #require(result.catalog[member.id]?.circuitBreaker))
        }
        var selector = PoolSelector(poolID: "openai-backend-pool", pool: pool)
        var calls: [String] = []
        for t in stride(from: Int64(0), to: 7_000, by: 1_000) {
            guard let index = selector.selectIndex(at: t, isAvailable: { !breakers[$0].isOpen(at: t) }) else {
                calls.append("503")
                continue
            }
            calls.append(pool.members[index].id)
            _ = breakers[index].record(.status(429), at: t)
        }
        // backend2 trips on its 3rd 429 (t=3s); backend1 takes everything until it trips (t=5s); then 503.
        #expect(calls == ["backend2", "backend1", "backend2", "backend2", "backend1", "backend1", "503"])
    }

    @Test func selectionIsCheap() {
        var selector = PoolSelector(poolID: "p", pool: Self.pool((0..<30).map { ("b\($0)", $0 % 3, $0 + 1) }))
        var count = 0
        for t in 0..<100_000 {
            if selector.selectIndex(at: Int64(t), isAvailable: { $0 % 2 == 0 }) != nil { count += 1 }
        }
        #expect(count == 100_000)
    }
}

@Suite struct CatalogTests {
    @Test func suggestionAndCaseInsensitiveLookup() throws {
        let catalog = try loadInline("backend1: { url: \"https://a.example.com\" }\nbackend2: { url: \"https://b.example.com\" }").catalog
        #expect(catalog.suggestion(for: "backedn1") == "backend1")
        #expect(catalog.suggestion(for: "zzz") == nil)
        #expect(catalog["BACKEND2"]?.id == "backend2")
        var copy = catalog
        copy.add(Backend(id: "backend1", kind: .single(url: "https://c.example.com", protocol: "http"),
                         location: SourceLocation(path: "x", line: 1, column: 1)))
        #expect(copy.ids == ["backend1", "backend2"])
        #expect(copy["backend1"]?.url == "https://c.example.com")
    }
}
