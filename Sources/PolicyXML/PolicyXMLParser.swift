import PolicySource

/// The outcome of parsing one file: a document when the markup is sound, and the findings.
public struct XMLParseResult: Sendable {
    public var document: XMLDocument?
    public var diagnostics: [Diagnostic]
}

/// Parses APIM policy XML as APIM accepts it — including raw, unescaped expressions — with
/// libxml2 deciding well-formedness and a source map giving every node its ORIGINAL position.
///
/// Safe by construction: no network, no DTD (a `<!DOCTYPE` is refused before libxml2 sees the
/// document, so neither external entities nor entity expansion can happen), and limits on size
/// and nesting.
public struct PolicyXMLParser: Sendable {
    /// Largest accepted file in bytes (APIM's own limit for a policy document is far lower).
    public var maxFileSize: Int
    /// Deepest accepted element nesting.
    public var maxDepth: Int

    public init(maxFileSize: Int = 4 * 1024 * 1024, maxDepth: Int = 128) {
        self.maxFileSize = maxFileSize
        self.maxDepth = maxDepth
    }

    /// Rule ids of the findings this parser reports.
    public enum Rule {
        public static let markup = "markup"
        public static let unclosedExpression = "expression-unclosed"
        public static let doctype = "xml-doctype"
        public static let limits = "xml-limits"
        public static let `internal` = "internal"
    }

    public func parse(_ file: SourceFile) -> XMLParseResult {
        func fail(_ rule: String, _ message: String, _ offset: Int) -> XMLParseResult {
            XMLParseResult(document: nil, diagnostics: [Diagnostic(.error, rule, message, at: file.location(at: offset))])
        }
        if file.bytes.count > maxFileSize {
            return fail(Rule.limits, "file is \(file.bytes.count) bytes; the limit is \(maxFileSize) bytes", 0)
        }
        var scanner = RawScanner(bytes: file.bytes, maxDepth: maxDepth)
        scanner.scan()
        var diagnostics: [Diagnostic] = []
        for problem in scanner.problems {
            switch problem {
            case .doctype(let offset):
                return fail(Rule.doctype,
                    "DOCTYPE declarations are not allowed in policy documents (they enable external entities and entity expansion)",
                    offset)
            case .tooDeep(let offset, let limit):
                return fail(Rule.limits, "elements are nested deeper than \(limit) levels", offset)
            case .unclosedExpression(let offset):
                let opener = offset + 1 < file.bytes.count && file.bytes[offset + 1] == UInt8(ascii: "{") ? "@{" : "@("
                let closer = opener == "@{" ? "}" : ")"
                diagnostics.append(Diagnostic(.error, Rule.unclosedExpression,
                    "expression '\(opener)' never closes: no matching '\(closer)'", at: file.location(at: offset)))
            }
        }
        if !diagnostics.isEmpty { return XMLParseResult(document: nil, diagnostics: diagnostics) }

        let checked = LibXML2.parse(scanner.masked)
        for problem in checked.problems {
            var offset = file.offset(line: problem.line, column: max(1, problem.column)) ?? 0
            // libxml2 reports a tag mismatch after reading the end tag: point at its `</` instead.
            if problem.message.contains("ending tag mismatch") { offset = Self.startOfEndTag(before: offset, in: file.bytes) }
            var location = file.location(at: offset)
            location.line = max(1, problem.line)
            diagnostics.append(Diagnostic(problem.isWarning ? .warning : .error, Rule.markup, problem.message, at: location))
        }
        guard let names = checked.elementNames, !diagnostics.contains(where: { $0.severity == .error }) else {
            if diagnostics.isEmpty { return fail(Rule.markup, "not well-formed XML", 0) }
            return XMLParseResult(document: nil, diagnostics: diagnostics)
        }
        var builder = TreeBuilder(bytes: file.bytes)
        guard let root = builder.build(scanner.tokens) else {
            return fail(Rule.markup, "no root element", 0)
        }
        if builder.elementNames != names {
            let mismatch = zip(builder.elementNames, names).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(builder.elementNames.count, names.count)
            diagnostics.append(Diagnostic(.error, Rule.internal,
                "policycheck's source map disagrees with libxml2 at element #\(mismatch + 1); please report this file",
                at: file.location(at: 0)))
            return XMLParseResult(document: nil, diagnostics: diagnostics)
        }
        return XMLParseResult(document: XMLDocument(file: file, root: root), diagnostics: diagnostics)
    }

    /// The offset of the last `</` at or before `offset` on the same line (or `offset` itself).
    static func startOfEndTag(before offset: Int, in bytes: [UInt8]) -> Int {
        var index = min(offset - 1, bytes.count - 1)
        while index > 0, bytes[index] != 0x0A {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") { return index }
            index -= 1
        }
        return offset
    }

    /// Reads and parses a file from disk; an unreadable file is an `InputError`.
    public func parse(contentsOf path: String) throws(InputError) -> (SourceFile, XMLParseResult) {
        let file = try SourceFile.read(path)
        return (file, parse(file))
    }
}

/// Builds the element tree from the scanner's tokens of a document libxml2 has accepted.
private struct TreeBuilder {
    let bytes: [UInt8]
    var elementNames: [String] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func build(_ tokens: [RawScanner.Token]) -> XMLElement? {
        var stack: [XMLElement] = []
        var root: XMLElement?
        func append(_ node: XMLNode, to stack: inout [XMLElement]) {
            if !stack.isEmpty { stack[stack.count - 1].children.append(node) }
        }
        for token in tokens {
            switch token {
            case .startTag(let start, let nameEnd, let end, let rawAttributes, let selfClosing):
                let name = string(start + 1, nameEnd)
                elementNames.append(name)
                let element = XMLElement(
                    name: name, startOffset: start, endOffset: end,
                    attributes: rawAttributes.map(attribute), children: [])
                if selfClosing {
                    if stack.isEmpty { root = root ?? element } else { append(.element(element), to: &stack) }
                } else {
                    stack.append(element)
                }
            case .endTag(_, _, _, let end):
                guard var element = stack.popLast() else { continue }
                element.endOffset = end
                if stack.isEmpty { root = root ?? element } else { append(.element(element), to: &stack) }
            case .text(let start, let end, let expression):
                guard !stack.isEmpty else { continue }
                if expression == nil, bytes[start..<end].allSatisfy(isSpace) { continue }
                var marks: [Int] = []
                if let expression { marks = [expression.start, expression.end] }
                let decoded = EntityDecoder.decode(bytes, start..<end, normalizeAttribute: false, marks: marks)
                var text = XMLText(text: decoded.text, range: SourceRange(start: start, end: end), map: decoded.map)
                if let expression, decoded.marks.count == 2, decoded.marks[0] >= 0, decoded.marks[1] >= decoded.marks[0] {
                    text.expression = decoded.marks[0]..<decoded.marks[1]
                    text.expressionClosed = expression.closed
                }
                append(.text(text), to: &stack)
            case .cdata(_, _, let contentStart, let contentEnd):
                guard !stack.isEmpty else { continue }
                append(.cdata(cdata(contentStart, contentEnd)), to: &stack)
            case .comment(let start, let end):
                append(.comment(SourceRange(start: start, end: end)), to: &stack)
            }
        }
        return root
    }

    private func string(_ start: Int, _ end: Int) -> String {
        guard start < end, end <= bytes.count else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func attribute(_ raw: RawScanner.Attribute) -> XMLAttribute {
        let name = string(raw.nameStart, raw.nameEnd)
        let range = raw.valueStart..<max(raw.valueStart, raw.valueEnd)
        if let expression = raw.expression {
            let decoded = EntityDecoder.decode(bytes, range, normalizeAttribute: false, marks: [expression.end])
            var value = XMLText(text: decoded.text, range: SourceRange(start: range.lowerBound, end: range.upperBound), map: decoded.map)
            let end = decoded.marks.first.flatMap { $0 >= 0 ? $0 : nil } ?? value.text.utf8.count
            value.expression = 0..<end
            value.expressionClosed = expression.closed
            return XMLAttribute(name: name, nameOffset: raw.nameStart, value: value)
        }
        let decoded = EntityDecoder.decode(bytes, range, normalizeAttribute: true)
        var value = XMLText(text: decoded.text, range: SourceRange(start: range.lowerBound, end: range.upperBound), map: decoded.map)
        // An escaped expression (`&quot;` style) starts with `@(` once decoded as well.
        if let span = Self.expressionSpan(in: value.text) { value.expression = span }
        return XMLAttribute(name: name, nameOffset: raw.nameStart, value: value)
    }

    /// CDATA content is taken as written, with XML end-of-line handling only.
    private func cdata(_ start: Int, _ end: Int) -> XMLText {
        var output: [UInt8] = []
        var points: [OffsetMap.Breakpoint] = []
        var index = start
        while index < end {
            if bytes[index] == 0x0D {
                output.append(0x0A)
                index += (index + 1 < end && bytes[index + 1] == 0x0A) ? 2 : 1
                points.append(.init(decoded: output.count, original: index))
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        let text = String(decoding: output, as: UTF8.self)
        var value = XMLText(text: text, range: SourceRange(start: start, end: end), map: OffsetMap(base: start, breakpoints: points))
        value.expression = Self.expressionSpan(in: text)
        return value
    }

    /// The span of an expression that starts `text` (after white space), ending at its last
    /// non-space character; used where no raw matching was needed.
    static func expressionSpan(in text: String) -> Range<Int>? {
        let utf8 = Array(text.utf8)
        var start = 0
        while start < utf8.count, isSpace(utf8[start]) { start += 1 }
        guard start + 1 < utf8.count, utf8[start] == UInt8(ascii: "@"),
            utf8[start + 1] == UInt8(ascii: "(") || utf8[start + 1] == UInt8(ascii: "{")
        else { return nil }
        var end = utf8.count
        while end > start, isSpace(utf8[end - 1]) { end -= 1 }
        return start..<end
    }
}
