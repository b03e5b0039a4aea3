// `<jsonp>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/CrossDomain/JSONP.swift.

extension PolicyCatalog {
    static let jsonp = PolicySpec(
        "jsonp", category: .crossDomain, sections: .outbound,
        attributes: [.req("callback-parameter-name")],
        reference: learn("jsonp-policy"),
        summary: "Wraps the response in a JavaScript callback named by a query parameter."
    )
}

/// `<jsonp callback-parameter-name>`.
public struct JSONP: Sendable {
    public var callbackParameterName: PolicyValue?
}

extension PolicyUnit {
    /// `<jsonp>`: its catalog entry and typed reading.
    static let jsonp = PolicyUnit(PolicyCatalog.jsonp) { element in
        .jsonp(JSONP(callbackParameterName: element["callback-parameter-name"]))
    }
}
