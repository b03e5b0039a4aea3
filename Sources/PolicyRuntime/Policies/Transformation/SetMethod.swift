import PolicyModel

// The simulation of `<set-method>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/SetMethod.swift.

extension RequestExecution {
    /// `<set-method>`: the request's method, in upper case (GET when empty).
    func setMethod(_ method: SetMethod, _ policy: Policy) throws {
        let value = try text(method.method, in: policy) ?? "GET"
        context.request.method = value.uppercased()
        record(.policy, policy, "method \(value.uppercased())")
    }
}
