import DotNet
import Foundation
import PolicyExpressions
import PolicyModel

/// One key validate-jwt may check a signature with.
struct JwtSigningKey {
    enum Family { case symmetric, rsa }
    var id: String?
    /// Where the key comes from, for messages (`issuer-signing-keys key 1`, `openid-config … kid k1`).
    var source: String
    var family: Family
    var verify: (JwtToken) -> Bool
}

/// What a token must satisfy (validate-jwt and validate-azure-ad-token).
struct JwtRules {
    var keys: [JwtSigningKey] = []
    var issuers: [String] = []
    var audiences: [String] = []
    var requireExpirationTime = true
    var requireSignedTokens = true
    var clockSkewSeconds: Double = 0
    var requiredClaims: [RequiredClaim] = []
    /// Entra client applications (`azp` or `appid`); empty = not checked.
    var clientApplicationIds: [String] = []

    struct RequiredClaim {
        var name: String
        var matchAll: Bool
        var separator: String?
        var values: [String]
    }
}

/// Why a token was refused: LastError Reason and Message.
struct JwtRejection: Error {
    var reason: String
    var message: String
}

extension RequestExecution {
    func runJwtValidation(_ policy: Policy, _ source: TokenSource, rules: JwtRules, requiredScheme: String?, defaultHeader: String?) throws {
        let status = try integer(source.failedValidationHttpCode, default: 401, in: policy)
        let customMessage = try text(source.failedValidationErrorMessage, in: policy)
        func reject(_ rejection: JwtRejection) -> PolicyFailure {
            let publicMessage = customMessage ?? (rejection.reason == "TokenNotPresent" ? "JWT not present." : "Invalid JWT.")
            return accessFailure(policy, status: status, reason: rejection.reason, message: rejection.message, publicMessage: publicMessage)
        }
        let raw: String
        let from: String
        do {
            (raw, from) = try tokenText(policy, source, requiredScheme: requiredScheme, defaultHeader: defaultHeader)
        } catch let rejection as JwtRejection {
            throw reject(rejection)
        }
        let token: JwtToken
        do {
            token = try validate(raw, rules: rules)
        } catch let rejection as JwtRejection {
            throw reject(rejection)
        }
        var facts: [String] = []
        if let algorithm = token.algorithm { facts.append(algorithm) }
        if let issuer = token.issuer { facts.append("iss \(issuer)") }
        if !token.audiences.isEmpty { facts.append("aud \(token.audiences.joined(separator: ","))") }
        if let exp = Self.numericClaim(token, "exp") { facts.append("exp \(Self.isoDate(unixSeconds: exp))") }
        var detail = "token from \(from) is valid (\(facts.joined(separator: ", ")))"
        if let variable = source.outputTokenVariableName?.text, !variable.isEmpty {
            context.variables.set(variable, .object(JwtObject(token)))
            detail += "; stored in \(variable)"
        }
        record(.policy, policy, detail)
    }

    /// The token text and where it came from; the scheme (`Bearer …`) is stripped.
    func tokenText(_ policy: Policy, _ source: TokenSource, requiredScheme: String?, defaultHeader: String?) throws -> (String, String) {
        let notPresent = JwtRejection(reason: "TokenNotPresent", message: "JWT not present.")
        if let query = source.queryParameterName {
            let name = try text(query, in: policy) ?? ""
            guard let value = context.request.url.query.first(where: { $0.0 == name })?.1.first, !value.isEmpty else { throw notPresent }
            return (value, "query parameter \(name)")
        }
        if let tokenValue = source.tokenValue {
            guard let value = try text(tokenValue, in: policy), !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw notPresent }
            return (value.trimmingCharacters(in: .whitespaces), "token-value")
        }
        guard let name = try text(source.headerName, in: policy) ?? defaultHeader else { throw notPresent }
        guard let values = context.request.headers.values(name), !values.joined().trimmingCharacters(in: .whitespaces).isEmpty else { throw notPresent }
        let value = values.joined(separator: ",").trimmingCharacters(in: .whitespaces)
        var scheme: String?
        var token = value
        if let space = value.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            let first = value[..<space]
            if first.allSatisfy({ $0.isLetter }) {
                scheme = String(first)
                token = value[space...].trimmingCharacters(in: .whitespaces)
            }
        }
        // Learn: require-scheme is only enforced for the Authorization header.
        if let requiredScheme, name.lowercased() == "authorization", scheme?.lowercased() != requiredScheme.lowercased() {
            throw JwtRejection(reason: "JwtInvalid", message: "Authorization scheme '\(requiredScheme)' is required; the header uses \(scheme.map { "'\($0)'" } ?? "no scheme").")
        }
        if token.isEmpty { throw notPresent }
        return (token, "header \(name)")
    }

    /// Checks signature, lifetime, audience, issuer, client application and required claims, in
    /// the order the .NET token handler and APIM apply them.
    func validate(_ raw: String, rules: JwtRules) throws -> JwtToken {
        let segments = raw.split(separator: ".", omittingEmptySubsequences: false).count
        if segments == 5 {
            throw JwtRejection(reason: "JwtInvalid", message: "The token is encrypted (JWE); decrypting tokens is not supported by policycheck.")
        }
        guard let token = JwtToken.parse(raw) else {
            throw JwtRejection(reason: "JwtInvalid", message: "The token is not a well-formed JWT (header.payload.signature, each base64url-encoded JSON).")
        }
        try checkSignature(token, rules: rules)
        try checkLifetime(token, rules: rules)
        if !rules.audiences.isEmpty {
            let audiences = token.audiences
            let normalized = Set(rules.audiences.map(Self.withoutTrailingSlash))
            if !audiences.contains(where: { normalized.contains(Self.withoutTrailingSlash($0)) }) {
                let shown = audiences.isEmpty ? "(none)" : audiences.map { "'\($0)'" }.joined(separator: ", ")
                throw JwtRejection(reason: "TokenAudienceNotAllowed",
                    message: "Audience validation failed. Audiences: \(shown). Did not match any of the valid audiences: \(rules.audiences.map { "'\($0)'" }.joined(separator: ", ")). Access denied.")
            }
        }
        if !rules.issuers.isEmpty {
            let issuer = token.issuer ?? ""
            if !rules.issuers.contains(issuer) {
                throw JwtRejection(reason: "TokenIssuerNotAllowed",
                    message: "Issuer validation failed. Issuer: '\(issuer)'. Did not match any of the valid issuers: \(rules.issuers.map { "'\($0)'" }.joined(separator: ", ")). Access denied.")
            }
        }
        if !rules.clientApplicationIds.isEmpty {
            let client = token.claims["azp"]?.first ?? token.claims["appid"]?.first ?? ""
            if !rules.clientApplicationIds.contains(where: { $0.lowercased() == client.lowercased() }) {
                throw JwtRejection(reason: "TokenClaimValueNotAllowed",
                    message: "Client application ID '\(client)' (claim azp or appid) is not one of the client-application-ids. Access denied.")
            }
        }
        try checkRequiredClaims(token, rules.requiredClaims)
        return token
    }

    func checkSignature(_ token: JwtToken, rules: JwtRules) throws {
        let algorithm = token.algorithm ?? ""
        if token.signature.isEmpty || algorithm.lowercased() == "none" {
            if rules.requireSignedTokens {
                throw JwtRejection(reason: "TokenSignatureInvalid",
                    message: "Unable to validate signature, token does not have a signature (alg '\(algorithm)'). Access denied.")
            }
            return
        }
        let family: JwtSigningKey.Family
        switch algorithm.prefix(2) {
        case "HS": family = .symmetric
        case "RS", "PS": family = .rsa
        default:
            throw JwtRejection(reason: "TokenSignatureInvalid",
                message: "Signature validation failed: algorithm '\(algorithm)' is not supported by policycheck (HS256/384/512, RS256/384/512 and PS256/384/512 are). Access denied.")
        }
        if rules.keys.isEmpty {
            throw JwtRejection(reason: "TokenSignatureKeyNotFound",
                message: "Signature validation failed. No security keys were provided to validate the signature. Access denied.")
        }
        let kid = token.headerValue("kid")
        let matching = kid.map { kid in rules.keys.filter { $0.id == kid } } ?? []
        let tried = matching.isEmpty ? rules.keys : matching
        if tried.contains(where: { $0.family == family && $0.verify(token) }) { return }
        if let kid, matching.isEmpty {
            throw JwtRejection(reason: "TokenSignatureKeyNotFound",
                message: "Signature validation failed. Unable to match key: kid '\(kid)' is not among the signing keys (\(rules.keys.map(\.source).joined(separator: "; "))), and none of them verifies the signature. Access denied.")
        }
        throw JwtRejection(reason: "TokenSignatureInvalid",
            message: "Signature validation failed. The \(algorithm) signature does not verify with any of the keys tried: \(tried.map(\.source).joined(separator: "; ")). Access denied.")
    }

    func checkLifetime(_ token: JwtToken, rules: JwtRules) throws {
        let now = unixNowSeconds
        let exp = Self.numericClaim(token, "exp")
        if exp == nil, rules.requireExpirationTime {
            throw JwtRejection(reason: "JwtInvalid", message: "Lifetime validation failed. The token is missing an Expiration Time.")
        }
        if let exp, exp < now - rules.clockSkewSeconds {
            throw JwtRejection(reason: "TokenExpired",
                message: "Lifetime validation failed. The token is expired. ValidTo: '\(Self.isoDate(unixSeconds: exp))', Current time: '\(Self.isoDate(unixSeconds: now))'\(rules.clockSkewSeconds > 0 ? ", clock skew \(Self.wholeSeconds(rules.clockSkewSeconds))s" : ""). Access denied.")
        }
        if let nbf = Self.numericClaim(token, "nbf"), nbf > now + rules.clockSkewSeconds {
            throw JwtRejection(reason: "JwtInvalid",
                message: "Lifetime validation failed. The token is not yet valid. ValidFrom: '\(Self.isoDate(unixSeconds: nbf))', Current time: '\(Self.isoDate(unixSeconds: now))'.")
        }
    }

    func checkRequiredClaims(_ token: JwtToken, _ claims: [JwtRules.RequiredClaim]) throws {
        let all = token.claims
        let missing = claims.filter { all[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            throw JwtRejection(reason: "TokenClaimNotFound",
                message: "JWT token is missing the following claims: \(missing.joined(separator: ", ")). Access denied.")
        }
        for claim in claims where !claim.values.isEmpty {
            var values = all[claim.name] ?? []
            if let separator = claim.separator, !separator.isEmpty {
                values = values.flatMap { $0.components(separatedBy: separator) }
            }
            let ok = claim.matchAll
                ? claim.values.allSatisfy { values.contains($0) }
                : claim.values.contains { values.contains($0) }
            if !ok {
                throw JwtRejection(reason: "TokenClaimValueNotAllowed",
                    message: "Claim \(claim.name) value of \((all[claim.name] ?? []).joined(separator: ",")) is not allowed. Access denied.")
            }
        }
    }

    /// validate-jwt and validate-azure-ad-token do not decrypt tokens.
    func warnDecryptionKeys(_ policy: Policy) {
        record(.warning, policy, "decryption-keys are not simulated: an encrypted token (JWE) is refused as JwtInvalid")
    }

    func requiredClaims(_ claims: [RequiredClaim], _ policy: Policy) throws -> [JwtRules.RequiredClaim] {
        var result: [JwtRules.RequiredClaim] = []
        for claim in claims {
            let name = try text(claim.name, in: policy) ?? ""
            let match = (try text(claim.match, in: policy) ?? "all").lowercased()
            let separator = try text(claim.separator, in: policy)
            let values = try texts(claim.values, in: policy)
            result.append(JwtRules.RequiredClaim(name: name, matchAll: match != "any", separator: separator, values: values))
        }
        return result
    }

    /// A `<key>` of issuer-signing-keys: base64 text (symmetric), `n`/`e`, or `certificate-id`.
    func inlineKey(_ key: JwtKey, number: Int, policy: Policy) throws -> JwtSigningKey? {
        let id = try text(key.id, in: policy)
        let source = "issuer-signing-keys key \(number)\(id.map { " (id \($0))" } ?? "")"
        if let n = try text(key.n, in: policy), let e = try text(key.e, in: policy) {
            guard let rsa = JwtToken.rsaKey(modulusBase64Url: n, exponentBase64Url: e) else {
                record(.warning, policy, "\(source): n/e is not an RSA public key; ignored")
                return nil
            }
            return JwtSigningKey(id: id, source: source, family: .rsa) { $0.verifyRsa(rsa) }
        }
        if let certificateId = try text(key.certificateId, in: policy) {
            guard let pem = gateway.access.certificates[certificateId]?.pem else {
                record(.warning, policy, "\(source): certificate '\(certificateId)' is not in the scenario's certificates (with a file); ignored")
                return nil
            }
            guard let rsa = JwtToken.rsaKey(pem: pem) else {
                record(.warning, policy, "\(source): certificate '\(certificateId)' holds no RSA public key; ignored")
                return nil
            }
            return JwtSigningKey(id: id, source: source + " (certificate \(certificateId))", family: .rsa) { $0.verifyRsa(rsa) }
        }
        let base64 = (try text(key.base64, in: policy) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = try? DotNetConvert.fromBase64String(base64), !bytes.isEmpty else {
            record(.warning, policy, "\(source): the key is not base64; ignored")
            return nil
        }
        return JwtSigningKey(id: id, source: source, family: .symmetric) { $0.verifyHmac(key: bytes) }
    }

    func openIDConfiguration(_ url: String) -> OpenIDConfiguration? {
        let configs = gateway.access.openidConfigs
        if let config = configs[url] { return config }
        return configs.first { $0.key.lowercased() == url.lowercased() }?.value
    }

    /// Adds the keys and issuer the scenario gives for an openid-config URL.
    func addOpenIDConfiguration(_ url: String, to rules: inout JwtRules, policy: Policy, warnWhenMissing: Bool) {
        guard let config = openIDConfiguration(url) else {
            if warnWhenMissing {
                record(.warning, policy, "openid-config \(url) is not in the scenario's openidConfigs: its keys and issuer are unknown (nothing is fetched)")
            }
            return
        }
        if let issuer = config.issuer { rules.issuers.append(issuer) }
        for (index, key) in config.keys.enumerated() {
            let source = "openid-config key \(index + 1)\(key.kid.map { " (kid \($0))" } ?? "")"
            switch key.material {
            case .rsa(let n, let e):
                guard let rsa = JwtToken.rsaKey(modulusBase64Url: n, exponentBase64Url: e) else {
                    record(.warning, policy, "\(source): n/e is not an RSA public key; ignored")
                    continue
                }
                rules.keys.append(JwtSigningKey(id: key.kid, source: source, family: .rsa) { $0.verifyRsa(rsa) })
            case .certificate(let base64):
                guard let der = try? DotNetConvert.fromBase64String(base64), let rsa = JwtToken.rsaKey(certificateDer: der) else {
                    record(.warning, policy, "\(source): x5c is not an RSA certificate; ignored")
                    continue
                }
                rules.keys.append(JwtSigningKey(id: key.kid, source: source, family: .rsa) { $0.verifyRsa(rsa) })
            case .symmetric(let k):
                guard let bytes = try? DotNetConvert.fromBase64Url(k), !bytes.isEmpty else {
                    record(.warning, policy, "\(source): k is not base64url; ignored")
                    continue
                }
                rules.keys.append(JwtSigningKey(id: key.kid, source: source, family: .symmetric) { $0.verifyHmac(key: bytes) })
            }
        }
    }

    static func numericClaim(_ token: JwtToken, _ name: String) -> Double? {
        guard let value = token.payload[name] as? JValue else { return nil }
        switch value.content {
        case .integer(let number): return Double(number)
        case .float(let number): return number.isFinite ? number : nil
        case .string(let text): return Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    /// Seconds as a whole number when they fit (clock-skew comes from the policy: any size).
    static func wholeSeconds(_ seconds: Double) -> String {
        seconds.isFinite && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }

    static func withoutTrailingSlash(_ text: String) -> String {
        text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}
