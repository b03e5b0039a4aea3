// `<xml-to-json>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/XMLToJSON.swift.

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

/// `<xml-to-json kind apply consider-accept-header always-array-child-elements>`.
public struct XMLToJSON: Sendable {
    public var kind: PolicyValue?
    public var apply: PolicyValue?
    public var considerAcceptHeader: PolicyValue?
    public var alwaysArrayChildElements: PolicyValue?
}

extension PolicyUnit {
    /// `<xml-to-json>`: its catalog entry and typed reading.
    static let xmlToJson = PolicyUnit(PolicyCatalog.xmlToJson) { element in
        .xmlToJson(XMLToJSON(kind: element["kind"], apply: element["apply"], considerAcceptHeader: element["consider-accept-header"],
            alwaysArrayChildElements: element["always-array-child-elements"]))
    }
}
