// `<xml-to-json>`: its catalog entry; simulated in PolicyRuntime/Policies/Transformation/XMLToJSON.swift.

extension PolicyCatalog {
    static let xmlToJson = PolicySpec(
        "xml-to-json", category: .transformation, sections: [.inbound, .outbound, .onError],
        attributes: [
            .req("kind", .enumeration(["javascript-friendly", "direct"])),
            .req("apply", .enumeration(["always", "content-type-xml"])),
            .opt("consider-accept-header", .boolean, default: "true"),
            .opt("always-array-child-elements", .boolean, default: "false"),
        ],
        reference: learn("xml-to-json-policy"),
        summary: "Converts an XML body to JSON."
    )
}

extension PolicyUnit {
    /// `<xml-to-json>`: its catalog entry; read generically.
    static let xmlToJson = PolicyUnit(PolicyCatalog.xmlToJson)
}
