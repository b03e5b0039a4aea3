// `<authentication-certificate>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/AuthenticationCertificate.swift.

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

extension PolicyUnit {
    /// `<authentication-certificate>`: its catalog entry; read generically.
    static let authenticationCertificate = PolicyUnit(PolicyCatalog.authenticationCertificate)
}
