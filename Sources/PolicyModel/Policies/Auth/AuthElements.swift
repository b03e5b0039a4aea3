/// Catalog pieces several Auth policies share.
extension PolicyCatalog {
    /// Where validate-jwt reads the token: exactly one of these, no default.
    static let jwtTokenSourceAttributes: [AttributeSpec] = [
        .opt("header-name"),
        .opt("query-parameter-name"),
        .opt("token-value"),
    ]
    /// Where validate-azure-ad-token reads the token (default: the Authorization header).
    static let tokenSourceAttributes: [AttributeSpec] = [
        .opt("header-name", default: "Authorization"),
        .opt("query-parameter-name"),
        .opt("token-value"),
    ]
    /// A signing or decryption key: base64 text, or a certificate-id, or an RSA modulus and exponent.
    static let jwtKey = ElementSpec(
        "key",
        attributes: [.opt("id"), .opt("certificate-id"), .opt("n"), .opt("e")],
        content: .text(expressions: true),
        min: 1
    )
    static let requiredClaims = ElementSpec.list(
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
