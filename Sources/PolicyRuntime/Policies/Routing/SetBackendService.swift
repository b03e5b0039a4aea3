import PolicyBackends
import PolicyExpressions
import PolicyModel

// The simulation of `<set-backend-service>`; its catalog entry and typed reading: PolicyModel/Policies/Routing/SetBackendService.swift.

extension RequestExecution {
    func setBackendService(_ service: SetBackendService, _ policy: Policy) throws {
        if let id = try text(service.backendId, in: policy) {
            forwarding.target = .backend(id)
            record(.policy, policy, "\(program.backends[id].map { $0.isPool ? "pool" : "backend" } ?? "backend") \(id)")
        } else if let url = try text(service.baseUrl, in: policy) {
            forwarding.target = .url(url)
            record(.policy, policy, "base-url \(url)")
        }
    }
}
