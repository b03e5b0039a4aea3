// `<cors>`: its catalog entry; simulated in PolicyRuntime/Policies/CrossDomain/Cors.swift.

extension PolicyCatalog {
    static let cors = PolicySpec(
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
    )
}

extension PolicyUnit {
    /// `<cors>`: its catalog entry; read generically.
    static let cors = PolicyUnit(PolicyCatalog.cors)
}
