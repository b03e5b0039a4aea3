import PolicyModel

/// Policies of the rest of the gateway: rate limits, quotas, token limits, concurrency, metrics and event logging.
extension RequestExecution {
    /// Runs `policy` when it belongs to this family; `false` when it does not.
    func runLimitPolicy(_ policy: Policy) throws -> Bool {
        false
    }
}
