// `<invoke-dapr-binding>`: its catalog entry; simulated in PolicyRuntime/Policies/Integration/InvokeDaprBinding.swift.

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

extension PolicyUnit {
    /// `<invoke-dapr-binding>`: its catalog entry; read generically.
    static let invokeDaprBinding = PolicyUnit(PolicyCatalog.invokeDaprBinding)
}
