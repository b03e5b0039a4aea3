// `<ip-filter>`: its catalog entry; simulated in PolicyRuntime/Policies/Auth/IPFilter.swift.

extension PolicyCatalog {
    static let ipFilter = PolicySpec(
        "ip-filter", category: .auth, sections: .inbound,
        attributes: [.req("action", .enumeration(["allow", "forbid"]))],
        content: .elements([
            ElementSpec.text("address"),
            ElementSpec("address-range", attributes: [.req("from"), .req("to")]),
        ]),
        reference: learn("ip-filter-policy"),
        summary: "Allows or forbids callers by IP address or address range."
    )
}

extension PolicyUnit {
    /// `<ip-filter>`: its catalog entry; read generically.
    static let ipFilter = PolicyUnit(PolicyCatalog.ipFilter)
}
