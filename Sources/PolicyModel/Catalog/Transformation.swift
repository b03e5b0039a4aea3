extension PolicyCatalog {
    /// Transformation: variables, headers, query parameters, body, status, method, URL rewriting
    /// and body conversions.
    static let transformation: [PolicySpec] = [
        setVariable, setHeader, setQueryParameter, setBody, setStatus, setMethod,
        PolicySpec(
            "rewrite-uri", category: .transformation, sections: .inbound,
            attributes: [
                .req("template"),
                .opt("copy-unmatched-params", .boolean, default: "true"),
            ],
            reference: learn("rewrite-uri-policy"),
            summary: "Rewrites the request URL from its public form to the form the backend expects."
        ),
        findAndReplace, jsonToXml, xmlToJson,
        PolicySpec(
            "xsl-transform", category: .transformation, sections: [.inbound, .outbound],
            // An optional list of <parameter name="…"> and an <xsl:stylesheet>: not checked.
            content: .any,
            reference: learn("xsl-transform-policy"),
            summary: "Applies an XSL transformation to the XML body."
        ),
        PolicySpec(
            "redirect-content-urls", category: .transformation, sections: [.inbound, .outbound],
            reference: learn("redirect-content-urls-policy"),
            summary: "Rewrites links in the body so that they point through the gateway."
        ),
    ]

    static let setVariable = PolicySpec(
        "set-variable", category: .transformation, sections: .all,
        attributes: [
            .req("name", expressions: false),
            .req("value"),
        ],
        reference: learn("set-variable-policy"),
        summary: "Stores a value in a named context variable."
    )

    /// The `<value>` children of set-header and set-query-parameter.
    static let valueElement = ElementSpec.text("value")

    static let setHeader = PolicySpec(
        "set-header", category: .transformation, sections: .all,
        attributes: [
            .req("name"),
            .opt("exists-action", .enumeration(["override", "skip", "append", "delete"]), default: "override"),
            // Not on Learn (the value goes in <value> children); accepted real policies use it.
            .opt("value"),
        ],
        content: .elements([valueElement]),
        reference: learn("set-header-policy"),
        summary: "Adds, replaces, appends to or deletes a request or response header."
    )

    static let setQueryParameter = PolicySpec(
        "set-query-parameter", category: .transformation, sections: [.inbound, .backend],
        attributes: [
            .req("name"),
            .opt("exists-action", .enumeration(["override", "skip", "append", "delete"]), default: "override"),
        ],
        content: .elements([valueElement]),
        reference: learn("set-query-parameter-policy"),
        summary: "Adds, replaces, appends to or deletes a request query string parameter."
    )

    /// Learn lists inbound, outbound, backend; real APIM also accepts it in on-error (see the
    /// catalog report), where it sets the error response body.
    static let setBody = PolicySpec(
        "set-body", category: .transformation, sections: .all,
        attributes: [
            .opt("template", .enumeration(["liquid", "none"]), expressions: false),
            .opt("xsi-nil", .enumeration(["blank", "null"]), expressions: false, default: "blank"),
            .opt("parse-date", .boolean, expressions: false, default: "true"),
        ],
        // Text, an expression, or a liquid template that may contain markup (SOAP envelopes…).
        content: .any,
        reference: learn("set-body-policy"),
        summary: "Sets the body of the request or response."
    )

    static let setStatus = PolicySpec(
        "set-status", category: .transformation, sections: .all,
        attributes: [
            .req("code", .integer(min: 100, max: 599)),
            .opt("reason"),
        ],
        reference: learn("set-status-policy"),
        summary: "Sets the HTTP status code (and reason phrase)."
    )

    static let setMethod = PolicySpec(
        "set-method", category: .transformation, sections: [.inbound, .onError],
        content: .text(expressions: true),
        reference: learn("set-method-policy"),
        summary: "Changes the HTTP method of the request."
    )

    static let findAndReplace = PolicySpec(
        "find-and-replace", category: .transformation, sections: .all,
        attributes: [
            .req("from"),
            .req("to"),
        ],
        reference: learn("find-and-replace-policy"),
        summary: "Replaces every occurrence of a string in the body with another string."
    )

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
