import PolicySource

/// Maps UTF-8 offsets in a decoded string (entities replaced) back to byte offsets in the
/// original file. Where nothing was decoded the map is the identity plus a base offset.
public struct OffsetMap: Sendable, Hashable {
    /// Original offset of decoded offset 0.
    public var base: Int
    /// Breakpoints `(decoded, original)`, ascending: from `decoded` on, offsets advance one for one
    /// from `original`.
    public var breakpoints: [Breakpoint]

    public struct Breakpoint: Sendable, Hashable {
        public var decoded: Int
        public var original: Int
    }

    public init(base: Int, breakpoints: [Breakpoint] = []) {
        self.base = base
        self.breakpoints = breakpoints
    }

    /// The original byte offset of a decoded UTF-8 offset.
    public func original(_ decoded: Int) -> Int {
        var anchorDecoded = 0
        var anchorOriginal = base
        for point in breakpoints {
            if point.decoded > decoded { break }
            anchorDecoded = point.decoded
            anchorOriginal = point.original
        }
        return anchorOriginal + (decoded - anchorDecoded)
    }

    /// The map of a substring that starts at `decodedStart`.
    public func shifted(by decodedStart: Int) -> OffsetMap {
        let base = original(decodedStart)
        let points = breakpoints.compactMap { point -> Breakpoint? in
            point.decoded > decodedStart ? Breakpoint(decoded: point.decoded - decodedStart, original: point.original) : nil
        }
        return OffsetMap(base: base, breakpoints: points)
    }
}

/// A run of decoded text (attribute value, text or CDATA) with the way back to the original file.
public struct XMLText: Sendable, Hashable {
    /// The decoded text (entities and character references replaced).
    public var text: String
    /// Where the raw text stands in the original file.
    public var range: SourceRange
    /// Decoded UTF-8 offset → original byte offset.
    public var map: OffsetMap
    /// When the text holds a policy expression (`@(...)` or `@{...}`): the expression's decoded
    /// UTF-8 range within `text`, as the raw-XML pre-pass matched it.
    public var expression: Range<Int>?
    /// False when the expression starts but never closes.
    public var expressionClosed: Bool

    public init(text: String, range: SourceRange, map: OffsetMap, expression: Range<Int>? = nil, expressionClosed: Bool = true) {
        self.text = text
        self.range = range
        self.map = map
        self.expression = expression
        self.expressionClosed = expressionClosed
    }
}

/// An attribute with the location of its name and of its value.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    /// The name's offset in the original file.
    public var nameOffset: Int
    public var value: XMLText
}

/// One node of element content.
public enum XMLNode: Sendable, Hashable {
    case element(XMLElement)
    case text(XMLText)
    case cdata(XMLText)
    case comment(SourceRange)
}

/// An element as it stands in the original file.
public struct XMLElement: Sendable, Hashable {
    public var name: String
    /// Offset of the element's `<` in the original file.
    public var startOffset: Int
    /// Offset just after the element's end (`>` of its end tag, or of `/>`).
    public var endOffset: Int
    /// Offset of the name in the start tag (one after `<`).
    public var nameOffset: Int { startOffset + 1 }
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]

    /// The first attribute with this name.
    public func attribute(_ name: String) -> XMLAttribute? {
        attributes.first { $0.name == name }
    }

    /// Child elements only, in order.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The concatenated text and CDATA children (no element content).
    public var textContent: String {
        children.map { node -> String in
            switch node {
            case .text(let text), .cdata(let text): text.text
            default: ""
            }
        }.joined()
    }
}

/// A parsed XML document: the original file and its root element.
public struct XMLDocument: Sendable {
    public var file: SourceFile
    public var root: XMLElement

    /// The location of an original byte offset.
    public func location(_ offset: Int) -> SourceLocation { file.location(at: offset) }
}
