import PolicyExpressions
import PolicyModel

// The simulation of `<choose>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/Choose.swift.

extension RequestExecution {
    func runChoose(_ choose: Choose, _ policy: Policy) throws {
        for (index, when) in choose.whens.enumerated() {
            let taken: Bool
            if let condition = when.condition {
                taken = try bool(condition, default: false, in: policy)
            } else {
                taken = false
            }
            if taken {
                record(.policy, policy, "when[\(index + 1)] (line \(when.location.line)) taken")
                gateway.coverage?.took(index, of: policy)
                position.pathStack.append(PathStep("when", index + 1))
                defer { position.pathStack.removeLast() }
                try runPolicies(when.policies)
                return
            }
        }
        if let otherwise = choose.otherwise {
            record(.policy, policy, "otherwise taken")
            gateway.coverage?.took(choose.whens.count, of: policy)
            position.pathStack.append(PathStep("otherwise"))
            defer { position.pathStack.removeLast() }
            try runPolicies(otherwise)
        } else {
            record(.policy, policy, "no branch taken")
            gateway.coverage?.took(choose.whens.count, of: policy)
        }
    }
}
