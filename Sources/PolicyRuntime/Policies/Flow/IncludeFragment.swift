import PolicyExpressions
import PolicyModel

// The simulation of `<include-fragment>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/IncludeFragment.swift.

extension RequestExecution {
    func runFragment(_ include: IncludeFragment, _ policy: Policy) throws {
        let id = include.fragmentId?.text ?? ""
        guard let fragment = program.fragments[id] else {
            record(.warning, policy, "fragment '\(id)' is not in the scenario's fragments; skipped")
            return
        }
        record(.policy, policy, "fragment '\(id)'")
        let saved = position.file
        position.file = fragment.file.path
        defer { position.file = saved }
        try runPolicies(fragment.fragmentPolicies)
    }
}
