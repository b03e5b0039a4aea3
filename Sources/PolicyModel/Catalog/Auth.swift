extension PolicyCatalog {
    /// Authentication and authorization: inbound checks of the caller, and credentials for the backend.
    static let auth: [PolicySpec] = [
        PolicySpec(
            "check-header", category: .auth, sections: .inbound,
            attributes: [
                .req("name"),
                .req("failed-check-httpcode", .integer(min: 100, max: 599)),
                .req("failed-check-error-message"),
                .req("ignore-case", .boolean),
            ],
            content: .elements([ElementSpec.text("value")]),
            reference: learn("check-header-policy"),
            summary: "Requires a request header, optionally with one of the listed values."
        ),
        PolicySpec(
            "ip-filter", category: .auth, sections: .inbound,
            attributes: [.req("action", .enumeration(["allow", "forbid"]))],
            content: .elements([
                ElementSpec.text("address"),
                ElementSpec("address-range", attributes: [.req("from"), .req("to")]),
            ]),
            reference: learn("ip-filter-policy"),
            summary: "Allows or forbids callers by IP address or address range."
        ),
        PolicySpec(
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
        ),
        PolicySpec(
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
        ),
        PolicySpec(
            "validate-client-certificate", category: .auth, sections: .inbound,
            attributes: [
                .opt("validate-revocation", .boolean, expressions: false, default: "true"),
                .opt("validate-trust", .boolean, expressions: false, default: "true"),
                .opt("validate-not-before", .boolean, expressions: false, default: "true"),
                .opt("validate-not-after", .boolean, expressions: false, default: "true"),
                .opt("ignore-error", .boolean, expressions: false, default: "false"),
            ],
            content: .elements([
                .list("identities", of: ElementSpec("identity", attributes: [
                    .opt("thumbprint"),
                    .opt("serial-number"),
                    .opt("common-name"),
                    .opt("subject"),
                    .opt("dns-name"),
                    .opt("issuer-subject"),
                    .opt("issuer-thumbprint"),
                    .opt("issuer-certificate-id"),
                ])),
            ]),
            reference: learn("validate-client-certificate-policy"),
            summary: "Requires a client certificate that passes the listed checks and matches an identity."
        ),
        authenticationBasic, authenticationCertificate, authenticationManagedIdentity,
        PolicySpec(
            "get-authorization-context", category: .auth, sections: .inbound,
            attributes: [
                .req("provider-id"),
                .req("authorization-id"),
                .req("context-variable-name", expressions: false),
                .opt("identity-type", .enumeration(["managed", "jwt"]), default: "managed"),
                .opt("identity"),
                .opt("ignore-error", .boolean, default: "false"),
            ],
            reference: learn("get-authorization-context-policy"),
            summary: "Gets the authorization context of a credential manager connection into a variable."
        ),
    ]

    static let authenticationBasic = PolicySpec(
        "authentication-basic", category: .auth, sections: .inbound,
        attributes: [.req("username"), .req("password")],
        reference: learn("authentication-basic-policy"),
        summary: "Authenticates to the backend with Basic authentication."
    )

    static let authenticationCertificate = PolicySpec(
        "authentication-certificate", category: .auth, sections: .inbound,
        attributes: [
            .opt("thumbprint"),
            .opt("certificate-id"),
            .opt("body"),
            .opt("password"),
        ],
        constraints: [.exactlyOne(["thumbprint", "certificate-id", "body"])],
        reference: learn("authentication-certificate-policy"),
        summary: "Authenticates to the backend with a client certificate."
    )

    static let authenticationManagedIdentity = PolicySpec(
        "authentication-managed-identity", category: .auth,
        // Learn lists inbound only; deployed real-world policies use it in outbound too (to get a
        // token into output-token-variable-name for a send-request), and APIM accepts them.
        sections: [.inbound, .outbound],
        attributes: [
            .req("resource"),
            .opt("client-id", expressions: false),
            // Self-hosted gateway: "WorkloadIdentity" (no client-id then).
            .opt("authentication-provider", expressions: false),
            .opt("output-token-variable-name", expressions: false),
            .opt("ignore-error", .boolean, default: "false"),
        ],
        reference: learn("authentication-managed-identity-policy"),
        summary: "Authenticates to the backend with a token for the gateway's managed identity."
    )

    /// Where validate-jwt reads the token: exactly one of these, no default.
    private static let jwtTokenSourceAttributes: [AttributeSpec] = [
        .opt("header-name"),
        .opt("query-parameter-name"),
        .opt("token-value"),
    ]

    /// Where validate-azure-ad-token reads the token (default: the Authorization header).
    private static let tokenSourceAttributes: [AttributeSpec] = [
        .opt("header-name", default: "Authorization"),
        .opt("query-parameter-name"),
        .opt("token-value"),
    ]

    /// A signing or decryption key: base64 text, or a certificate-id, or an RSA modulus and exponent.
    private static let jwtKey = ElementSpec(
        "key",
        attributes: [.opt("id"), .opt("certificate-id"), .opt("n"), .opt("e")],
        content: .text(expressions: true),
        min: 1
    )

    private static let requiredClaims = ElementSpec.list(
        "required-claims",
        of: ElementSpec(
            "claim",
            attributes: [
                .req("name"),
                .opt("match", .enumeration(["all", "any"]), default: "all"),
                .opt("separator"),
            ],
            content: .elements([.text("value")]),
            min: 1
        )
    )
}
