// `<invoke-dapr-binding>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/InvokeDaprBinding.swift.

extension PolicyCatalog {
    static let invokeDaprBinding = PolicySpec(
        "invoke-dapr-binding", category: .integration, sections: [.inbound, .outbound, .onError],
        attributes: [
            .req("name"),
            .opt("operation", expressions: false),
            .opt("ignore-error", .boolean, expressions: false, default: "false"),
            .opt("response-variable-name", expressions: false),
            .opt("timeout", .integer(min: 1, max: 240), default: "5"),
            .opt("template", .enumeration(["liquid"]), expressions: false),
            .opt("content-type", .enumeration(["application/json"]), expressions: false),
        ],
        content: .elements([
            .list("metadata", of: .text("item", attributes: [.req("key")])),
            ElementSpec("data", content: .any, max: 1),
        ]),
        reference: learn("invoke-dapr-binding-policy"),
        summary: "Triggers a Dapr output binding (self-hosted gateway)."
    )
}

/// `<invoke-dapr-binding name operation ignore-error response-variable-name timeout …>` with
/// `<metadata><item key>` and `<data>`.
public struct InvokeDaprBinding: Sendable {
    public var name: PolicyValue?
    public var operation: PolicyValue?
    public var ignoreError: PolicyValue?
    public var responseVariableName: PolicyValue?
    public var timeout: PolicyValue?
    public var metadata: [KeyedText]
    public var data: PolicyValue?
}

extension PolicyUnit {
    /// `<invoke-dapr-binding>`: its catalog entry and typed reading.
    static let invokeDaprBinding = PolicyUnit(PolicyCatalog.invokeDaprBinding) { element in
        .invokeDaprBinding(InvokeDaprBinding(
            name: element["name"], operation: element["operation"], ignoreError: element["ignore-error"],
            responseVariableName: element["response-variable-name"], timeout: element["timeout"],
            metadata: KeyedText.reading(element, group: "metadata", item: "item", key: "key"),
            data: element.firstText("data")))
    }
}
