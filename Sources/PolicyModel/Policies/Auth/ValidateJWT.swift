// `<validate-jwt>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/ValidateJWT.swift.

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

extension PolicyUnit {
    /// `<validate-jwt>`: its catalog entry; read generically.
    static let validateJWT = PolicyUnit(PolicyCatalog.validateJWT)
}
