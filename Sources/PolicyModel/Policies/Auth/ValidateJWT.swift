// `<validate-jwt>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/ValidateJWT.swift.

extension PolicyCatalog {
    static let validateJWT = PolicySpec(
        "validate-jwt", category: .auth, sections: .inbound,
        attributes: jwtTokenSourceAttributes + [
            .opt("failed-validation-httpcode", .integer(min: 100, max: 599), default: "401"),
            .opt("failed-validation-error-message"),
            .opt("require-expiration-time", .boolean, default: "true"),
            .opt("require-scheme"),
            .opt("require-signed-tokens", .boolean, default: "true"),
            .opt("clock-skew", .integer(min: 0), default: "0"),
            .opt("output-token-variable-name", expressions: false),
        ],
        content: .elements([
            ElementSpec("openid-config", attributes: [.req("url", .url)]),
            .list("issuer-signing-keys", of: jwtKey),
            .list("decryption-keys", of: jwtKey),
            .list("audiences", of: .text("audience", min: 1)),
            .list("issuers", of: .text("issuer", min: 1)),
            requiredClaims,
        ]),
        // Learn: "One of header-name, query-parameter-name or token-value must be specified."
        constraints: [.exactlyOne(["header-name", "query-parameter-name", "token-value"])],
        reference: learn("validate-jwt-policy"),
        summary: "Requires a valid JWT from a header, query parameter or expression."
    )
}

/// `<validate-jwt …>` with `<openid-config url>`, `<issuer-signing-keys><key>`, `<decryption-keys>`,
/// `<audiences><audience>`, `<issuers><issuer>` and `<required-claims>`.
public struct ValidateJWT: Sendable {
    public var token: TokenSource
    public var requireExpirationTime: PolicyValue?
    public var requireScheme: PolicyValue?
    public var requireSignedTokens: PolicyValue?
    public var clockSkew: PolicyValue?
    /// The `url` of each `<openid-config>`.
    public var openIdConfigs: [PolicyValue?]
    public var issuerSigningKeys: [JwtKey]
    public var hasDecryptionKeys: Bool
    public var audiences: [PolicyValue]
    public var issuers: [PolicyValue]
    public var requiredClaims: [RequiredClaim]
}

extension PolicyUnit {
    /// `<validate-jwt>`: its catalog entry and typed reading.
    static let validateJWT = PolicyUnit(PolicyCatalog.validateJWT) { element in
        .validateJWT(ValidateJWT(
            token: TokenSource.reading(element),
            requireExpirationTime: element["require-expiration-time"], requireScheme: element["require-scheme"],
            requireSignedTokens: element["require-signed-tokens"], clockSkew: element["clock-skew"],
            openIdConfigs: element.elements(named: "openid-config").map { $0["url"] },
            issuerSigningKeys: JwtKey.reading(element, list: "issuer-signing-keys"),
            hasDecryptionKeys: !element.elements(named: "decryption-keys").isEmpty,
            audiences: element.texts("audiences", "audience"), issuers: element.texts("issuers", "issuer"),
            requiredClaims: RequiredClaim.reading(element)))
    }
}
