import PolicyExpressions
import PolicyModel

// The simulation of `<wait>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/Wait.swift.

extension RequestExecution {
    /// `<wait for="all|any">`: children start together on the virtual clock; the wait ends when
    /// all (or the first) of them end.
    func runWait(_ wait: Wait, _ policy: Policy) throws {
        let mode = (try text(wait.waitFor, in: policy) ?? "all").lowercased()
        let start = now
        var ends: [Int64] = []
        for (index, child) in wait.policies.enumerated() {
            gateway.clock = start
            position.pathStack.append(PathStep(child.name, index + 1))
            defer { position.pathStack.removeLast() }
            try execute(child)
            ends.append(now)
        }
        let end = (mode == "any" ? ends.min() : ends.max()) ?? start
        gateway.clock = end
        context.now = gateway.now
        record(.wait, policy, "wait for \(mode): \(wait.policies.count) branch\(wait.policies.count == 1 ? "" : "es") took \(end - start)ms")
    }
}
