import PolicySource
import PolicyXML

/// Turns a parsed XML tree into the typed policy AST. The catalog decides which child elements
/// are policies (`<when>` holds policies, `<send-request>` holds structured children).
public struct DocumentBuilder: Sendable {
    public var catalog: PolicyCatalog

    public init(catalog: PolicyCatalog = .standard) {
        self.catalog = catalog
    }

    /// Parses and builds in one go: the document when the markup is sound, and the findings.
    public func parse(_ file: SourceFile, parser: PolicyXMLParser = PolicyXMLParser()) -> (PolicyDocument?, [Diagnostic]) {
        // A UTF-16/32 file would come out of libxml2 as "Char 0x0 out of allowed range": say what it is.
        if let problem = file.wideEncodingProblem {
            return (nil, [Diagnostic(.error, "markup", problem, at: file.location(at: 0))])
        }
        let result = parser.parse(file)
        guard let xml = result.document else { return (nil, result.diagnostics) }
        return (build(xml), result.diagnostics)
    }

    public func build(_ xml: XMLDocument) -> PolicyDocument {
        let file = xml.file
        switch xml.root.name {
        case "policies":
            var root = genericElement(xml.root, file: file, content: .elements([]))
            root.elements = []  // the sections, built below with policies as their content
            var sections: [Section] = []
            for child in xml.root.children {
                guard case .element(let sectionXML) = child else { continue }
                let element = genericElement(sectionXML, file: file, content: .policies)
                sections.append(Section(kind: PolicySection(rawValue: sectionXML.name), element: element))
                root.elements.append(element)
            }
            return PolicyDocument(file: file, kind: .policies, root: root, sections: sections)
        case "fragment":
            return PolicyDocument(file: file, kind: .fragment, root: genericElement(xml.root, file: file, content: .policies), sections: [])
        default:
            return PolicyDocument(file: file, kind: .other(xml.root.name), root: genericElement(xml.root, file: file, content: .any), sections: [])
        }
    }

    /// A policy: its element read per its catalog entry, then its typed model.
    func policy(_ xml: XMLElement, file: SourceFile) -> Policy {
        let content = catalog.spec(named: xml.name)?.content ?? .any
        let element = genericElement(xml, file: file, content: content)
        return Policy(element: element, kind: PolicyKind.make(element))
    }

    func genericElement(_ xml: XMLElement, file: SourceFile, content: ContentSpec) -> Element {
        var element = Element(
            name: xml.name,
            location: file.location(at: xml.startOffset),
            attributes: xml.attributes.map {
                PolicyAttribute(name: $0.name, location: file.location(at: $0.nameOffset), value: PolicyValue.make(from: $0.value, in: file))
            },
            elements: [], policies: [], text: nil, endOffset: xml.endOffset)
        var texts: [XMLText] = []
        for child in xml.children {
            switch child {
            case .element(let childXML):
                switch content {
                case .policies:
                    element.policies.append(policy(childXML, file: file))
                case .elements(let specs):
                    let childContent = specs.first { $0.name == childXML.name }?.content ?? .any
                    element.elements.append(genericElement(childXML, file: file, content: childContent))
                case .any, .empty, .text:
                    element.elements.append(genericElement(childXML, file: file, content: .any))
                }
            case .text(let text), .cdata(let text):
                if !Self.isWhitespace(text.text) { texts.append(text) }
            case .comment:
                break
            }
        }
        if let first = texts.first {
            var merged = first
            if texts.count > 1 {
                merged.text = texts.map(\.text).joined()
                merged.expression = nil
            }
            element.text = PolicyValue.make(from: merged, in: file)
        }
        return element
    }

    /// Whether the text is all white space. The space between elements is ASCII (spaces, tabs,
    /// line breaks) and is answered from its bytes; other text goes through `Character`.
    static func isWhitespace(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte >= 0x80 { return text.allSatisfy(\.isWhitespace) }
            if byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0B, byte != 0x0C { return false }
        }
        return true
    }
}
