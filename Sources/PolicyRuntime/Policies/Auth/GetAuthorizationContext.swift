import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<get-authorization-context>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/GetAuthorizationContext.swift.

extension SimulatedTokens {
    /// A fake, clearly-labelled access token for a credential manager connection.
    static func authorization(_ key: String) -> String {
        "simulated-access-token-for-" + key
    }
}

extension RequestExecution {
    /// `get-authorization-context`: the credential manager's context for a connection, as the
    /// scenario's `authorizations:` gives it, or a deterministic fake when the scenario has none.
    func getAuthorizationContext(_ model: GetAuthorizationContext, _ policy: Policy) throws {
        let provider = try text(model.providerId, in: policy) ?? ""
        let authorization = try text(model.authorizationId, in: policy) ?? ""
        let variable = try text(model.contextVariableName, in: policy) ?? ""
        let ignoreError = try bool(model.ignoreError, default: false, in: policy)
        let identityType = (try text(model.identityType, in: policy) ?? "managed").lowercased()
        let key = "\(provider)/\(authorization)"
        var failure: String?
        var object: AuthorizationObject?
        if let known = gateway.access.authorizations {
            if let entry = known[key] {
                if let error = entry.error {
                    failure = error
                } else {
                    let claims = entry.claims.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }
                    object = AuthorizationObject(accessToken: entry.accessToken ?? SimulatedTokens.authorization(key), claims: claims)
                }
            } else {
                failure = "Authorization '\(authorization)' of provider '\(provider)' was not found."
            }
        } else {
            object = AuthorizationObject(accessToken: SimulatedTokens.authorization(key))
        }
        if let object {
            context.variables.set(variable, .object(object))
            let source = gateway.access.authorizations == nil ? "simulated" : "scenario"
            record(.policy, policy, "\(source) authorization context for \(key) (identity-type \(identityType)) stored in \(variable)")
            return
        }
        let message = failure ?? "Authorization context is not available."
        if ignoreError {
            context.variables.set(variable, .null)
            record(.policy, policy, "\(message) Ignored (ignore-error); \(variable) = null")
            return
        }
        throw PolicyFailure(source: policy.name, reason: "AuthorizationContextNotFound", message: message)
    }
}
