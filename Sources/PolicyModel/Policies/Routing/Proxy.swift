// `<proxy>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Routing/Proxy.swift.

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

/// `<proxy url username password>`.
public struct Proxy: Sendable {
    public var url: PolicyValue?
    public var username: PolicyValue?
    public var password: PolicyValue?
}

extension PolicyUnit {
    /// `<proxy>`: its catalog entry and typed reading.
    static let proxy = PolicyUnit(PolicyCatalog.proxy) { element in
        .proxy(Proxy(url: element["url"], username: element["username"], password: element["password"]))
    }
}
