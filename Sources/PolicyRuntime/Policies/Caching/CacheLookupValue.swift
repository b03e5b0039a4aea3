import PolicyExpressions
import PolicyModel

// The simulation of `<cache-lookup-value>`; its catalog entry and typed reading: PolicyModel/Policies/Caching/CacheLookupValue.swift.

extension RequestExecution {
    func cacheLookupValue(_ lookup: CacheLookupValue, _ policy: Policy) throws {
        let key = try text(lookup.key, in: policy) ?? ""
        let name = lookup.variableName?.text ?? ""
        if let entry = gateway.store.values[key], entry.expires > now {
            context.variables.set(name, entry.value)
            record(.policy, policy, "cache hit for \"\(key)\": \(name) = \(Self.display(entry.value))")
            return
        }
        let fallback = try lookup.defaultValue.map { value throws(PolicyFailure) in try evaluate(value, in: policy) } ?? .null
        context.variables.set(name, fallback)
        record(.policy, policy, "cache miss for \"\(key)\": \(name) = \(Self.display(fallback))")
    }
}
