// `<authentication-certificate>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/AuthenticationCertificate.swift.

extension PolicyCatalog {
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
}

/// `<authentication-certificate thumbprint | certificate-id | body password>` (a policy, and a
/// child of send-request).
public struct AuthenticationCertificate: Sendable {
    public var thumbprint: PolicyValue?
    public var certificateId: PolicyValue?
    public var body: PolicyValue?
    public var password: PolicyValue?
}

extension PolicyUnit {
    /// `<authentication-certificate>`: its catalog entry and typed reading.
    static let authenticationCertificate = PolicyUnit(PolicyCatalog.authenticationCertificate) { element in
        .authenticationCertificate(AuthenticationCertificate(
            thumbprint: element["thumbprint"], certificateId: element["certificate-id"], body: element["body"], password: element["password"]))
    }
}
