// `<cors>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/CrossDomain/Cors.swift.

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

/// `<cors allow-credentials terminate-unmatched-request>` with `<allowed-origins><origin>`,
/// `<allowed-methods preflight-result-max-age><method>`, `<allowed-headers><header>` and
/// `<expose-headers><header>`.
public struct Cors: Sendable {
    public var allowCredentials: PolicyValue?
    public var terminateUnmatchedRequest: PolicyValue?
    public var allowedOrigins: [PolicyValue]
    /// The methods of the first `<allowed-methods>`; nil without one (GET and POST are allowed).
    public var allowedMethods: [PolicyValue]?
    public var preflightResultMaxAge: PolicyValue?
    public var allowedHeaders: [PolicyValue]
    public var exposeHeaders: [PolicyValue]
}

extension PolicyUnit {
    /// `<cors>`: its catalog entry and typed reading.
    static let cors = PolicyUnit(PolicyCatalog.cors) { element in
        func texts(_ list: String, _ item: String) -> [PolicyValue] {
            element.elements(named: list).flatMap { $0.elements(named: item) }.compactMap(\.text)
        }
        let methods = element.elements(named: "allowed-methods").first
        return .cors(Cors(
            allowCredentials: element["allow-credentials"], terminateUnmatchedRequest: element["terminate-unmatched-request"],
            allowedOrigins: texts("allowed-origins", "origin"),
            allowedMethods: methods.map { $0.elements(named: "method").compactMap(\.text) },
            preflightResultMaxAge: methods?["preflight-result-max-age"],
            allowedHeaders: texts("allowed-headers", "header"), exposeHeaders: texts("expose-headers", "header")))
    }
}
