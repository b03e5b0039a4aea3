import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<validate-jwt>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/ValidateJWT.swift.

extension RequestExecution {
    func validateJwt(_ validation: ValidateJWT, _ policy: Policy) throws {
        var rules = JwtRules()
        rules.requireExpirationTime = try bool(validation.requireExpirationTime, default: true, in: policy)
        rules.requireSignedTokens = try bool(validation.requireSignedTokens, default: true, in: policy)
        rules.clockSkewSeconds = max(0, try seconds(validation.clockSkew, default: 0, in: policy))
        for (index, key) in validation.issuerSigningKeys.enumerated() {
            if let resolved = try inlineKey(key, number: index + 1, policy: policy) { rules.keys.append(resolved) }
        }
        for config in validation.openIdConfigs {
            let url = try text(config, in: policy) ?? ""
            addOpenIDConfiguration(url, to: &rules, policy: policy, warnWhenMissing: true)
        }
        if validation.hasDecryptionKeys { warnDecryptionKeys(policy) }
        rules.audiences += try texts(validation.audiences, in: policy)
        rules.issuers += try texts(validation.issuers, in: policy)
        rules.requiredClaims = try requiredClaims(validation.requiredClaims, policy)
        let scheme = try text(validation.requireScheme, in: policy)
        try runJwtValidation(policy, validation.token, rules: rules, requiredScheme: scheme, defaultHeader: nil)
    }
}
