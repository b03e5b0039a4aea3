import PolicySource

/// One Bicep token with its byte range in the original file.
struct BicepToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(Double)
        /// A `'…'` string: literal pieces and the byte ranges of `${…}` expressions.
        case string([StringPiece])
        /// A `'''…'''` string (no escapes, no interpolation).
        case multilineString(String)
        case punctuation(String)
        case newline
        case end
    }

    enum StringPiece: Sendable, Equatable {
        case literal(String)
        case expression(start: Int, end: Int)
    }

    var kind: Kind
    var start: Int
    var end: Int
}

/// Splits Bicep source (or a `${…}` part of it) into tokens. Comments are dropped; newlines are
/// tokens because Bicep separates statements, properties and array items with them.
struct BicepLexer {
    let file: SourceFile
    private let bytes: [UInt8]
    private var index: Int
    private let limit: Int

    init(file: SourceFile, start: Int = 0, end: Int? = nil) {
        self.file = file
        self.bytes = file.bytes
        var begin = start
        if begin == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { begin = 3 }
        self.index = begin
        self.limit = end ?? file.bytes.count
    }

    private func error(_ message: String, at offset: Int) -> InputError {
        InputError("syntax error: \(message)", at: file.location(at: offset))
    }

    mutating func tokenize() throws(InputError) -> [BicepToken] {
        var tokens: [BicepToken] = []
        while true {
            let token = try next()
            // Collapse runs of newlines.
            if case .newline = token.kind, case .newline? = tokens.last?.kind { continue }
            tokens.append(token)
            if case .end = token.kind { return tokens }
        }
    }

    private mutating func next() throws(InputError) -> BicepToken {
        skipSpaceAndComments: while index < limit {
            let c = bytes[index]
            switch c {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x23 where matches("#disable"): // #disable-next-line / #disable-diagnostics pragmas
                while index < limit, bytes[index] != 0x0A { index += 1 }
            case 0x2F where index + 1 < limit && bytes[index + 1] == 0x2F: // //
                while index < limit, bytes[index] != 0x0A { index += 1 }
            case 0x2F where index + 1 < limit && bytes[index + 1] == 0x2A: // /*
                let start = index
                index += 2
                while index + 1 < limit, !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                if index + 1 >= limit { throw error("unterminated /* comment", at: start) }
                index += 2
            default:
                break skipSpaceAndComments
            }
        }
        guard index < limit else { return BicepToken(kind: .end, start: limit, end: limit) }
        let start = index
        let c = bytes[index]
        if c == 0x0A {
            index += 1
            return BicepToken(kind: .newline, start: start, end: index)
        }
        if isIdentifierStart(c) {
            while index < limit, isIdentifierPart(bytes[index]) { index += 1 }
            return BicepToken(kind: .identifier(String(decoding: bytes[start..<index], as: UTF8.self)), start: start, end: index)
        }
        if c >= 0x30 && c <= 0x39 {
            while index < limit, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            if index + 1 < limit, bytes[index] == 0x2E, bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39 {
                index += 1
                while index < limit, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw error("number \(text) is too large", at: start) }
            return BicepToken(kind: .number(value), start: start, end: index)
        }
        if c == 0x27 { // '
            if index + 2 < limit, bytes[index + 1] == 0x27, bytes[index + 2] == 0x27 {
                return try multilineString(start)
            }
            let pieces = try string(start)
            return BicepToken(kind: .string(pieces), start: start, end: index)
        }
        if c == 0x22 {
            throw error("strings are written with single quotes in Bicep", at: start)
        }
        // Punctuation, longest first.
        let three = ["..."]
        let two = ["==", "!=", "<=", ">=", "&&", "||", "??", "=~", "!~", "?.", "::", "=>", ".?"]
        for p in three + two where matches(p) {
            index += p.utf8.count
            return BicepToken(kind: .punctuation(p), start: start, end: index)
        }
        let single: Set<UInt8> = Set("{}[](),:.?=!<>+-*/%@|&".utf8)
        if single.contains(c) {
            index += 1
            return BicepToken(kind: .punctuation(String(UnicodeScalar(c))), start: start, end: index)
        }
        let scalar = String(decoding: bytes[start..<min(limit, start + utf8Length(c))], as: UTF8.self)
        throw error("unexpected character '\(scalar)'", at: start)
    }

    private func utf8Length(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >> 5 == 0b110 { return 2 }
        if lead >> 4 == 0b1110 { return 3 }
        return 4
    }

    private func matches(_ p: String) -> Bool {
        var i = index
        for b in p.utf8 {
            guard i < limit, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    private func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    private func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || (c >= 0x30 && c <= 0x39)
    }

    private mutating func multilineString(_ start: Int) throws(InputError) -> BicepToken {
        index += 3
        // A newline right after the opening quotes is not part of the value.
        if index < limit, bytes[index] == 0x0D { index += 1 }
        if index < limit, bytes[index] == 0x0A { index += 1 }
        let contentStart = index
        while index + 2 < limit {
            if bytes[index] == 0x27, bytes[index + 1] == 0x27, bytes[index + 2] == 0x27 {
                // Extra quotes right before the closing ''' belong to the content.
                var close = index
                while close + 3 < limit, bytes[close + 3] == 0x27 { close += 1 }
                let text = String(decoding: bytes[contentStart..<close], as: UTF8.self)
                index = close + 3
                return BicepToken(kind: .multilineString(text), start: start, end: index)
            }
            index += 1
        }
        throw error("unterminated ''' string", at: start)
    }

    /// Reads a `'…'` string at `index` (on the opening quote) up to and including the closing quote.
    private mutating func string(_ start: Int) throws(InputError) -> [BicepToken.StringPiece] {
        index += 1
        var pieces: [BicepToken.StringPiece] = []
        var literal: [UInt8] = []
        while true {
            guard index < limit, bytes[index] != 0x0A else { throw error("unterminated string", at: start) }
            let c = bytes[index]
            if c == 0x27 {
                index += 1
                break
            }
            if c == 0x5C { // backslash
                guard index + 1 < limit else { throw error("unterminated string", at: start) }
                let e = bytes[index + 1]
                index += 2
                switch e {
                case 0x5C: literal.append(0x5C)
                case 0x27: literal.append(0x27)
                case 0x6E: literal.append(0x0A)
                case 0x72: literal.append(0x0D)
                case 0x74: literal.append(0x09)
                case 0x24: literal.append(0x24)
                case 0x75 where index < limit && bytes[index] == 0x7B: // \u{…}
                    let open = index
                    while index < limit, bytes[index] != 0x7D, bytes[index] != 0x27 { index += 1 }
                    guard index < limit, bytes[index] == 0x7D,
                          let code = UInt32(String(decoding: bytes[(open + 1)..<index], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else {
                        throw error("invalid \\u{…} escape", at: open - 2)
                    }
                    index += 1
                    literal.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("unknown escape '\\\(String(UnicodeScalar(e)))' (use \\\\, \\', \\n, \\r, \\t, \\$ or \\u{…})", at: index - 2)
                }
                continue
            }
            if c == 0x24, index + 1 < limit, bytes[index + 1] == 0x7B { // ${
                if !literal.isEmpty {
                    pieces.append(.literal(String(decoding: literal, as: UTF8.self)))
                    literal.removeAll()
                }
                let exprStart = index + 2
                let exprEnd = try interpolationEnd(from: exprStart, stringStart: start)
                pieces.append(.expression(start: exprStart, end: exprEnd))
                index = exprEnd + 1
                continue
            }
            literal.append(c)
            index += 1
        }
        if !literal.isEmpty || pieces.isEmpty {
            pieces.append(.literal(String(decoding: literal, as: UTF8.self)))
        }
        return pieces
    }

    /// The offset of the `}` that closes an interpolation starting at `from`, skipping nested
    /// braces and strings.
    private func interpolationEnd(from: Int, stringStart: Int, depth nestingLevel: Int = 0) throws(InputError) -> Int {
        if nestingLevel > maximumNestingDepth {
            throw error("strings nested deeper than \(maximumNestingDepth) levels", at: from)
        }
        var i = from
        var depth = 0
        while i < limit {
            let c = bytes[i]
            switch c {
            case 0x0A:
                throw error("unterminated string interpolation", at: from - 2)
            case 0x7B: depth += 1
            case 0x7D:
                if depth == 0 { return i }
                depth -= 1
            case 0x27:
                // A nested string: skip it (and its own interpolations).
                i += 1
                while i < limit, bytes[i] != 0x27 {
                    if bytes[i] == 0x0A { throw error("unterminated string", at: i) }
                    if bytes[i] == 0x5C { i += 1 }
                    else if bytes[i] == 0x24, i + 1 < limit, bytes[i + 1] == 0x7B {
                        i = try interpolationEnd(from: i + 2, stringStart: stringStart, depth: nestingLevel + 1)
                    }
                    i += 1
                }
                if i >= limit { throw error("unterminated string", at: stringStart) }
            default: break
            }
            i += 1
        }
        throw error("unterminated string interpolation", at: from - 2)
    }
}
