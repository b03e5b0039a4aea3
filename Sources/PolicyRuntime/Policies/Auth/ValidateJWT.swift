import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<validate-jwt>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/ValidateJWT.swift.

extension RequestExecution {
    func validateJwt(_ policy: Policy) throws {
        let element = policy.element
        var rules = JwtRules()
        rules.requireExpirationTime = try bool(element["require-expiration-time"], default: true, in: policy)
        rules.requireSignedTokens = try bool(element["require-signed-tokens"], default: true, in: policy)
        rules.clockSkewSeconds = max(0, try seconds(element["clock-skew"], default: 0, in: policy))
        for (index, key) in element.elements(named: "issuer-signing-keys").flatMap({ $0.elements(named: "key") }).enumerated() {
            if let resolved = try inlineKey(key, number: index + 1, policy: policy) { rules.keys.append(resolved) }
        }
        for config in element.elements(named: "openid-config") {
            let url = try text(config["url"], in: policy) ?? ""
            addOpenIDConfiguration(url, to: &rules, policy: policy, warnWhenMissing: true)
        }
        if !element.elements(named: "decryption-keys").isEmpty {
            record(.warning, policy, "decryption-keys are not simulated: an encrypted token (JWE) is refused as JwtInvalid")
        }
        rules.audiences += try childTexts(policy, list: "audiences", item: "audience")
        rules.issuers += try childTexts(policy, list: "issuers", item: "issuer")
        rules.requiredClaims = try requiredClaims(policy)
        let scheme = try text(element["require-scheme"], in: policy)
        try runJwtValidation(policy, rules: rules, requiredScheme: scheme, defaultHeader: nil)
    }
}
