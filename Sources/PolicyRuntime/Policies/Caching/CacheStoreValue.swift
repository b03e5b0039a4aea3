import PolicyExpressions
import PolicyModel

// The simulation of `<cache-store-value>`; its catalog entry and typed reading: PolicyModel/Policies/Caching/CacheStoreValue.swift.

extension RequestExecution {
    func cacheStoreValue(_ store: CacheStoreValue, _ policy: Policy) throws {
        let key = try text(store.key, in: policy) ?? ""
        let value = try store.value.map { value throws(PolicyFailure) in try evaluate(value, in: policy) } ?? .null
        let seconds = try self.seconds(store.duration, default: 0, in: policy)
        let expires = now &+ Int64(min(max(0, seconds), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        gateway.store.values[key] = (value, expires)
        record(.policy, policy, "cached \"\(key)\" for \(Int64(seconds * 1000))ms")
    }
}
