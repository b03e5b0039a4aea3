import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<validate-azure-ad-token>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/ValidateAzureADToken.swift.

extension RequestExecution {
    func validateAzureAdToken(_ policy: Policy) throws {
        let element = policy.element
        let tenant = try text(element["tenant-id"], in: policy) ?? ""
        var endpoint = try text(element["authentication-endpoint"], in: policy) ?? "https://login.microsoftonline.com"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        var rules = JwtRules()
        let v2 = "\(endpoint)/\(tenant)/v2.0/.well-known/openid-configuration"
        let v1 = "\(endpoint)/\(tenant)/.well-known/openid-configuration"
        let found = [v2, v1].filter { openIDConfiguration($0) != nil }
        for url in found { addOpenIDConfiguration(url, to: &rules, policy: policy, warnWhenMissing: false) }
        if found.isEmpty {
            record(.warning, policy, "the scenario's openidConfigs has no entry for \(v2) (or \(v1)): the tenant's signing keys are unknown")
        }
        rules.issuers += ["\(endpoint)/\(tenant)/v2.0", "https://sts.windows.net/\(tenant)/"]
        let backendIds = try childTexts(policy, list: "backend-application-ids", item: "application-id")
        rules.audiences += try childTexts(policy, list: "audiences", item: "audience") + backendIds + backendIds.map { "api://" + $0 }
        rules.clientApplicationIds = try childTexts(policy, list: "client-application-ids", item: "application-id")
        rules.requiredClaims = try requiredClaims(policy)
        if !element.elements(named: "decryption-keys").isEmpty {
            record(.warning, policy, "decryption-keys are not simulated: an encrypted token (JWE) is refused as JwtInvalid")
        }
        try runJwtValidation(policy, rules: rules, requiredScheme: nil, defaultHeader: "Authorization")
    }
}
