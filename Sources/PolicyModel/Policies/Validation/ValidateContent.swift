// `<validate-content>`: its catalog entry; simulated in PolicyRuntime/Policies/Validation/ValidateContent.swift.

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

extension PolicyUnit {
    /// `<validate-content>`: its catalog entry; read generically.
    static let validateContent = PolicyUnit(PolicyCatalog.validateContent)
}
