import PolicyModel

/// Every value of a document (each element's attribute values, then its text), in document order:
/// the root, then depth first through sections, policies and child elements. Each value says
/// whether it stands inside a `set-body template="liquid"`, whose `{{ }}` are Liquid output.
struct DocumentValues: PolicyWalker {
    struct Entry {
        var value: PolicyValue
        var inLiquid: Bool
    }

    private(set) var entries: [Entry] = []
    private var inLiquid = false

    init(_ document: PolicyDocument) {
        visitDocument(document)
    }

    mutating func visitDocument(_ document: PolicyDocument) {
        enter(document.root) { $0.descend(into: document) }
    }

    mutating func visitSection(_ section: Section) {
        enter(section.element) { $0.descend(into: section.element) }
    }

    mutating func visitPolicy(_ policy: Policy) {
        enter(policy.element) { $0.descend(into: policy.element) }
    }

    mutating func visitElement(_ element: Element) {
        enter(element) { $0.descend(into: element) }
    }

    private mutating func enter(_ element: Element, descend: (inout Self) -> Void) {
        let outer = inLiquid
        inLiquid = inLiquid || (element.name == "set-body" && element.attribute("template")?.value.text.lowercased() == "liquid")
        for attribute in element.attributes { entries.append(Entry(value: attribute.value, inLiquid: inLiquid)) }
        if let text = element.text { entries.append(Entry(value: text, inLiquid: inLiquid)) }
        descend(&self)
        inLiquid = outer
    }
}
