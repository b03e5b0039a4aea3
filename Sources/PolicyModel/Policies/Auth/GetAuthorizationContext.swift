// `<get-authorization-context>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/GetAuthorizationContext.swift.

extension PolicyCatalog {
    static let getAuthorizationContext = PolicySpec(
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
    )
}

extension PolicyUnit {
    /// `<get-authorization-context>`: its catalog entry; read generically.
    static let getAuthorizationContext = PolicyUnit(PolicyCatalog.getAuthorizationContext)
}
