import PolicySource

// `<rewrite-uri>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/RewriteUri.swift.

extension PolicyCatalog {
    static let rewriteUri = PolicySpec(
        "rewrite-uri", category: .transformation, sections: .inbound,
        attributes: [
            .req("template"),
            .opt("copy-unmatched-params", .boolean, default: "true"),
        ],
        reference: learn("rewrite-uri-policy"),
        summary: "Rewrites the request URL from its public form to the form the backend expects."
    )
}

/// `<rewrite-uri template copy-unmatched-params>`.
public struct RewriteUri: Sendable {
    public var template: PolicyValue?
    public var copyUnmatchedParams: PolicyValue?
}

extension PolicyUnit {
    /// `<rewrite-uri>`: its catalog entry and typed reading.
    static let rewriteUri = PolicyUnit(PolicyCatalog.rewriteUri) { element in
        return .rewriteUri(RewriteUri(template: element["template"], copyUnmatchedParams: element["copy-unmatched-params"]))
    }
}
