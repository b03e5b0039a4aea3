// `<proxy>`: its catalog entry; simulated in PolicyRuntime/Policies/Routing/Proxy.swift.

extension PolicyCatalog {
    /// `proxy`: a policy in inbound, and a child element of send-request.
    static let proxy = PolicySpec(
        "proxy", category: .routing, sections: .inbound,
        attributes: [
            .req("url", .url),
            .opt("username"),
            .opt("password"),
        ],
        reference: learn("proxy-policy"),
        summary: "Routes forwarded requests through an HTTP proxy."
    )
}

extension PolicyUnit {
    /// `<proxy>`: its catalog entry; read generically.
    static let proxy = PolicyUnit(PolicyCatalog.proxy)
}
