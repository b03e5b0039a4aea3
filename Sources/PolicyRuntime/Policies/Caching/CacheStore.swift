import PolicyExpressions
import PolicyModel

// The simulation of `<cache-store>`; its catalog entry and typed reading: PolicyModel/Policies/Caching/CacheStore.swift.

extension RequestExecution {
    func cacheStore(_ store: CacheStore, _ policy: Policy) throws {
        let seconds = try self.seconds(store.duration, default: 0, in: policy)
        let anyStatus = try bool(store.cacheResponse, default: false, in: policy)
        guard let key = content.responseCacheKey else {
            record(.policy, policy, "nothing stored: no cache-lookup missed for this request (not GET, private, or no lookup)")
            return
        }
        let status = Int(context.response.statusCode)
        guard status == 200 || anyStatus else {
            record(.policy, policy, "status \(status) is not stored (only 200 OK unless cache-response=\"true\")")
            return
        }
        let milliseconds = Int64(min(max(0, seconds), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        let response = context.response
        gateway.store.responses[key] = (status, response.statusReason, response.headers.entries.map { ($0.name, $0.values) },
                                        response.body?.bytes ?? [], now &+ milliseconds)
        applyDownstreamCaching(remaining: milliseconds)
        record(.policy, policy, "stored \(status) \(response.statusReason) for \(milliseconds)ms under \(key)")
    }
}
