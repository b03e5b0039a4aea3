extension PolicyCatalog {
    /// Cross-domain: CORS, JSONP, and the Flash/Silverlight cross-domain policy.
    static let crossDomain: [PolicySpec] = [
        PolicySpec(
            "cors", category: .crossDomain, sections: .inbound,
            attributes: [
                .opt("allow-credentials", .boolean, default: "false"),
                .opt("terminate-unmatched-request", .boolean, default: "true"),
            ],
            content: .elements([
                .list("allowed-origins", of: .text("origin", min: 1), min: 1),
                .list(
                    "allowed-methods", of: .text("method", min: 1),
                    attributes: [.opt("preflight-result-max-age", .integer(min: 0), default: "0")]
                ),
                .list("allowed-headers", of: .text("header", min: 1)),
                .list("expose-headers", of: .text("header", min: 1)),
            ]),
            reference: learn("cors-policy"),
            summary: "Adds CORS support: answers preflight requests and sets the CORS response headers."
        ),
        PolicySpec(
            "jsonp", category: .crossDomain, sections: .outbound,
            attributes: [.req("callback-parameter-name")],
            reference: learn("jsonp-policy"),
            summary: "Wraps the response in a JavaScript callback named by a query parameter."
        ),
        PolicySpec(
            "cross-domain", category: .crossDomain, sections: .inbound,
            // A <cross-domain-policy> document as used by Flash and Silverlight: not checked.
            content: .any,
            reference: learn("cross-domain-policy"),
            summary: "Serves a cross-domain policy file for Adobe Flash and Microsoft Silverlight clients."
        ),
    ]
}
