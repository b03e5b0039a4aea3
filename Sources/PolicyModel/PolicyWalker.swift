/// A walk over a policy document, as swift-markdown's `MarkupWalker`: one `visit` hook per kind of
/// node, each descending into the node's children by default, so that a walk overrides only the
/// hooks it cares about and calls `descend(into:)` where it wants the walk to go on.
///
/// The order is the document's, depth first, with an element's policies before its child
/// elements (the AST keeps the two apart: `<when>` holds policies, `<send-request>` structured
/// children):
///
/// - ``visitDocument(_:)``: a `<policies>` document's sections in order; a fragment's policies
///   (and any other root's child elements).
/// - ``visitSection(_:)``: the section's policies.
/// - ``visitPolicy(_:)``: the policies and child elements of the policy's element.
/// - ``visitElement(_:)``: a child element that is no policy (`<when>`, `<value>`, `<set-url>` …):
///   its policies and child elements.
///
/// The root, a section's and a policy's element are reached through their own hook, never
/// through ``visitElement(_:)``.
public protocol PolicyWalker {
    mutating func visitDocument(_ document: PolicyDocument)
    mutating func visitSection(_ section: Section)
    mutating func visitPolicy(_ policy: Policy)
    mutating func visitElement(_ element: Element)
}

extension PolicyWalker {
    public mutating func visitDocument(_ document: PolicyDocument) { descend(into: document) }
    public mutating func visitSection(_ section: Section) { descend(into: section.element) }
    public mutating func visitPolicy(_ policy: Policy) { descend(into: policy.element) }
    public mutating func visitElement(_ element: Element) { descend(into: element) }

    /// A `<policies>` document's sections, or the root's policies and child elements.
    public mutating func descend(into document: PolicyDocument) {
        if document.kind == .policies {
            for section in document.sections { visitSection(section) }
        } else {
            descend(into: document.root)
        }
    }

    /// The element's policies, then its child elements.
    public mutating func descend(into element: Element) {
        for policy in element.policies { visitPolicy(policy) }
        for child in element.elements { visitElement(child) }
    }
}

/// Every policy of a document, depth first, with the section it stands in (nil in a fragment).
struct PolicyCollector: PolicyWalker {
    var policies: [(Policy, PolicySection?)] = []
    private var section: PolicySection?

    mutating func visitSection(_ section: Section) {
        self.section = section.kind
        descend(into: section.element)
    }

    mutating func visitPolicy(_ policy: Policy) {
        policies.append((policy, section))
        descend(into: policy.element)
    }
}
