import PolicyModel

// The simulation of `<cache-remove-value>`; its catalog entry and typed reading: PolicyModel/Policies/Caching/CacheRemoveValue.swift.

extension RequestExecution {
    /// `<cache-remove-value>`: the key leaves the scenario's value cache.
    func cacheRemoveValue(_ remove: CacheRemoveValue, _ policy: Policy) throws {
        let key = try text(remove.key, in: policy) ?? ""
        gateway.store.values[key] = nil
        record(.policy, policy, "removed cache key \"\(key)\"")
    }
}
