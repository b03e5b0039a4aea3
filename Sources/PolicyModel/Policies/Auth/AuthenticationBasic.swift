// `<authentication-basic>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/AuthenticationBasic.swift.

extension PolicyCatalog {
    static let authenticationBasic = PolicySpec(
        "authentication-basic", category: .auth, sections: .inbound,
        attributes: [.req("username"), .req("password")],
        reference: learn("authentication-basic-policy"),
        summary: "Authenticates to the backend with Basic authentication."
    )
}

extension PolicyUnit {
    /// `<authentication-basic>`: its catalog entry; read generically.
    static let authenticationBasic = PolicyUnit(PolicyCatalog.authenticationBasic)
}
