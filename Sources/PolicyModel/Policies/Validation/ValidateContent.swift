// `<validate-content>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Validation/ValidateContent.swift.

extension PolicyCatalog {
    static let validateContent = PolicySpec(
        "validate-content", category: .validation, sections: [.inbound, .outbound, .onError],
        attributes: [
            .req("unspecified-content-type-action", validationAction),
            .req("max-size", .integer(min: 0)),
            .req("size-exceeded-action", validationAction),
            .opt("errors-variable-name", expressions: false),
        ],
        content: .elements([
            ElementSpec(
                "content-type-map",
                attributes: [.opt("any-content-type-value"), .opt("missing-content-type-value")],
                content: .elements([
                    ElementSpec(
                        "type",
                        attributes: [.opt("from"), .opt("when", .boolean), .req("to")],
                        constraints: [.exactlyOne(["from", "when"])]
                    ),
                ]),
                max: 1
            ),
            ElementSpec("content", attributes: [
                .opt("type"),
                .req("validate-as", .enumeration(["json", "xml", "soap"])),
                .opt("schema-id"),
                .opt("schema-ref"),
                .req("action", validationAction),
                .opt("allow-additional-properties", .boolean),
                .opt("case-insensitive-property-names", .boolean, default: "false"),
            ]),
        ]),
        reference: learn("validate-content-policy"),
        summary: "Validates the size and content of the request or response body against the API schema."
    )
}

/// `<validate-content unspecified-content-type-action max-size size-exceeded-action errors-variable-name>`
/// with `<content-type-map>` and `<content>`s.
public struct ValidateContent: Sendable {
    /// `<content-type-map any-content-type-value missing-content-type-value>` with `<type from when to>`s.
    public struct ContentTypeMap: Sendable {
        public struct Mapping: Sendable {
            public var from: PolicyValue?
            public var when: PolicyValue?
            public var to: PolicyValue?
        }

        public var anyContentTypeValue: PolicyValue?
        public var missingContentTypeValue: PolicyValue?
        public var types: [Mapping]
    }

    /// `<content type validate-as schema-id schema-ref action …>`.
    public struct Content: Sendable {
        public var type: PolicyValue?
        public var validateAs: PolicyValue?
        public var schemaId: PolicyValue?
        public var schemaRef: PolicyValue?
        public var action: PolicyValue?
    }

    public var unspecifiedContentTypeAction: PolicyValue?
    public var maxSize: PolicyValue?
    public var sizeExceededAction: PolicyValue?
    /// `errors-variable-name` (or `error-variable-name`).
    public var errorsVariableName: PolicyValue?
    /// The first `<content-type-map>`.
    public var contentTypeMap: ContentTypeMap?
    public var contents: [Content]
}

extension PolicyUnit {
    /// `<validate-content>`: its catalog entry and typed reading.
    static let validateContent = PolicyUnit(PolicyCatalog.validateContent) { element in
        let map = element.elements(named: "content-type-map").first.map { map in
            ValidateContent.ContentTypeMap(
                anyContentTypeValue: map["any-content-type-value"], missingContentTypeValue: map["missing-content-type-value"],
                types: map.elements(named: "type").map { ValidateContent.ContentTypeMap.Mapping(from: $0["from"], when: $0["when"], to: $0["to"]) })
        }
        return .validateContent(ValidateContent(
            unspecifiedContentTypeAction: element["unspecified-content-type-action"], maxSize: element["max-size"],
            sizeExceededAction: element["size-exceeded-action"],
            errorsVariableName: element["errors-variable-name"] ?? element["error-variable-name"],
            contentTypeMap: map,
            contents: element.elements(named: "content").map {
                ValidateContent.Content(type: $0["type"], validateAs: $0["validate-as"], schemaId: $0["schema-id"],
                    schemaRef: $0["schema-ref"], action: $0["action"])
            }))
    }
}
