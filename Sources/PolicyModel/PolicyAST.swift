import PolicySource
import PolicyXML

/// An attribute as written: its name, where the name stands, and its value.
public struct PolicyAttribute: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation
    public var value: PolicyValue
}

/// Any element of a policy document, generically: a policy, a section, or a policy's child
/// element such as `<when>`, `<value>` or `<set-url>`.
public struct Element: Sendable, Hashable {
    public var name: String
    /// Where the element's `<` stands.
    public var location: SourceLocation
    public var attributes: [PolicyAttribute]
    /// Child elements that are not policies (structured content such as `<value>`).
    public var elements: [Element]
    /// Policies held by this element (`<when>`, `<otherwise>`, `<retry>`, sections …).
    public var policies: [Policy]
    /// The element's text (or CDATA), when it has any that is not white space.
    public var text: PolicyValue?
    /// Where the element's end tag ends (byte offset), for ranges.
    public var endOffset: Int

    /// The first attribute with this name.
    public func attribute(_ name: String) -> PolicyAttribute? {
        attributes.first { $0.name == name }
    }

    /// The value of an attribute, when present.
    public subscript(_ name: String) -> PolicyValue? { attribute(name)?.value }

    /// The child elements with this name.
    public func elements(named name: String) -> [Element] {
        elements.filter { $0.name == name }
    }
}

/// One policy in a document: the generic element, its typed reading, and where it stands.
///
/// Immutable once built and stored behind one reference, so the interpreter passes policies
/// around for the price of a retain rather than a copy of every field.
public struct Policy: Sendable, Hashable {
    private final class Storage: Sendable {
        let element: Element
        let kind: PolicyKind
        let id: String?

        init(element: Element, kind: PolicyKind) {
            self.element = element
            self.kind = kind
            self.id = element["id"]?.text
        }
    }

    private let storage: Storage

    public init(element: Element, kind: PolicyKind) {
        storage = Storage(element: element, kind: kind)
    }

    public var element: Element { storage.element }
    public var kind: PolicyKind { storage.kind }
    public var name: String { storage.element.name }
    public var location: SourceLocation { storage.element.location }
    /// The optional `id` attribute, reported as `context.LastError.PolicyId`.
    public var id: String? { storage.id }

    /// Equal elements read as equal kinds (the kind is read from the element), so the element decides.
    public static func == (lhs: Policy, rhs: Policy) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.element == rhs.storage.element
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.element)
    }
}

/// A `<inbound>`, `<backend>`, `<outbound>` or `<on-error>` section.
public struct Section: Sendable, Hashable {
    /// nil for an element under `<policies>` that is no section (lint reports it).
    public var kind: PolicySection?
    public var element: Element
    public var policies: [Policy] { element.policies }
    public var location: SourceLocation { element.location }
}

/// A parsed policy document: `<policies>` with sections, or a `<fragment>` with policies.
public struct PolicyDocument: Sendable {
    public enum Kind: Sendable, Hashable {
        case policies
        case fragment
        /// A root element that is neither (lint reports it).
        case other(String)
    }

    public var file: SourceFile
    public var kind: Kind
    public var root: Element
    /// Sections in document order (empty for a fragment).
    public var sections: [Section]

    /// The policies of a fragment (its root's policies).
    public var fragmentPolicies: [Policy] { root.policies }

    /// The first section of a kind.
    public func section(_ kind: PolicySection) -> Section? {
        sections.first { $0.kind == kind }
    }

    /// Every policy in the document, depth first, with the section it stands in.
    public func allPolicies() -> [(Policy, PolicySection?)] {
        var collector = PolicyCollector()
        collector.visitDocument(self)
        return collector.policies
    }
}
