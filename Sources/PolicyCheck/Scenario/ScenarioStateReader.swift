import PolicyRuntime
import PolicySource
import Yams

/// Reads `state:` (Docs/scenarios.md, "Pre-seeded state"): what the gateway holds before the first request.
extension ScenarioReader {
    static let stateKeys = ["cache", "rateLimits", "quotas", "namedValues"]

    func readState(_ value: Node, into scenario: inout Scenario) throws(ScenarioError) {
        var state = ScenarioState()
        for entry in try mapEntries(value, keys: Self.stateKeys, context: "state") {
            switch entry.key {
            case "cache":
                for item in try stateList(entry.value, key: "state.cache") {
                    state.cache.append(try cacheEntry(item))
                }
            case "rateLimits":
                for item in try stateList(entry.value, key: "state.rateLimits") {
                    state.rateLimits.append(try counter(item, key: "state.rateLimits", keys: ["key", "calls", "ago"]))
                }
            case "quotas":
                for item in try stateList(entry.value, key: "state.quotas") {
                    state.quotas.append(try counter(item, key: "state.quotas", keys: ["key", "calls", "kilobytes"]))
                }
            case "namedValues":
                // Named values (secrets among them) as the service holds them; the same as the
                // top-level `namedValues:`, which must not give the same name another value.
                for named in try mapEntries(entry.value, keys: nil, context: "state.namedValues") {
                    let text = try scalarText(named.value, key: "state.namedValues.\(named.key)", expected: "a single value", allowNull: true)
                    if let other = scenario.namedValues[named.key], other != text {
                        throw ScenarioError("named value '\(named.key)' is given twice ('namedValues' and 'state.namedValues') with different values", at: named.keyLocation)
                    }
                    scenario.namedValues[named.key] = text
                }
            default:
                break
            }
        }
        scenario.state = state
    }

    private func stateList(_ value: Node, key: String) throws(ScenarioError) -> [Node] {
        if isNull(value) { return [] }
        return try list(value, key: key, of: "entries (- key: …)")
    }

    /// `- { key: "token:contoso", value: abc, ttl: 5m }`
    private func cacheEntry(_ node: Node) throws(ScenarioError) -> ScenarioState.CacheEntry {
        let entries = try mapEntries(node, keys: ["key", "value", "ttl"], context: "state.cache")
        guard let keyEntry = entries.first(where: { $0.key == "key" }) else {
            throw ScenarioError("missing required key 'key' in a state.cache entry", at: location(node))
        }
        let key = try scalarText(keyEntry.value, key: "state.cache.key", expected: "a cache key")
        guard let valueEntry = entries.first(where: { $0.key == "value" }) else {
            throw ScenarioError("missing required key 'value' in the state.cache entry '\(key)'", at: location(node))
        }
        var entry = ScenarioState.CacheEntry(key: key, value: try expectedValue(valueEntry.value, key: "state.cache.value", allowStructured: false), location: keyEntry.keyLocation)
        if let ttl = entries.first(where: { $0.key == "ttl" }) {
            let milliseconds = try duration(ttl.value, key: "state.cache.ttl")
            if milliseconds <= 0 { throw ScenarioError("'state.cache.ttl' must be more than 0 (an entry with no time left is not in the cache)", at: location(ttl.value)) }
            entry.ttlMilliseconds = milliseconds
        }
        return entry
    }

    /// `- { key: client-1, calls: 4, ago: 20s }` (rate limits) or `- { key: client-1, calls: 90, kilobytes: 512 }` (quotas).
    private func counter(_ node: Node, key context: String, keys: [String]) throws(ScenarioError) -> ScenarioState.Counter {
        let entries = try mapEntries(node, keys: keys, context: context)
        guard let keyEntry = entries.first(where: { $0.key == "key" }) else {
            throw ScenarioError("missing required key 'key' in a \(context) entry (the counter key's value)", at: location(node))
        }
        var counter = ScenarioState.Counter(key: try scalarText(keyEntry.value, key: "\(context).key", expected: "a counter key", allowNull: true), calls: 0,
                                            location: keyEntry.keyLocation)
        for entry in entries {
            switch entry.key {
            case "calls": counter.calls = try integer(entry.value, key: "\(context).calls", in: 0...1_000_000_000)
            case "kilobytes": counter.bytes = Int64(try integer(entry.value, key: "\(context).kilobytes", in: 0...1_000_000_000)) * 1024
            case "ago": counter.agoMilliseconds = try duration(entry.value, key: "\(context).ago")
            default: break
            }
        }
        return counter
    }
}
