// `<json-to-xml>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/JSONToXML.swift.

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

/// `<json-to-xml apply consider-accept-header parse-date namespace-separator namespace-prefix attribute-block-name>`.
public struct JSONToXML: Sendable {
    public var apply: PolicyValue?
    public var considerAcceptHeader: PolicyValue?
    public var parseDate: PolicyValue?
    public var namespaceSeparator: PolicyValue?
    public var namespacePrefix: PolicyValue?
    public var attributeBlockName: PolicyValue?
}

extension PolicyUnit {
    /// `<json-to-xml>`: its catalog entry and typed reading.
    static let jsonToXml = PolicyUnit(PolicyCatalog.jsonToXml) { element in
        .jsonToXml(JSONToXML(
            apply: element["apply"], considerAcceptHeader: element["consider-accept-header"], parseDate: element["parse-date"],
            namespaceSeparator: element["namespace-separator"], namespacePrefix: element["namespace-prefix"],
            attributeBlockName: element["attribute-block-name"]))
    }
}
