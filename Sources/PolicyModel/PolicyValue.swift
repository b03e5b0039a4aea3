import PolicySource
import PolicyXML

/// A `{{name}}` reference to a named value inside an attribute value or text.
public struct NamedValueReference: Sendable, Hashable {
    public var name: String
    /// Where the `{{` stands in the original file.
    public var location: SourceLocation
}

/// The source of a policy expression, `@(…)` or `@{…}`, with the way back to the original file.
public struct ExpressionSource: Sendable, Hashable {
    /// The expression text exactly as it will be parsed (XML entities decoded).
    public var text: String
    /// UTF-8 offset in `text` → original byte offset.
    public var map: OffsetMap
    /// Whether the pre-pass found the matching `)`/`}`.
    public var closed: Bool
    /// Whether it is a statement block `@{…}` rather than a single expression `@(…)`.
    public var isBlock: Bool { text.utf8.dropFirst().first == UInt8(ascii: "{") }
    /// Text after the expression in the same value (APIM takes a value as one expression).
    public var trailing: String

    public init(text: String, map: OffsetMap, closed: Bool = true, trailing: String = "") {
        self.text = text
        self.map = map
        self.closed = closed
        self.trailing = trailing
    }
}

/// An attribute value or element text, classified the way APIM reads it.
///
/// The fields live in one immutable object: a value is copied every time a policy runs (with the
/// policy's typed form), and copying one reference is what keeps that cheap. Setting a field
/// makes a new object, so values still behave as values.
public struct PolicyValue: Sendable, Hashable {
    /// How a value is to be read.
    public enum Kind: Sendable, Hashable {
        /// Plain text, used as written.
        case literal
        /// A policy expression, evaluated at run time.
        case expression
        /// Text with `{{named value}}` references, replaced before evaluation.
        case template
    }

    /// What a value is made of.
    private struct Fields: Sendable, Hashable {
        var text: String
        var location: SourceLocation
        var map: OffsetMap
        var expression: ExpressionSource?
        var namedValues: [NamedValueReference]
    }

    private final class Storage: Sendable {
        let fields: Fields
        // Answers the interpreter asks for every time a policy runs, worked out once.
        let hasExpression: Bool
        let hasNamedValues: Bool
        let plainText: String?
        let plainInteger: Int?

        init(_ fields: Fields) {
            self.fields = fields
            hasExpression = fields.expression != nil
            hasNamedValues = !fields.namedValues.isEmpty
            let plain = !hasExpression && !hasNamedValues && !PolicyValue.mayStartExpression(fields.text)
            plainText = plain ? fields.text : nil
            plainInteger = plain ? PolicyValue.digits(fields.text) : nil
        }
    }

    private var storage: Storage

    private mutating func set<T>(_ field: WritableKeyPath<Fields, T>, _ value: T) {
        var fields = storage.fields
        fields[keyPath: field] = value
        storage = Storage(fields)
    }

    /// Whether the first character that is not white space is `@`: text that may hold an
    /// expression although the parser did not mark one (a value made in code).
    public static func mayStartExpression(_ text: String) -> Bool {
        for byte in text.utf8 where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            return byte == UInt8(ascii: "@")
        }
        return false
    }

    /// 1–15 ASCII digits as a number, else nil.
    static func digits(_ text: String) -> Int? {
        var number = 0
        var count = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39, count < 15 else { return nil }
            number = number * 10 + Int(byte - 0x30)
            count += 1
        }
        return count > 0 ? number : nil
    }

    /// The decoded text.
    public var text: String {
        get { storage.fields.text }
        set { set(\.text, newValue) }
    }
    /// Where the value's text starts in the original file.
    public var location: SourceLocation {
        get { storage.fields.location }
        set { set(\.location, newValue) }
    }
    /// UTF-8 offset in `text` → original byte offset.
    public var map: OffsetMap {
        get { storage.fields.map }
        set { set(\.map, newValue) }
    }
    /// The expression when the value is one.
    public var expression: ExpressionSource? {
        get { storage.fields.expression }
        set { set(\.expression, newValue) }
    }
    /// Every `{{name}}` in the value (also inside expressions).
    public var namedValues: [NamedValueReference] {
        get { storage.fields.namedValues }
        set { set(\.namedValues, newValue) }
    }

    /// Whether the value has an expression, read without copying it.
    public var hasExpression: Bool { storage.hasExpression }

    /// The expression's text when the value is one.
    public var expressionText: String? { storage.fields.expression?.text }

    /// Whether the value has `{{name}}` references, read without copying them.
    public var hasNamedValues: Bool { storage.hasNamedValues }

    /// The text of a plain literal — no expression, no named value, not starting with `@` — to
    /// use without evaluation; nil otherwise.
    public var plainText: String? { storage.plainText }

    /// A plain literal of 1–15 ASCII digits as a number (`count="2"`, `timeout="60"`), else nil.
    public var plainInteger: Int? { storage.plainInteger }

    public static func == (left: PolicyValue, right: PolicyValue) -> Bool {
        left.storage === right.storage || left.storage.fields == right.storage.fields
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    public var kind: Kind {
        if hasExpression { return .expression }
        return hasNamedValues ? .template : .literal
    }

    /// True for plain text that needs no evaluation.
    public var isLiteral: Bool { kind == .literal }

    public init(text: String, location: SourceLocation, map: OffsetMap, expression: ExpressionSource? = nil, namedValues: [NamedValueReference] = []) {
        storage = Storage(Fields(text: text, location: location, map: map, expression: expression, namedValues: namedValues))
    }

    /// A literal value made in code (tests, defaults); located nowhere in particular.
    public static func literal(_ text: String, at location: SourceLocation = SourceLocation(path: "", line: 0, column: 0)) -> PolicyValue {
        PolicyValue(text: text, location: location, map: OffsetMap(base: location.offset))
    }

    /// Classifies decoded XML text.
    static func make(from xml: XMLText, in file: SourceFile) -> PolicyValue {
        var expression: ExpressionSource?
        if let span = xml.expression {
            let utf8 = Array(xml.text.utf8)
            let start = min(span.lowerBound, utf8.count)
            let end = min(max(span.upperBound, start), utf8.count)
            let text = String(decoding: utf8[start..<end], as: UTF8.self)
            let trailing = String(decoding: utf8[end...], as: UTF8.self).trimmingSpaces()
            expression = ExpressionSource(text: text, map: xml.map.shifted(by: start), closed: xml.expressionClosed, trailing: trailing)
        }
        let namedValues = Self.namedValueReferences(in: xml.text).map { offset, name in
            NamedValueReference(name: name, location: file.location(at: xml.map.original(offset)))
        }
        // Made once: each field set afterwards would copy the value's storage.
        return PolicyValue(text: xml.text, location: file.location(at: xml.range.start), map: xml.map, expression: expression, namedValues: namedValues)
    }

    /// `{{name}}` occurrences: `(utf8 offset of "{{", name)`. Names: letters, digits, `.`, `-`, `_`.
    public static func namedValueReferences(in text: String) -> [(Int, String)] {
        // Most values hold no `{{`: answered without copying the text's bytes.
        guard text.containsUTF8(UInt8(ascii: "{")) else { return [] }
        let utf8 = Array(text.utf8)
        var result: [(Int, String)] = []
        utf8.withUnsafeBufferPointer { bytes in
            var next = bytes.firstIndex(of: UInt8(ascii: "{"), from: 0)
            while let index = next, index + 3 < bytes.count {
                guard bytes[index + 1] == UInt8(ascii: "{") else {
                    next = bytes.firstIndex(of: UInt8(ascii: "{"), from: index + 1)
                    continue
                }
                var cursor = index + 2
                while cursor < bytes.count, isNamedValueByte(bytes[cursor]) { cursor += 1 }
                if cursor > index + 2, cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "}"), bytes[cursor + 1] == UInt8(ascii: "}") {
                    result.append((index, String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 2)..<cursor]), as: UTF8.self)))
                    next = bytes.firstIndex(of: UInt8(ascii: "{"), from: cursor + 2)
                } else {
                    next = bytes.firstIndex(of: UInt8(ascii: "{"), from: index + 1)
                }
            }
        }
        return result
    }

    private static func isNamedValueByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }
}

extension String {
    /// The string without leading and trailing white space (space, tab, CR, LF).
    public func trimmingSpaces() -> String {
        let utf8 = Array(self.utf8)
        var start = 0
        var end = utf8.count
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 || utf8[start] == 0x0A || utf8[start] == 0x0D { start += 1 }
        while end > start, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 || utf8[end - 1] == 0x0A || utf8[end - 1] == 0x0D { end -= 1 }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }
}
