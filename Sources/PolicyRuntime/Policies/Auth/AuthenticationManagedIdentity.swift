import PolicyExpressions
import PolicyModel

// The simulation of `<authentication-managed-identity>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/AuthenticationManagedIdentity.swift.

extension RequestExecution {
    /// A deterministic fake token for the resource: into the variable, or as `Authorization: Bearer`.
    func authenticateWithManagedIdentity(_ identity: AuthenticationManagedIdentity, _ policy: Policy) throws {
        let resource = try text(identity.resource, in: policy) ?? ""
        let clientID = try text(identity.clientId, in: policy)
        if let refusal = gateway.access.managedIdentities?.refusal(resource: resource, clientID: clientID) {
            let message = "Unable to acquire a managed identity token: \(refusal)."
            if try bool(identity.ignoreError, default: false, in: policy) {
                record(.warning, policy, "\(message) ignore-error is true: no token is set")
                return
            }
            throw PolicyFailure(source: policy.name, reason: "ManagedIdentityTokenAcquisitionFailed", message: message)
        }
        let token = SimulatedTokens.managedIdentity(resource: resource)
        if let variable = try text(identity.outputTokenVariableName, in: policy) {
            context.variables.set(variable, .string(token))
            record(.policy, policy, "simulated token for \(resource) stored in \(variable)")
        } else {
            context.request.headers.set("Authorization", ["Bearer " + token])
            record(.policy, policy, "simulated token for \(resource) sent as Authorization: Bearer")
        }
    }
}
