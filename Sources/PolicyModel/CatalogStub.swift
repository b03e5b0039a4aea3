// Temporary stand-in until the full catalog lands; removed on merge.
public struct PolicyCatalog: Sendable {
    public static let standard = PolicyCatalog(policies: [
        PolicySpec("choose", category: .flow, sections: .all, content: .elements([
            ElementSpec("when", attributes: [AttributeSpec("condition", required: true)], content: .policies, min: 1),
            ElementSpec("otherwise", content: .policies, max: 1),
        ]), reference: "", summary: ""),
        PolicySpec("retry", category: .flow, sections: .all, attributes: [
            AttributeSpec("condition", .boolean, required: true), AttributeSpec("count", .integer(min: 1, max: 50), required: true),
            AttributeSpec("interval", .integer(min: 0), required: true), AttributeSpec("max-interval", .integer(min: 0)),
            AttributeSpec("delta", .integer(min: 0)), AttributeSpec("first-fast-retry", .boolean),
        ], content: .policies, reference: "", summary: ""),
        PolicySpec("forward-request", category: .routing, sections: .backend, attributes: [
            AttributeSpec("timeout", .integer(min: 0)), AttributeSpec("timeout-ms", .integer(min: 0)),
            AttributeSpec("buffer-request-body", .boolean), AttributeSpec("http-version", .enumeration(["1", "2", "2or1"])),
        ], constraints: [.atMostOne(["timeout", "timeout-ms"])], reference: "", summary: ""),
        PolicySpec("set-backend-service", category: .routing, sections: [.inbound, .backend], attributes: [
            AttributeSpec("base-url", .url), AttributeSpec("backend-id"),
        ], constraints: [.exactlyOne(["base-url", "backend-id"])], reference: "", summary: ""),
        PolicySpec("set-header", category: .transformation, sections: .all, attributes: [
            AttributeSpec("name", required: true), AttributeSpec("exists-action", .enumeration(["override", "skip", "append", "delete"])),
        ], content: .elements([ElementSpec("value", content: .text(expressions: true))]), reference: "", summary: ""),
        PolicySpec("set-variable", category: .transformation, sections: .all, attributes: [
            AttributeSpec("name", required: true, expressions: false), AttributeSpec("value", required: true),
        ], reference: "", summary: ""),
        PolicySpec("base", category: .flow, sections: .all, reference: "", summary: ""),
    ])

    public let policies: [PolicySpec]
    private let index: [String: PolicySpec]

    init(policies: [PolicySpec]) {
        self.policies = policies.sorted { $0.name < $1.name }
        self.index = Dictionary(policies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func spec(named name: String) -> PolicySpec? { index[name] }
    public var names: [String] { policies.map(\.name) }
}
