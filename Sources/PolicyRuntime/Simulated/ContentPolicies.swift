import PolicyModel

/// Policies of the rest of the gateway: response caching, CORS, content transformation and liquid templates.
extension RequestExecution {
    /// Runs `policy` when it belongs to this family; `false` when it does not.
    func runContentPolicy(_ policy: Policy) throws -> Bool {
        false
    }
}
