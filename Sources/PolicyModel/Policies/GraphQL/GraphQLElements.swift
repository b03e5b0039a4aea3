/// Catalog pieces several GraphQL policies share.
extension PolicyCatalog {
    static var includeFragmentElement: ElementSpec {
        ElementSpec("include-fragment", attributes: [.req("fragment-id", expressions: false)])
    }
    static var getAuthorizationContextElement: ElementSpec {
        getAuthorizationContext.asElement(max: 1)
    }
    static var forwardRequestElement: ElementSpec {
        forwardRequest.asElement(max: 1)
    }
    static let connectionString = ElementSpec.text(
        "connection-string",
        attributes: [.opt("use-managed-identity", .boolean, default: "false")],
        min: 1, max: 1
    )
    static func liquidText(_ name: String, min: Int = 0) -> ElementSpec {
        .text(name, attributes: [.opt("template", .enumeration(["liquid"]), expressions: false)], min: min, max: 1)
    }
    static let partitionKey = ElementSpec.text(
        "partition-key",
        attributes: [
            .opt("data-type", .enumeration(["string", "number", "bool", "none", "null"])),
            .opt("template", .enumeration(["liquid"]), expressions: false),
        ],
        max: 1
    )
    static let etag = ElementSpec.text(
        "etag",
        attributes: [
            .opt("type", .enumeration(["match", "no-match"])),
            .opt("template", .enumeration(["liquid"]), expressions: false),
        ],
        max: 1
    )
    static let cosmosWriteAttributes: [AttributeSpec] = [
        .opt("consistency-level", .enumeration(["bounded-staleness", "consistent-prefix", "eventual", "session", "strong"])),
        .opt("pre-trigger"),
        .opt("post-trigger"),
    ]
    static func resolverResponse(includeFragments: Bool) -> ElementSpec {
        var children: [ElementSpec] = []
        if includeFragments { children.append(includeFragmentElement) }
        children += [setBody.asElement(max: 1), publishEvent.asElement(max: 1)]
        return ElementSpec("response", content: .elements(children), max: 1)
    }
}
