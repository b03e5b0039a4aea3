// `<json-to-xml>`: its catalog entry; simulated in PolicyRuntime/Policies/Transformation/JSONToXML.swift.

extension PolicyCatalog {
    static let jsonToXml = PolicySpec(
        "json-to-xml", category: .transformation, sections: [.inbound, .outbound, .onError],
        attributes: [
            .req("apply", .enumeration(["always", "content-type-json"])),
            .opt("consider-accept-header", .boolean, default: "true"),
            .opt("parse-date", .boolean, expressions: false, default: "true"),
            .opt("namespace-separator"),
            .opt("namespace-prefix"),
            .opt("attribute-block-name"),
        ],
        reference: learn("json-to-xml-policy"),
        summary: "Converts a JSON body to XML."
    )
}

extension PolicyUnit {
    /// `<json-to-xml>`: its catalog entry; read generically.
    static let jsonToXml = PolicyUnit(PolicyCatalog.jsonToXml)
}
