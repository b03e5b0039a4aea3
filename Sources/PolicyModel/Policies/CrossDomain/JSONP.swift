// `<jsonp>`: its catalog entry; simulated in PolicyRuntime/Policies/CrossDomain/JSONP.swift.

extension PolicyCatalog {
    static let jsonp = PolicySpec(
        "jsonp", category: .crossDomain, sections: .outbound,
        attributes: [.req("callback-parameter-name")],
        reference: learn("jsonp-policy"),
        summary: "Wraps the response in a JavaScript callback named by a query parameter."
    )
}

extension PolicyUnit {
    /// `<jsonp>`: its catalog entry; read generically.
    static let jsonp = PolicyUnit(PolicyCatalog.jsonp)
}
