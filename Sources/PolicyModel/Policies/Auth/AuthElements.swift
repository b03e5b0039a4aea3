/// Where validate-jwt and validate-azure-ad-token read the token, and how they answer a failure.
public struct TokenSource: Sendable {
    public var headerName: PolicyValue?
    public var queryParameterName: PolicyValue?
    public var tokenValue: PolicyValue?
    public var failedValidationHttpCode: PolicyValue?
    public var failedValidationErrorMessage: PolicyValue?
    public var outputTokenVariableName: PolicyValue?

    static func reading(_ element: Element) -> TokenSource {
        TokenSource(
            headerName: element["header-name"], queryParameterName: element["query-parameter-name"], tokenValue: element["token-value"],
            failedValidationHttpCode: element["failed-validation-httpcode"],
            failedValidationErrorMessage: element["failed-validation-error-message"],
            outputTokenVariableName: element["output-token-variable-name"])
    }
}

/// A `<key id certificate-id n e>base64</key>` of issuer-signing-keys.
public struct JwtKey: Sendable {
    public var id: PolicyValue?
    public var certificateId: PolicyValue?
    public var n: PolicyValue?
    public var e: PolicyValue?
    public var base64: PolicyValue?

    /// The `<key>`s inside every `<list>` child.
    static func reading(_ element: Element, list: String) -> [JwtKey] {
        element.elements(named: list).flatMap { $0.elements(named: "key") }.map {
            JwtKey(id: $0["id"], certificateId: $0["certificate-id"], n: $0["n"], e: $0["e"], base64: $0.text)
        }
    }
}

/// A `<required-claims><claim name match separator><value>` of validate-jwt and validate-azure-ad-token.
public struct RequiredClaim: Sendable {
    public var name: PolicyValue?
    public var match: PolicyValue?
    public var separator: PolicyValue?
    public var values: [PolicyValue]

    static func reading(_ element: Element) -> [RequiredClaim] {
        element.elements(named: "required-claims").flatMap { $0.elements(named: "claim") }.map {
            RequiredClaim(name: $0["name"], match: $0["match"], separator: $0["separator"], values: $0.elements(named: "value").compactMap(\.text))
        }
    }
}

extension Element {
    /// The texts of the `<item>` children of every `<list>` child.
    func texts(_ list: String, _ item: String) -> [PolicyValue] {
        elements(named: list).flatMap { $0.elements(named: item) }.compactMap(\.text)
    }
}

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
