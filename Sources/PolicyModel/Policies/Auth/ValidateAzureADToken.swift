// `<validate-azure-ad-token>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/ValidateAzureADToken.swift.

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

/// `<validate-azure-ad-token tenant-id authentication-endpoint …>` with `<client-application-ids>`,
/// `<backend-application-ids>`, `<audiences>`, `<required-claims>` and `<decryption-keys>`.
public struct ValidateAzureADToken: Sendable {
    public var tenantId: PolicyValue?
    public var authenticationEndpoint: PolicyValue?
    public var token: TokenSource
    public var clientApplicationIds: [PolicyValue]
    public var backendApplicationIds: [PolicyValue]
    public var audiences: [PolicyValue]
    public var requiredClaims: [RequiredClaim]
    public var hasDecryptionKeys: Bool
}

extension PolicyUnit {
    /// `<validate-azure-ad-token>`: its catalog entry and typed reading.
    static let validateAzureADToken = PolicyUnit(PolicyCatalog.validateAzureADToken) { element in
        .validateAzureADToken(ValidateAzureADToken(
            tenantId: element["tenant-id"], authenticationEndpoint: element["authentication-endpoint"],
            token: TokenSource.reading(element),
            clientApplicationIds: element.texts("client-application-ids", "application-id"),
            backendApplicationIds: element.texts("backend-application-ids", "application-id"),
            audiences: element.texts("audiences", "audience"),
            requiredClaims: RequiredClaim.reading(element),
            hasDecryptionKeys: !element.elements(named: "decryption-keys").isEmpty))
    }
}
