import PolicyExpressions
import PolicyModel

/// What the content policies remember during one request.
struct ContentState {
    /// The response-cache key computed by `cache-lookup` on a miss, for `cache-store`.
    var responseCacheKey: String?
    var downstreamCaching: (type: String, mustRevalidate: Bool)?
    /// The semantic-cache key computed by a semantic cache lookup on a miss.
    var semanticCacheKey: String?
    /// After a cache hit, outbound policies are skipped up to and including this store policy.
    var skipUntil: Set<String>?
    /// CORS headers for the final response of an actual (non-preflight) cross-origin request.
    var corsHeaders: [(String, String)] = []
    /// `proxy`: the proxy forward-request calls go through.
    var proxy: String?
}

/// A cache-lookup hit: the rest of inbound and backend are skipped, outbound continues after cache-store.
struct CacheHit: Error, Sendable {}

extension RequestExecution {
    /// True when a cache hit skips this outbound policy (policies before the matching store).
    func skippedAfterCacheHit(_ policy: Policy) -> Bool {
        guard let stores = content.skipUntil, position.section == .outbound else { return false }
        if stores.contains(policy.name) {
            content.skipUntil = nil
            record(.policy, policy, "cached response: processing continues after this policy")
            return true
        }
        if case .base = policy.kind { return false }
        return !Self.contains(policy.element, names: stores)
    }

    static func contains(_ element: Element, names: Set<String>) -> Bool {
        element.policies.contains { names.contains($0.name) || contains($0.element, names: names) }
            || element.elements.contains { contains($0, names: names) }
    }

    /// After the pipeline: CORS headers go on the response of an accepted cross-origin request.
    func finishContentPolicies() {
        for (name, value) in content.corsHeaders where context.response.headers.values(name) == nil {
            context.response.headers.set(name, [value])
        }
    }
}
