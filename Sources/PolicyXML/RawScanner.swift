/// The raw-XML pre-pass.
///
/// APIM accepts policies whose expressions are not XML-escaped (`condition="@(x != "")"`,
/// `@{ if (a < b) … }`). This scanner walks the ORIGINAL bytes once, finds every expression span
/// that starts an attribute value or a text node, skips C# string, verbatim, interpolated and char
/// literals and comments to find the matching `)` or `}`, and produces:
/// - a masked copy of the bytes, the same length and with the same line breaks, in which the
///   characters that would break XML inside expression spans are replaced by `x` — libxml2 parses
///   this copy, so its line numbers and columns are those of the original file;
/// - the token stream (tags, attributes, text, CDATA, comments) with original byte offsets, from
///   which the tree is built once libxml2 has accepted the document.
struct RawScanner {
    struct ExpressionSpan: Hashable {
        var start: Int
        var end: Int
        var closed: Bool
    }

    struct Attribute {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
        var expression: ExpressionSpan?
    }

    enum Token {
        case startTag(start: Int, nameEnd: Int, end: Int, attributes: [Attribute], selfClosing: Bool)
        case endTag(start: Int, nameStart: Int, nameEnd: Int, end: Int)
        case text(start: Int, end: Int, expression: ExpressionSpan?)
        case cdata(start: Int, end: Int, contentStart: Int, contentEnd: Int)
        case comment(start: Int, end: Int)
    }

    enum Problem {
        /// An expression whose `(` or `{` is never matched.
        case unclosedExpression(offset: Int)
        /// A `<!DOCTYPE …>`: refused (entity expansion and external entities live there).
        case doctype(offset: Int)
        /// Elements nested deeper than the limit.
        case tooDeep(offset: Int, limit: Int)
    }

    let bytes: [UInt8]
    private(set) var masked: [UInt8]
    private(set) var tokens: [Token] = []
    private(set) var problems: [Problem] = []
    let maxDepth: Int

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.masked = bytes
        self.maxDepth = maxDepth
    }

    // MARK: - Document level

    mutating func scan() {
        var index = 0
        var depth = 0
        let count = bytes.count
        // Skip a UTF-8 BOM.
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < count {
            if bytes[index] != UInt8(ascii: "<") {
                index = scanText(from: index)
                continue
            }
            if starts(with: "<!--", at: index) {
                let end = find("-->", from: index + 4).map { $0 + 3 } ?? count
                tokens.append(.comment(start: index, end: end))
                index = end
            } else if starts(with: "<![CDATA[", at: index) {
                let close = find("]]>", from: index + 9)
                let contentEnd = close ?? count
                let end = close.map { $0 + 3 } ?? count
                tokens.append(.cdata(start: index, end: end, contentStart: index + 9, contentEnd: contentEnd))
                index = end
            } else if starts(with: "<?", at: index) {
                index = find("?>", from: index + 2).map { $0 + 2 } ?? count
            } else if starts(with: "<!", at: index) {
                if startsCaseInsensitive(with: "<!DOCTYPE", at: index) {
                    problems.append(.doctype(offset: index))
                    return
                }
                index = find(">", from: index + 2).map { $0 + 1 } ?? count
            } else if index + 1 < count, bytes[index + 1] == UInt8(ascii: "/") {
                let nameStart = index + 2
                let nameEnd = scanName(from: nameStart)
                let end = find(">", from: nameEnd).map { $0 + 1 } ?? count
                tokens.append(.endTag(start: index, nameStart: nameStart, nameEnd: nameEnd, end: end))
                depth -= 1
                index = end
            } else {
                let (end, selfClosing) = scanStartTag(from: index)
                if !selfClosing {
                    depth += 1
                    if depth > maxDepth {
                        problems.append(.tooDeep(offset: index, limit: maxDepth))
                        return
                    }
                }
                index = end
            }
        }
    }

    /// Text up to the next `<`; an expression at its start (after white space) is matched and masked.
    private mutating func scanText(from start: Int) -> Int {
        let count = bytes.count
        var index = start
        while index < count, isSpace(bytes[index]) { index += 1 }
        var expression: ExpressionSpan?
        if startsExpression(at: index) {
            let span = matchExpression(at: index, limit: count)
            expression = span
            if span.closed {
                mask(span, quote: nil)
                index = span.end
            } else {
                problems.append(.unclosedExpression(offset: span.start))
            }
        }
        while index < count, bytes[index] != UInt8(ascii: "<") { index += 1 }
        tokens.append(.text(start: start, end: index, expression: expression))
        return index
    }

    /// A start tag from its `<`; returns the offset after it and whether it closed itself.
    private mutating func scanStartTag(from start: Int) -> (Int, Bool) {
        let count = bytes.count
        let nameEnd = scanName(from: start + 1)
        var index = nameEnd
        var attributes: [Attribute] = []
        while index < count {
            while index < count, isSpace(bytes[index]) { index += 1 }
            guard index < count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                tokens.append(.startTag(start: start, nameEnd: nameEnd, end: index + 1, attributes: attributes, selfClosing: false))
                return (index + 1, false)
            }
            if byte == UInt8(ascii: "/"), index + 1 < count, bytes[index + 1] == UInt8(ascii: ">") {
                tokens.append(.startTag(start: start, nameEnd: nameEnd, end: index + 2, attributes: attributes, selfClosing: true))
                return (index + 2, true)
            }
            if byte == UInt8(ascii: "<") { break }
            let attributeNameStart = index
            let attributeNameEnd = scanName(from: index)
            if attributeNameEnd == attributeNameStart {
                index += 1  // Not a name: libxml2 reports it; keep moving.
                continue
            }
            index = attributeNameEnd
            while index < count, isSpace(bytes[index]) { index += 1 }
            guard index < count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < count, isSpace(bytes[index]) { index += 1 }
            guard index < count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { continue }
            let quote = bytes[index]
            let valueStart = index + 1
            var scanFrom = valueStart
            var expression: ExpressionSpan?
            if startsExpression(at: valueStart) {
                let span = matchExpression(at: valueStart, limit: count)
                expression = span
                if span.closed {
                    mask(span, quote: quote)
                    scanFrom = span.end
                } else {
                    problems.append(.unclosedExpression(offset: span.start))
                }
            }
            var valueEnd = scanFrom
            while valueEnd < count, bytes[valueEnd] != quote { valueEnd += 1 }
            attributes.append(Attribute(
                nameStart: attributeNameStart, nameEnd: attributeNameEnd,
                valueStart: valueStart, valueEnd: valueEnd, expression: expression))
            index = min(valueEnd + 1, count)
        }
        // Unterminated tag: libxml2 reports where.
        tokens.append(.startTag(start: start, nameEnd: nameEnd, end: index, attributes: attributes, selfClosing: false))
        return (index, false)
    }

    // MARK: - Expressions

    /// Matches `@(`…`)` or `@{`…`}` starting at `start` (the `@`), reading XML entities as the
    /// characters they stand for. Never reads past `limit`.
    func matchExpression(at start: Int, limit: Int) -> ExpressionSpan {
        let reader = CharReader(bytes: bytes, limit: limit)
        let opener = bytes[start + 1]
        let closer: UInt8 = opener == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
        if let end = reader.skipCode(from: start + 2, opener: opener, closer: closer) {
            return ExpressionSpan(start: start, end: end, closed: true)
        }
        return ExpressionSpan(start: start, end: start + 2, closed: false)
    }

    /// Replaces, inside an expression span, the characters that would end or break the XML
    /// construct around it. Valid entity references are kept: libxml2 decodes them.
    private mutating func mask(_ span: ExpressionSpan, quote: UInt8?) {
        var index = span.start
        while index < span.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                if let length = CharReader.knownReferenceLength(bytes, at: index, limit: span.end) {
                    index += length
                    continue
                }
                // `&#…;` that is no valid character (too large, a surrogate, …) stays for libxml2
                // to report, exactly as outside an expression: APIM's XML parser rejects it too.
                if let length = CharReader.numericReferenceLength(bytes, at: index, limit: span.end) {
                    index += length
                    continue
                }
                masked[index] = UInt8(ascii: "x")
            } else if byte == UInt8(ascii: "<") || (quote != nil && byte == quote) {
                masked[index] = UInt8(ascii: "x")
            } else if byte == UInt8(ascii: ">"), quote == nil, index >= 2,
                bytes[index - 1] == UInt8(ascii: "]"), bytes[index - 2] == UInt8(ascii: "]")
            {
                masked[index] = UInt8(ascii: "x")
            }
            index += 1
        }
    }

    // MARK: - Helpers

    /// Whether `@(` or `@{` starts at `index`.
    private func startsExpression(at index: Int) -> Bool {
        index + 1 < bytes.count && bytes[index] == UInt8(ascii: "@")
            && (bytes[index + 1] == UInt8(ascii: "(") || bytes[index + 1] == UInt8(ascii: "{"))
    }

    private func scanName(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            {
                break
            }
            index += 1
        }
        return index
    }

    private func starts(with literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    private func startsCaseInsensitive(with literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] | 0x20 != pointer[offset] | 0x20 { return false }
        return true
    }

    private func find(_ literal: StaticString, from start: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        guard count > 0, start >= 0 else { return nil }
        let first = literal.utf8Start[0]
        var index = start
        while index + count <= bytes.count {
            if bytes[index] == first, starts(with: literal, at: index) { return index }
            index += 1
        }
        return nil
    }
}

@inline(__always) func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}

/// Reads C# source inside XML: XML entities count as the character they stand for, so
/// `&quot;`-escaped expressions match like raw ones.
struct CharReader {
    let bytes: [UInt8]
    let limit: Int
    /// Interpolated strings this reader is inside (`$"{ $"{ … }" }"`); each level recurses.
    var nesting = 0
    /// Deeper than this the hole is not followed (the expression parser refuses 200 levels anyway):
    /// the expression then reads as unclosed instead of overflowing the stack.
    static let maxNesting = 256

    /// The character at `index` and how many bytes it takes (an entity is one character).
    func char(at index: Int) -> (UInt8, Int) {
        let byte = bytes[index]
        if byte == UInt8(ascii: "&"), let (decoded, length) = Self.predefinedEntity(bytes, at: index, limit: limit) {
            return (decoded, length)
        }
        return (byte, 1)
    }

    /// Skips code until the `closer` that balances an already-read `opener`. Returns the offset just
    /// after the closer, or nil when the input ends first.
    func skipCode(from start: Int, opener: UInt8, closer: UInt8) -> Int? {
        var depth = 1
        var index = start
        while index < limit {
            let (c, length) = char(at: index)
            switch c {
            case UInt8(ascii: "\""):
                index = skipRegularString(from: index + length, interpolated: false)
                continue
            case UInt8(ascii: "'"):
                index = skipCharLiteral(from: index + length)
                continue
            case UInt8(ascii: "@"), UInt8(ascii: "$"):
                if let next = skipPrefixedString(at: index) {
                    index = next
                    continue
                }
            case UInt8(ascii: "/"):
                if index + length < limit {
                    let (next, _) = char(at: index + length)
                    if next == UInt8(ascii: "/") {
                        index = skipLineComment(from: index)
                        continue
                    }
                    if next == UInt8(ascii: "*") {
                        index = skipBlockComment(from: index + length + 1)
                        continue
                    }
                }
            default:
                break
            }
            if c == opener {
                depth += 1
            } else if c == closer {
                depth -= 1
                if depth == 0 { return index + length }
            }
            index += length
        }
        return nil
    }

    /// `@"…"`, `$"…"`, `$@"…"` and `@$"…"` starting at `index`; nil when it is no string prefix.
    private func skipPrefixedString(at index: Int) -> Int? {
        var cursor = index
        var verbatim = false
        var interpolated = false
        for _ in 0..<2 {
            guard cursor < limit else { return nil }
            let (c, length) = char(at: cursor)
            if c == UInt8(ascii: "@"), !verbatim {
                verbatim = true
            } else if c == UInt8(ascii: "$"), !interpolated {
                interpolated = true
            } else {
                break
            }
            cursor += length
        }
        guard verbatim || interpolated, cursor < limit else { return nil }
        let (quote, length) = char(at: cursor)
        guard quote == UInt8(ascii: "\"") else { return nil }
        if verbatim { return skipVerbatimString(from: cursor + length, interpolated: interpolated) }
        return skipRegularString(from: cursor + length, interpolated: interpolated)
    }

    private func skipRegularString(from start: Int, interpolated: Bool) -> Int {
        var index = start
        while index < limit {
            let (c, length) = char(at: index)
            if c == UInt8(ascii: "\\") {
                index += length
                if index < limit { index += char(at: index).1 }
                continue
            }
            if c == UInt8(ascii: "\"") { return index + length }
            // A raw line break cannot stand in a regular string: treat the string as ended there so
            // a broken literal does not swallow the rest of the file.
            if c == 0x0A { return index }
            if interpolated, c == UInt8(ascii: "{") {
                index = skipInterpolationHole(from: index + length)
                continue
            }
            index += length
        }
        return limit
    }

    private func skipVerbatimString(from start: Int, interpolated: Bool) -> Int {
        var index = start
        while index < limit {
            let (c, length) = char(at: index)
            if c == UInt8(ascii: "\"") {
                let next = index + length
                if next < limit, char(at: next).0 == UInt8(ascii: "\"") {
                    index = next + char(at: next).1
                    continue
                }
                return next
            }
            if interpolated, c == UInt8(ascii: "{") {
                index = skipInterpolationHole(from: index + length)
                continue
            }
            index += length
        }
        return limit
    }

    /// After the `{` of an interpolation hole (or `{{`, an escaped brace).
    private func skipInterpolationHole(from start: Int) -> Int {
        guard start < limit else { return limit }
        let (c, length) = char(at: start)
        if c == UInt8(ascii: "{") { return start + length }  // `{{`
        guard nesting < Self.maxNesting else { return limit }
        let inner = CharReader(bytes: bytes, limit: limit, nesting: nesting + 1)
        return inner.skipCode(from: start, opener: UInt8(ascii: "{"), closer: UInt8(ascii: "}")) ?? limit
    }

    private func skipCharLiteral(from start: Int) -> Int {
        // 'x', '\n', '\'', '\u0041', '&quot;' — at most a few characters; anything longer is not a
        // char literal (e.g. a stray apostrophe), so resume right after the quote.
        var index = start
        var steps = 0
        while index < limit, steps < 8 {
            let (c, length) = char(at: index)
            if c == UInt8(ascii: "\\") {
                index += length
                if index < limit { index += char(at: index).1 }
                steps += 1
                continue
            }
            if c == UInt8(ascii: "'") { return index + length }
            if c == 0x0A { break }
            index += length
            steps += 1
        }
        return start
    }

    private func skipLineComment(from start: Int) -> Int {
        var index = start
        while index < limit, bytes[index] != 0x0A { index += 1 }
        return index
    }

    private func skipBlockComment(from start: Int) -> Int {
        var index = start
        while index + 1 < limit {
            if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") { return index + 2 }
            index += 1
        }
        return limit
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;` references that decode to ASCII.
    static func predefinedEntity(_ bytes: [UInt8], at index: Int, limit: Int) -> (UInt8, Int)? {
        guard let length = entityLength(bytes, at: index, limit: limit) else { return nil }
        let body = bytes[(index + 1)..<(index + length - 1)]
        switch String(decoding: body, as: UTF8.self) {
        case "lt": return (UInt8(ascii: "<"), length)
        case "gt": return (UInt8(ascii: ">"), length)
        case "amp": return (UInt8(ascii: "&"), length)
        case "quot": return (UInt8(ascii: "\""), length)
        case "apos": return (UInt8(ascii: "'"), length)
        default:
            if let scalar = EntityDecoder.characterReference(body), scalar.value < 0x80 {
                return (UInt8(scalar.value), length)
            }
            return nil
        }
    }

    /// The length of a predefined entity or a valid character reference at `index`.
    static func knownReferenceLength(_ bytes: [UInt8], at index: Int, limit: Int) -> Int? {
        guard let length = entityLength(bytes, at: index, limit: limit) else { return nil }
        let body = bytes[(index + 1)..<(index + length - 1)]
        switch String(decoding: body, as: UTF8.self) {
        case "lt", "gt", "amp", "quot", "apos": return length
        default: return EntityDecoder.characterReference(body) != nil ? length : nil
        }
    }

    /// The length of anything shaped like a numeric character reference at `index` — `&#` and
    /// decimal digits, or `&#x` and hex digits, then `;` — whatever its value and length.
    static func numericReferenceLength(_ bytes: [UInt8], at index: Int, limit: Int) -> Int? {
        guard index + 3 < limit, bytes[index] == UInt8(ascii: "&"), bytes[index + 1] == UInt8(ascii: "#") else { return nil }
        var cursor = index + 2
        let hex = bytes[cursor] == UInt8(ascii: "x")
        if hex { cursor += 1 }
        let digitsStart = cursor
        while cursor < limit {
            let byte = bytes[cursor]
            let isDigit = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (hex && ((byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))))
            if !isDigit { break }
            cursor += 1
        }
        guard cursor > digitsStart, cursor < limit, bytes[cursor] == UInt8(ascii: ";") else { return nil }
        return cursor - index + 1
    }

    /// The length of a well-formed entity or character reference at `index` (`&name;`, `&#N;`, `&#xH;`).
    static func entityLength(_ bytes: [UInt8], at index: Int, limit: Int) -> Int? {
        guard index < limit, bytes[index] == UInt8(ascii: "&") else { return nil }
        var cursor = index + 1
        let maxEnd = min(limit, index + 12)
        while cursor < maxEnd {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ";") { return cursor > index + 1 ? cursor - index + 1 : nil }
            let isNameByte = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "#")
            if !isNameByte { return nil }
            cursor += 1
        }
        return nil
    }
}
