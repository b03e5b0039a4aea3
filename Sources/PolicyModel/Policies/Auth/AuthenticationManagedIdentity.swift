import PolicySource

// `<authentication-managed-identity>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/AuthenticationManagedIdentity.swift.

extension PolicyCatalog {
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
}

/// `<authentication-managed-identity resource client-id output-token-variable-name ignore-error>`.
public struct AuthenticationManagedIdentity: Sendable {
    public var resource: PolicyValue?
    public var clientId: PolicyValue?
    public var outputTokenVariableName: PolicyValue?
    public var ignoreError: PolicyValue?
}

extension PolicyUnit {
    /// `<authentication-managed-identity>`: its catalog entry and typed reading.
    static let authenticationManagedIdentity = PolicyUnit(PolicyCatalog.authenticationManagedIdentity) { element in
        return .authenticationManagedIdentity(AuthenticationManagedIdentity(
            resource: element["resource"], clientId: element["client-id"],
            outputTokenVariableName: element["output-token-variable-name"], ignoreError: element["ignore-error"]))
    }
}
