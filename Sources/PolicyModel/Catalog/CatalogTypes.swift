/// The four sections of a policy document, in execution order (on-error last).
public enum PolicySection: String, Sendable, Hashable, CaseIterable, Codable {
    case inbound
    case backend
    case outbound
    case onError = "on-error"
}

/// A set of sections a policy may appear in.
public struct SectionSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let inbound = SectionSet(rawValue: 1)
    public static let backend = SectionSet(rawValue: 2)
    public static let outbound = SectionSet(rawValue: 4)
    public static let onError = SectionSet(rawValue: 8)
    public static let all: SectionSet = [.inbound, .backend, .outbound, .onError]
    /// Used by policies that only appear inside other elements (e.g. GraphQL resolvers).
    public static let none: SectionSet = []

    public init(_ section: PolicySection) {
        switch section {
        case .inbound: self = .inbound
        case .backend: self = .backend
        case .outbound: self = .outbound
        case .onError: self = .onError
        }
    }

    public func contains(_ section: PolicySection) -> Bool { contains(SectionSet(section)) }

    /// The sections in execution order, for messages.
    public var sections: [PolicySection] { PolicySection.allCases.filter { contains($0) } }
}

/// What a literal attribute value must look like. Expressions (`@(...)`) and named values
/// (`{{name}}`) are checked separately; these types apply to literal values only.
public enum AttributeType: Sendable, Hashable {
    /// Any text.
    case string
    /// `true` or `false` (APIM accepts any letter case).
    case boolean
    /// A whole number within the bounds (inclusive), when given.
    case integer(min: Int? = nil, max: Int? = nil)
    /// A decimal number within the bounds (inclusive), when given.
    case number(min: Double? = nil, max: Double? = nil)
    /// One of the listed words (compared case-insensitively).
    case enumeration([String])
    /// An absolute or relative URL.
    case url
    /// A C#-style duration `hh:mm:ss` or ISO 8601 (`PT5M`) (a few policies use these).
    case timeSpan
}

/// One attribute of a policy or of one of its child elements.
public struct AttributeSpec: Sendable, Hashable {
    public var name: String
    public var type: AttributeType
    public var required: Bool
    /// Whether `@(...)` policy expressions are accepted in this attribute.
    public var allowsExpressions: Bool
    /// The documented default, as written on the Learn page.
    public var defaultValue: String?

    public init(
        _ name: String,
        _ type: AttributeType = .string,
        required: Bool = false,
        expressions: Bool = true,
        default defaultValue: String? = nil
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.allowsExpressions = expressions
        self.defaultValue = defaultValue
    }
}

/// What an element may contain.
public enum ContentSpec: Sendable, Hashable {
    /// Nothing but white space and comments.
    case empty
    /// Text (possibly an expression when `expressions` is true); no child elements.
    case text(expressions: Bool)
    /// The listed child elements only.
    case elements([ElementSpec])
    /// Policies, as allowed in the section the element stands in (choose/when, retry, …).
    case policies
    /// Free-form content that is not checked (e.g. an XSLT stylesheet, a liquid template body).
    case any
}

/// A rule between attributes of one element.
public enum AttributeConstraint: Sendable, Hashable {
    /// Exactly one of these attributes must be present.
    case exactlyOne([String])
    /// At most one of these attributes may be present.
    case atMostOne([String])
    /// At least one of these attributes must be present.
    case atLeastOne([String])
}

/// A child element of a policy (such as `<when>`, `<value>`, `<set-url>`), recursively.
public struct ElementSpec: Sendable, Hashable {
    public var name: String
    public var attributes: [AttributeSpec]
    public var content: ContentSpec
    /// Inclusive bounds on how often the element may appear in its parent; nil max = unbounded.
    public var minOccurs: Int
    public var maxOccurs: Int?
    public var constraints: [AttributeConstraint]

    public init(
        _ name: String,
        attributes: [AttributeSpec] = [],
        content: ContentSpec = .empty,
        min minOccurs: Int = 0,
        max maxOccurs: Int? = nil,
        constraints: [AttributeConstraint] = []
    ) {
        self.name = name
        self.attributes = attributes
        self.content = content
        self.minOccurs = minOccurs
        self.maxOccurs = maxOccurs
        self.constraints = constraints
    }
}

/// A category from the APIM policy reference, for documentation tables.
public enum PolicyCategory: String, Sendable, Hashable, CaseIterable {
    case flow, routing, transformation, rateAndQuota = "rate-and-quota", auth, validation, caching
    case crossDomain = "cross-domain", integration, graphQL = "graphql", ai
}

/// Everything policycheck knows about one APIM policy, taken from its Microsoft Learn page.
public struct PolicySpec: Sendable, Hashable {
    public var name: String
    public var category: PolicyCategory
    /// Sections where the policy may stand.
    public var sections: SectionSet
    /// Attributes (every policy also accepts `id`, which the catalog adds implicitly).
    public var attributes: [AttributeSpec]
    public var content: ContentSpec
    public var constraints: [AttributeConstraint]
    /// The Learn page the facts come from.
    public var reference: String
    /// One line: what the policy does.
    public var summary: String

    public init(
        _ name: String,
        category: PolicyCategory,
        sections: SectionSet,
        attributes: [AttributeSpec] = [],
        content: ContentSpec = .empty,
        constraints: [AttributeConstraint] = [],
        reference: String,
        summary: String
    ) {
        self.name = name
        self.category = category
        self.sections = sections
        self.attributes = attributes
        self.content = content
        self.constraints = constraints
        self.reference = reference
        self.summary = summary
    }

    /// The spec of an attribute by name (case-sensitive, as APIM is).
    public func attribute(_ name: String) -> AttributeSpec? {
        attributes.first { $0.name == name }
    }
}
