// `<validate-client-certificate>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/ValidateClientCertificate.swift.

extension PolicyCatalog {
    static let validateClientCertificate = PolicySpec(
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
    )
}

extension PolicyUnit {
    /// `<validate-client-certificate>`: its catalog entry; read generically.
    static let validateClientCertificate = PolicyUnit(PolicyCatalog.validateClientCertificate)
}
