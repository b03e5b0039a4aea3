// `<validate-azure-ad-token>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/ValidateAzureADToken.swift.

extension PolicyCatalog {
    static let validateAzureADToken = PolicySpec(
        "validate-azure-ad-token", category: .auth, sections: .inbound,
        attributes: [.req("tenant-id")] + tokenSourceAttributes + [
            .opt("authentication-endpoint"),
            .opt("failed-validation-httpcode", .integer(min: 100, max: 599), default: "401"),
            .opt("failed-validation-error-message"),
            .opt("output-token-variable-name", expressions: false),
        ],
        content: .elements([
            // Learn marks client-application-ids required; a deployed real-world policy that APIM
            // accepts has only <audiences>, so it is optional here.
            .list("client-application-ids", of: .text("application-id", min: 1)),
            .list("backend-application-ids", of: .text("application-id", min: 1)),
            .list("audiences", of: .text("audience", min: 1)),
            requiredClaims,
            .list("decryption-keys", of: jwtKey),
        ]),
        constraints: [.atMostOne(["header-name", "query-parameter-name", "token-value"])],
        reference: learn("validate-azure-ad-token-policy"),
        summary: "Requires a valid Microsoft Entra ID token for the listed applications and audiences."
    )
}

extension PolicyUnit {
    /// `<validate-azure-ad-token>`: its catalog entry; read generically.
    static let validateAzureADToken = PolicyUnit(PolicyCatalog.validateAzureADToken)
}
