extension PolicyCatalog {
    /// Content validation against the API schema, GraphQL and OData requests.
    static let validation: [PolicySpec] = [
        PolicySpec(
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
        ),
        PolicySpec(
            "validate-parameters", category: .validation, sections: .inbound,
            attributes: [
                .req("specified-parameter-action", validationAction),
                .req("unspecified-parameter-action", validationAction),
                .opt("errors-variable-name", expressions: false),
            ],
            content: .elements(["headers", "query", "path"].map { location in
                ElementSpec(
                    location,
                    // `path` has no unspecified-parameter-action (every path parameter is in the schema).
                    attributes: [.opt("specified-parameter-action", validationAction)]
                        + (location == "path" ? [] : [.opt("unspecified-parameter-action", validationAction)]),
                    content: .elements([
                        ElementSpec("parameter", attributes: [.req("name"), .req("action", validationAction)]),
                    ]),
                    max: 1
                )
            }),
            reference: learn("validate-parameters-policy"),
            summary: "Validates request header, query and path parameters against the API schema."
        ),
        PolicySpec(
            "validate-headers", category: .validation, sections: [.outbound, .onError],
            attributes: [
                .req("specified-header-action", validationAction),
                .req("unspecified-header-action", validationAction),
                .opt("errors-variable-name", expressions: false),
            ],
            content: .elements([
                ElementSpec("header", attributes: [.req("name"), .req("action", validationAction)]),
            ]),
            reference: learn("validate-headers-policy"),
            summary: "Validates response headers against the API schema."
        ),
        PolicySpec(
            "validate-status-code", category: .validation, sections: [.outbound, .onError],
            attributes: [
                .req("unspecified-status-code-action", validationAction),
                .opt("errors-variable-name", expressions: false),
                // Not on Learn (which names it errors-variable-name); accepted real policies use it.
                .opt("error-variable-name", expressions: false),
            ],
            content: .elements([
                ElementSpec("status-code", attributes: [
                    .req("code", .integer(min: 100, max: 599)),
                    .req("action", validationAction),
                ]),
            ]),
            reference: learn("validate-status-code-policy"),
            summary: "Validates response status codes against the API schema."
        ),
        PolicySpec(
            "validate-graphql-request", category: .validation, sections: .inbound,
            attributes: [
                .opt("error-variable-name", expressions: false),
                .req("max-size", .integer(min: 0)),
                .opt("max-depth", .integer(min: 1), default: "6"),
            ],
            content: .elements([
                .list("authorize", of: ElementSpec("rule", attributes: [
                    .req("path"),
                    .opt("action", .enumeration(["allow", "remove", "reject", "ignore"]), default: "allow"),
                ])),
            ]),
            reference: learn("validate-graphql-request-policy"),
            summary: "Validates a GraphQL request and authorizes its query paths."
        ),
        PolicySpec(
            "validate-odata-request", category: .validation, sections: .inbound,
            attributes: [
                .opt("error-variable-name", expressions: false),
                .opt("default-odata-version", default: "4.0"),
                .opt("min-odata-version"),
                .opt("max-odata-version"),
                .opt("max-size", .integer(min: 0)),
            ],
            reference: learn("validate-odata-request-policy"),
            summary: "Validates an OData request URL, headers and parameters against the OData specification."
        ),
    ]

    /// The actions of the validation policies.
    static let validationAction = AttributeType.enumeration(["ignore", "prevent", "detect"])
}
