import PolicySource

// `<set-body>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/SetBody.swift.

extension PolicyCatalog {
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
}

/// `<set-body template>` with a literal or expression body.
public struct SetBody: Sendable {
    public var template: PolicyValue?
    public var xsiNil: PolicyValue?
    public var body: PolicyValue?
    public var parseDate: PolicyValue?
    /// The `<set-body>` element itself: a liquid template is its inner XML as written.
    public var element: Element

    /// Reads `set-body` (also as a child of send-request and return-response).
    static func reading(_ element: Element) -> SetBody {
        SetBody(template: element["template"], xsiNil: element["xsi-nil"], body: element.text, parseDate: element["parse-date"], element: element)
    }
}

extension PolicyUnit {
    /// `<set-body>`: its catalog entry and typed reading.
    static let setBody = PolicyUnit(PolicyCatalog.setBody) { element in
        return .setBody(SetBody.reading(element))
    }
}
