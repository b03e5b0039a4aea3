// `<get-authorization-context>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/GetAuthorizationContext.swift.

extension PolicyCatalog {
    static let getAuthorizationContext = PolicySpec(
        "get-authorization-context", category: .auth, sections: .inbound,
        attributes: [
            .req("provider-id"),
            .req("authorization-id"),
            .req("context-variable-name"),  // Learn: "Policy expressions are allowed."
            .opt("identity-type", .enumeration(["managed", "jwt"]), default: "managed"),
            .opt("identity"),
            .opt("ignore-error", .boolean, default: "false"),
        ],
        reference: learn("get-authorization-context-policy"),
        summary: "Gets the authorization context of a credential manager connection into a variable."
    )
}

/// `<get-authorization-context provider-id authorization-id context-variable-name identity-type identity ignore-error>`.
public struct GetAuthorizationContext: Sendable {
    public var providerId: PolicyValue?
    public var authorizationId: PolicyValue?
    public var contextVariableName: PolicyValue?
    public var identityType: PolicyValue?
    public var identity: PolicyValue?
    public var ignoreError: PolicyValue?
}

extension PolicyUnit {
    /// `<get-authorization-context>`: its catalog entry and typed reading.
    static let getAuthorizationContext = PolicyUnit(PolicyCatalog.getAuthorizationContext) { element in
        .getAuthorizationContext(GetAuthorizationContext(
            providerId: element["provider-id"], authorizationId: element["authorization-id"],
            contextVariableName: element["context-variable-name"], identityType: element["identity-type"],
            identity: element["identity"], ignoreError: element["ignore-error"]))
    }
}
