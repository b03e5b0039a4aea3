import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<validate-azure-ad-token>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/ValidateAzureADToken.swift.

extension RequestExecution {
    func validateAzureAdToken(_ validation: ValidateAzureADToken, _ policy: Policy) throws {
        let tenant = try text(validation.tenantId, in: policy) ?? ""
        var endpoint = try text(validation.authenticationEndpoint, in: policy) ?? "https://login.microsoftonline.com"
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
        let backendIds = try texts(validation.backendApplicationIds, in: policy)
        rules.audiences += try texts(validation.audiences, in: policy) + backendIds + backendIds.map { "api://" + $0 }
        rules.clientApplicationIds = try texts(validation.clientApplicationIds, in: policy)
        rules.requiredClaims = try requiredClaims(validation.requiredClaims, policy)
        if validation.hasDecryptionKeys { warnDecryptionKeys(policy) }
        try runJwtValidation(policy, validation.token, rules: rules, requiredScheme: nil, defaultHeader: "Authorization")
    }
}
