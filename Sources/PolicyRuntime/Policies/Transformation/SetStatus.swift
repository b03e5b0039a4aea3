import PolicyExpressions
import PolicyModel

// The simulation of `<set-status>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/SetStatus.swift.

extension RequestExecution {
    func setStatus(_ status: SetStatus, _ policy: Policy) throws {
        let code = try integer(status.code, default: 200, in: policy)
        let reason = try text(status.reason, in: policy) ?? HTTPStatus.reason(code)
        setResponse(status: code, reason: reason)
        record(.policy, policy, "status \(code) \(reason)")
    }
}
