// `<validate-client-certificate>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/ValidateClientCertificate.swift.

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

/// `<validate-client-certificate validate-revocation validate-trust validate-not-before
/// validate-not-after ignore-error>` with `<identities><identity …>`.
public struct ValidateClientCertificate: Sendable {
    /// An `<identity>`: every attribute given must match the certificate.
    public struct Identity: Sendable {
        public var thumbprint: PolicyValue?
        public var serialNumber: PolicyValue?
        public var commonName: PolicyValue?
        public var subject: PolicyValue?
        public var dnsName: PolicyValue?
        public var issuerSubject: PolicyValue?
        public var issuerThumbprint: PolicyValue?
        public var issuerCertificateId: PolicyValue?
    }

    public var validateRevocation: PolicyValue?
    public var validateTrust: PolicyValue?
    public var validateNotBefore: PolicyValue?
    public var validateNotAfter: PolicyValue?
    public var ignoreError: PolicyValue?
    public var identities: [Identity]
}

extension PolicyUnit {
    /// `<validate-client-certificate>`: its catalog entry and typed reading.
    static let validateClientCertificate = PolicyUnit(PolicyCatalog.validateClientCertificate) { element in
        .validateClientCertificate(ValidateClientCertificate(
            validateRevocation: element["validate-revocation"], validateTrust: element["validate-trust"],
            validateNotBefore: element["validate-not-before"], validateNotAfter: element["validate-not-after"],
            ignoreError: element["ignore-error"],
            identities: element.elements(named: "identities").flatMap { $0.elements(named: "identity") }.map {
                ValidateClientCertificate.Identity(
                    thumbprint: $0["thumbprint"], serialNumber: $0["serial-number"], commonName: $0["common-name"],
                    subject: $0["subject"], dnsName: $0["dns-name"], issuerSubject: $0["issuer-subject"],
                    issuerThumbprint: $0["issuer-thumbprint"], issuerCertificateId: $0["issuer-certificate-id"])
            }))
    }
}
