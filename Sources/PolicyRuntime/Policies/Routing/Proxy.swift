import PolicyModel

// The simulation of `<proxy>`; its catalog entry and typed reading: PolicyModel/Policies/Routing/Proxy.swift.

extension RequestExecution {
    /// `<proxy>`: recorded; the simulated backend calls are the same through a proxy.
    func proxy(_ proxy: Proxy, _ policy: Policy) throws {
        let url = try text(proxy.url, in: policy) ?? ""
        let user = try text(proxy.username, in: policy)
        content.proxy = url
        record(.policy, policy, "backend calls go through proxy \(url)\(user.map { " as \($0)" } ?? "") (recorded; the simulated calls are unchanged)")
    }
}
