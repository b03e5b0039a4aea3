/// The catalog of every Azure API Management policy policycheck knows, taken from the policy
/// reference pages on Microsoft Learn (see each entry's `reference`).
///
/// Every policy (and every child element that is itself a policy statement, such as `set-header`
/// inside `send-request`) also accepts an `id` attribute; the catalog does not list it per policy.
public struct PolicyCatalog: Sendable {
    /// All policies, sorted by name.
    public let policies: [PolicySpec]
    private let byName: [String: PolicySpec]

    /// Builds a catalog from a list of policies. When two entries share a name the first wins.
    public init(_ policies: [PolicySpec]) {
        var byName: [String: PolicySpec] = [:]
        var unique: [PolicySpec] = []
        for policy in policies where byName[policy.name] == nil {
            byName[policy.name] = policy
            unique.append(policy)
        }
        self.policies = unique.sorted { $0.name < $1.name }
        self.byName = byName
    }

    /// The spec of a policy by its element name (case-sensitive, as APIM is).
    public func spec(named name: String) -> PolicySpec? { byName[name] }

    /// Every policy name, sorted.
    public var names: [String] { policies.map(\.name) }

    /// The catalog of the current APIM policy reference.
    public static let standard = PolicyCatalog(PolicyUnit.all.map(\.spec))
}

// MARK: - Building blocks shared by the policy units

extension AttributeSpec {
    /// A required attribute.
    static func req(_ name: String, _ type: AttributeType = .string, expressions: Bool = true) -> AttributeSpec {
        AttributeSpec(name, type, required: true, expressions: expressions)
    }

    /// An optional attribute with its documented default, if any.
    static func opt(
        _ name: String, _ type: AttributeType = .string, expressions: Bool = true, default value: String? = nil
    ) -> AttributeSpec {
        AttributeSpec(name, type, required: false, expressions: expressions, default: value)
    }
}

extension ElementSpec {
    /// A child element holding text (an expression allowed when `expressions` is true).
    static func text(
        _ name: String, expressions: Bool = true, attributes: [AttributeSpec] = [], min: Int = 0, max: Int? = nil
    ) -> ElementSpec {
        ElementSpec(name, attributes: attributes, content: .text(expressions: expressions), min: min, max: max)
    }

    /// A child element that is a list of one repeated child element.
    static func list(
        _ name: String, of item: ElementSpec, attributes: [AttributeSpec] = [], min: Int = 0, max: Int? = 1
    ) -> ElementSpec {
        ElementSpec(name, attributes: attributes, content: .elements([item]), min: min, max: max)
    }
}

extension PolicySpec {
    /// This policy used as a child element of another policy (`set-header` in `send-request`,
    /// `set-status` in `return-response`, …). Such an element keeps the policy's attributes,
    /// content and constraints, and accepts `id` like any policy statement.
    public func asElement(min: Int = 0, max: Int? = nil) -> ElementSpec {
        var attributes = self.attributes
        if !attributes.contains(where: { $0.name == "id" }) {
            attributes.append(.opt("id", expressions: false))
        }
        return ElementSpec(name, attributes: attributes, content: content, min: min, max: max, constraints: constraints)
    }
}

/// The Learn page of a policy, from its file name on learn.microsoft.com.
func learn(_ page: String) -> String {
    "https://learn.microsoft.com/azure/api-management/\(page)"
}
