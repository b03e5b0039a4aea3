// `<authentication-basic>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/AuthenticationBasic.swift.

extension PolicyCatalog {
    static let authenticationBasic = PolicySpec(
        "authentication-basic", category: .auth, sections: .inbound,
        attributes: [.req("username"), .req("password")],
        reference: learn("authentication-basic-policy"),
        summary: "Authenticates to the backend with Basic authentication."
    )
}

/// `<authentication-basic username password>`.
public struct AuthenticationBasic: Sendable {
    public var username: PolicyValue?
    public var password: PolicyValue?
}

extension PolicyUnit {
    /// `<authentication-basic>`: its catalog entry and typed reading.
    static let authenticationBasic = PolicyUnit(PolicyCatalog.authenticationBasic) { element in
        .authenticationBasic(AuthenticationBasic(username: element["username"], password: element["password"]))
    }
}
