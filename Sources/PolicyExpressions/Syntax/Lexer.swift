/// Splits C# policy-expression text into tokens. Works on UTF-8 bytes so every token carries its
/// byte offset in the expression source; a sub-range can be lexed on its own (interpolation holes).
struct Lexer {
    private let bytes: [UInt8]
    private var position: Int
    private let limit: Int
    /// How many interpolated strings this lexer is inside (`$"{ $"{ … }" }"`): each level recurses.
    private let nesting: Int

    init(bytes: [UInt8], start: Int = 0, end: Int? = nil, nesting: Int = 0) {
        self.bytes = bytes
        self.position = start
        self.limit = min(end ?? bytes.count, bytes.count)
        self.nesting = nesting
    }

    /// Tokenizes the whole range; the last token is `.end`.
    mutating func tokenize() throws(ExpressionSyntaxError) -> [Token] {
        var tokens: [Token] = []
        // Tokens average several bytes (short expressions such as `@(a+b)` are denser); this spares
        // most of the array's regrowth.
        tokens.reserveCapacity((limit - position) / 2 + 8)
        while true {
            // Appended as made and looked at in place: a token's copy retains its text.
            tokens.append(try next())
            let last = tokens.count - 1
            if tokens[last].isEnd { return tokens }
            if tokens.count > ExpressionLimits.maxTokens {
                throw ExpressionSyntaxError(offset: tokens[last].offset, message: "expression is too long (more than \(ExpressionLimits.maxTokens) tokens)")
            }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let index = position + ahead
        return index < limit ? bytes[index] : 0
    }

    private mutating func skipTrivia() throws(ExpressionSyntaxError) {
        while position < limit {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C {
                position += 1
            } else if byte == 0xC2, peek(1) == 0xA0 {
                position += 2 // no-break space
            } else if byte == 0xEF, peek(1) == 0xBB, peek(2) == 0xBF {
                position += 3 // byte order mark
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while position < limit, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = position
                position += 2
                while position < limit, !(bytes[position] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { position += 1 }
                if position >= limit { throw ExpressionSyntaxError(offset: start, message: "unterminated comment") }
                position += 2
            } else {
                return
            }
        }
    }

    private mutating func next() throws(ExpressionSyntaxError) -> Token {
        try skipTrivia()
        let start = position
        guard position < limit else { return Token(kind: .end, offset: start, end: start) }
        let byte = bytes[position]

        if isIdentifierStart(byte) {
            let name = scanIdentifier()
            return Token(kind: .identifier(name, verbatim: false), offset: start, end: position, isKeywordSpelling: isReservedKeyword(start..<position))
        }
        if isDigit(byte) || (byte == UInt8(ascii: ".") && isDigit(peek(1))) {
            return try scanNumber()
        }
        switch byte {
        case UInt8(ascii: "\""):
            position += 1
            let text = try scanRegularStringBody(start: start)
            return Token(kind: .string(text), offset: start, end: position)
        case UInt8(ascii: "'"):
            return try scanChar()
        case UInt8(ascii: "@"):
            if peek(1) == UInt8(ascii: "\"") {
                position += 2
                let text = try scanVerbatimStringBody(start: start)
                return Token(kind: .string(text), offset: start, end: position)
            }
            if peek(1) == UInt8(ascii: "$"), peek(2) == UInt8(ascii: "\"") {
                position += 3
                let pieces = try scanInterpolatedBody(start: start, verbatim: true)
                return Token(kind: .interpolated(pieces), offset: start, end: position)
            }
            if isIdentifierStart(peek(1)) {
                position += 1
                let name = scanIdentifier()
                return Token(kind: .identifier(name, verbatim: true), offset: start, end: position, isKeywordSpelling: isReservedKeyword((start + 1)..<position))
            }
        case UInt8(ascii: "$"):
            if peek(1) == UInt8(ascii: "\"") {
                position += 2
                let pieces = try scanInterpolatedBody(start: start, verbatim: false)
                return Token(kind: .interpolated(pieces), offset: start, end: position)
            }
            if peek(1) == UInt8(ascii: "@"), peek(2) == UInt8(ascii: "\"") {
                position += 3
                let pieces = try scanInterpolatedBody(start: start, verbatim: true)
                return Token(kind: .interpolated(pieces), offset: start, end: position)
            }
        default:
            break
        }
        if let punct = scanPunct() {
            return Token(kind: .punct(punct), offset: start, end: position)
        }
        let shown = byte < 0x80 ? String(UnicodeScalar(byte)) : "non-ASCII character"
        throw ExpressionSyntaxError(offset: start, message: "unexpected character '\(shown)'")
    }

    /// Reads the longest punctuator at the current position (three characters, then two, then one).
    private mutating func scanPunct() -> Punct? {
        // `peek` gives 0 past the end, which matches no punctuator character.
        let punct: Punct
        switch (Unicode.Scalar(bytes[position]), Unicode.Scalar(peek(1)), Unicode.Scalar(peek(2))) {
        case ("?", "?", "="): punct = .questionQuestionEqual
        case ("<", "<", "="): punct = .lessLessEqual
        case (".", ".", "."): punct = .ellipsis
        case ("=", ">", _): punct = .arrow
        case ("=", "=", _): punct = .equalEqual
        case ("!", "=", _): punct = .bangEqual
        case ("<", "=", _): punct = .lessEqual
        case (">", "=", _): punct = .greaterEqual
        case ("&", "&", _): punct = .ampersandAmpersand
        case ("|", "|", _): punct = .barBar
        case ("?", "?", _): punct = .questionQuestion
        // `a ? .5 : b` is a conditional, not `?.`
        case ("?", ".", let next): punct = isDigit(UInt8(next.value)) ? .question : .questionDot
        case ("?", "[", _): punct = .questionBracket
        case ("+", "+", _): punct = .plusPlus
        case ("-", "-", _): punct = .minusMinus
        case ("+", "=", _): punct = .plusEqual
        case ("-", "=", _): punct = .minusEqual
        case ("*", "=", _): punct = .starEqual
        case ("/", "=", _): punct = .slashEqual
        case ("%", "=", _): punct = .percentEqual
        case ("&", "=", _): punct = .ampersandEqual
        case ("|", "=", _): punct = .barEqual
        case ("^", "=", _): punct = .caretEqual
        case ("<", "<", _): punct = .lessLess
        case (":", ":", _): punct = .colonColon
        case ("(", _, _): punct = .openParen
        case (")", _, _): punct = .closeParen
        case ("{", _, _): punct = .openBrace
        case ("}", _, _): punct = .closeBrace
        case ("[", _, _): punct = .openBracket
        case ("]", _, _): punct = .closeBracket
        case (";", _, _): punct = .semicolon
        case (",", _, _): punct = .comma
        case (".", _, _): punct = .dot
        case (":", _, _): punct = .colon
        case ("+", _, _): punct = .plus
        case ("-", _, _): punct = .minus
        case ("*", _, _): punct = .star
        case ("/", _, _): punct = .slash
        case ("%", _, _): punct = .percent
        case ("&", _, _): punct = .ampersand
        case ("|", _, _): punct = .bar
        case ("^", _, _): punct = .caret
        case ("!", _, _): punct = .bang
        case ("~", _, _): punct = .tilde
        case ("=", _, _): punct = .assign
        case ("<", _, _): punct = .less
        case (">", _, _): punct = .greater
        case ("?", _, _): punct = .question
        case ("@", _, _): punct = .atSign
        case ("#", _, _): punct = .numberSign
        default: return nil
        }
        position += punct.text.utf8.count
        return punct
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0xC0
    }

    private func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || (byte >= 0x80 && byte < 0xC0)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The reserved keywords as bytes, by initial letter (every keyword is lower-case ASCII):
    /// every identifier is tested, and comparing a few candidates' bytes is cheaper than hashing.
    private static let keywordsByInitial: [[[UInt8]]] = {
        var table = Array(repeating: [[UInt8]](), count: 26)
        for keyword in reservedKeywords { table[Int(keyword.utf8.first! - UInt8(ascii: "a"))].append(Array(keyword.utf8)) }
        return table
    }()

    /// True when the identifier spelt by `range` is a reserved keyword.
    private func isReservedKeyword(_ range: Range<Int>) -> Bool {
        let initial = bytes[range.lowerBound]
        guard initial >= UInt8(ascii: "a"), initial <= UInt8(ascii: "z") else { return false }
        return Self.keywordsByInitial[Int(initial - UInt8(ascii: "a"))].contains { $0.count == range.count && $0.elementsEqual(bytes[range]) }
    }

    private mutating func scanIdentifier() -> String {
        let start = position
        while position < limit, isIdentifierPart(bytes[position]) {
            // Non-ASCII: accept letters only (a no-break space ends the identifier).
            if bytes[position] == 0xC2, peek(1) == 0xA0 { break }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func scanNumber() throws(ExpressionSyntaxError) -> Token {
        let start = position
        if bytes[position] == UInt8(ascii: "0"), peek(1) | 0x20 == UInt8(ascii: "x") {
            position += 2
            var value: UInt64 = 0
            var digits = 0
            while position < limit {
                let byte = bytes[position]
                let digit: UInt64
                switch byte {
                case 0x30...0x39: digit = UInt64(byte - 0x30)
                case 0x41...0x46: digit = UInt64(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt64(byte - 0x61 + 10)
                case UInt8(ascii: "_"): position += 1; continue
                default: digit = 16
                }
                if digit == 16 { break }
                if value > UInt64.max >> 4 {
                    throw ExpressionSyntaxError(offset: start, message: "integral constant is too large")
                }
                value = value << 4 | digit
                digits += 1
                position += 1
            }
            if digits == 0 { throw ExpressionSyntaxError(offset: start, message: "invalid hexadecimal literal") }
            let suffix = scanIntegerSuffix()
            return Token(kind: .integer(value, suffix: suffix), offset: start, end: position)
        }
        var text = ""
        var isReal = false
        while position < limit, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") {
            if bytes[position] != UInt8(ascii: "_") { text.append(Character(UnicodeScalar(bytes[position]))) }
            position += 1
        }
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            isReal = true
            text.append(".")
            position += 1
            while position < limit, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") {
                if bytes[position] != UInt8(ascii: "_") { text.append(Character(UnicodeScalar(bytes[position]))) }
                position += 1
            }
        }
        if peek() | 0x20 == UInt8(ascii: "e"),
           isDigit(peek(1)) || ((peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")) && isDigit(peek(2))) {
            isReal = true
            text.append("e")
            position += 1
            if bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                text.append(Character(UnicodeScalar(bytes[position])))
                position += 1
            }
            while position < limit, isDigit(bytes[position]) {
                text.append(Character(UnicodeScalar(bytes[position])))
                position += 1
            }
        }
        switch peek() | 0x20 {
        case UInt8(ascii: "d"): position += 1; return Token(kind: .real(text, suffix: .d), offset: start, end: position)
        case UInt8(ascii: "f"): position += 1; return Token(kind: .real(text, suffix: .f), offset: start, end: position)
        case UInt8(ascii: "m"): position += 1; return Token(kind: .real(text, suffix: .m), offset: start, end: position)
        default: break
        }
        if isReal { return Token(kind: .real(text, suffix: .none), offset: start, end: position) }
        guard let value = UInt64(text) else {
            throw ExpressionSyntaxError(offset: start, message: "integral constant is too large")
        }
        let suffix = scanIntegerSuffix()
        return Token(kind: .integer(value, suffix: suffix), offset: start, end: position)
    }

    private mutating func scanIntegerSuffix() -> IntegerSuffix {
        let first = peek() | 0x20
        let second = peek(1) | 0x20
        if (first == UInt8(ascii: "u") && second == UInt8(ascii: "l")) || (first == UInt8(ascii: "l") && second == UInt8(ascii: "u")) {
            position += 2
            return .ul
        }
        if first == UInt8(ascii: "u") { position += 1; return .u }
        if first == UInt8(ascii: "l") { position += 1; return .l }
        return .none
    }

    private mutating func scanChar() throws(ExpressionSyntaxError) -> Token {
        let start = position
        position += 1
        guard position < limit else { throw ExpressionSyntaxError(offset: start, message: "unterminated character literal") }
        var units: [UInt16] = []
        if bytes[position] == UInt8(ascii: "\\") {
            units = try scanEscape(start: start)
        } else {
            let scalarStart = position
            position += 1
            while position < limit, bytes[position] & 0xC0 == 0x80 { position += 1 }
            let text = String(decoding: bytes[scalarStart..<position], as: UTF8.self)
            units = Array(text.utf16)
        }
        guard peek() == UInt8(ascii: "'"), units.count == 1 else {
            throw ExpressionSyntaxError(offset: start, message: "invalid character literal")
        }
        position += 1
        return Token(kind: .char(units[0]), offset: start, end: position)
    }

    /// Reads one escape sequence starting at a backslash; returns its UTF-16 code units.
    private mutating func scanEscape(start: Int) throws(ExpressionSyntaxError) -> [UInt16] {
        let escapeStart = position
        position += 1
        guard position < limit else { throw ExpressionSyntaxError(offset: escapeStart, message: "unterminated escape sequence") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "'"): return [0x27]
        case UInt8(ascii: "\""): return [0x22]
        case UInt8(ascii: "\\"): return [0x5C]
        case UInt8(ascii: "0"): return [0]
        case UInt8(ascii: "a"): return [7]
        case UInt8(ascii: "b"): return [8]
        case UInt8(ascii: "f"): return [12]
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "r"): return [13]
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "v"): return [11]
        case UInt8(ascii: "u"), UInt8(ascii: "U"), UInt8(ascii: "x"):
            let maxDigits = byte == UInt8(ascii: "U") ? 8 : 4
            let exact = byte != UInt8(ascii: "x")
            var value: UInt32 = 0
            var digits = 0
            while digits < maxDigits, position < limit, let digit = hexValue(bytes[position]) {
                value = value << 4 | digit
                digits += 1
                position += 1
            }
            if digits == 0 || (exact && digits != maxDigits) {
                throw ExpressionSyntaxError(offset: escapeStart, message: "unrecognized escape sequence")
            }
            if value > 0xFFFF {
                guard let scalar = Unicode.Scalar(value) else {
                    throw ExpressionSyntaxError(offset: escapeStart, message: "unrecognized escape sequence")
                }
                return Array(String(Character(scalar)).utf16)
            }
            return [UInt16(value)]
        default:
            throw ExpressionSyntaxError(offset: escapeStart, message: "unrecognized escape sequence '\\\(String(UnicodeScalar(byte)))'")
        }
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// Reads a regular string after its opening quote, up to and including the closing quote.
    private mutating func scanRegularStringBody(start: Int) throws(ExpressionSyntaxError) -> String {
        // Most strings have no escape: their text is their bytes. Only escapes need the UTF-16
        // code units (`\uD83D\uDE00` writes one scalar as two units).
        var escaped = false
        var units: [UInt16] = []
        var runStart = position
        func flush() {
            if runStart < position { units.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).utf16) }
        }
        while position < limit {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                guard escaped else { return String(decoding: bytes[runStart..<position], as: UTF8.self) }
                flush()
                return String(decoding: units, as: UTF16.self)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                flush()
                units.append(contentsOf: try scanEscape(start: start))
                runStart = position
                continue
            }
            if byte == 0x0A || byte == 0x0D { break }
            position += 1
        }
        throw ExpressionSyntaxError(offset: start, message: "unterminated string literal")
    }

    private mutating func scanVerbatimStringBody(start: Int) throws(ExpressionSyntaxError) -> String {
        var result: [UInt8] = []
        while position < limit {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if peek(1) == UInt8(ascii: "\"") {
                    result.append(byte)
                    position += 2
                    continue
                }
                position += 1
                return String(decoding: result, as: UTF8.self)
            }
            result.append(byte)
            position += 1
        }
        throw ExpressionSyntaxError(offset: start, message: "unterminated verbatim string literal")
    }

    /// Reads an interpolated string body after `$"` (or `$@"`), splitting it into text and holes.
    private mutating func scanInterpolatedBody(start: Int, verbatim: Bool) throws(ExpressionSyntaxError) -> [InterpolationPiece] {
        var pieces: [InterpolationPiece] = []
        var units: [UInt16] = []
        var runStart = position
        func flush() {
            if runStart < position { units.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).utf16) }
        }
        func emitText() {
            if !units.isEmpty { pieces.append(.text(String(decoding: units, as: UTF16.self))) }
            units = []
        }
        while position < limit {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                if verbatim, peek(1) == UInt8(ascii: "\"") {
                    flush()
                    units.append(0x22)
                    position += 2
                    runStart = position
                    continue
                }
                flush()
                position += 1
                emitText()
                return pieces
            case UInt8(ascii: "\\") where !verbatim:
                flush()
                units.append(contentsOf: try scanEscape(start: start))
                runStart = position
            case UInt8(ascii: "{"):
                flush()
                if peek(1) == UInt8(ascii: "{") {
                    units.append(0x7B)
                    position += 2
                    runStart = position
                    continue
                }
                emitText()
                position += 1
                pieces.append(try scanHole())
                runStart = position
            case UInt8(ascii: "}"):
                flush()
                if peek(1) == UInt8(ascii: "}") {
                    units.append(0x7D)
                    position += 2
                    runStart = position
                    continue
                }
                throw ExpressionSyntaxError(offset: position, message: "unescaped '}' in interpolated string; write '}}'")
            case 0x0A where !verbatim, 0x0D where !verbatim:
                throw ExpressionSyntaxError(offset: start, message: "unterminated interpolated string")
            default:
                position += 1
            }
        }
        throw ExpressionSyntaxError(offset: start, message: "unterminated interpolated string")
    }

    /// Scans an interpolation hole after its `{`, through its closing `}`.
    private mutating func scanHole() throws(ExpressionSyntaxError) -> InterpolationPiece {
        let exprStart = position
        var depth = 0
        var exprEnd: Int?
        var alignmentStart: Int?
        var alignmentEnd: Int?
        while position < limit {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                position += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth -= 1
                position += 1
            case UInt8(ascii: "}"):
                if depth == 0 {
                    let end = position
                    position += 1
                    if let alignmentStart {
                        return .hole(start: exprStart, end: exprEnd ?? end, alignment: (alignmentStart, alignmentEnd ?? end), format: nil)
                    }
                    return .hole(start: exprStart, end: end, alignment: nil, format: nil)
                }
                depth -= 1
                position += 1
            case UInt8(ascii: ","):
                if depth == 0, alignmentStart == nil {
                    exprEnd = position
                    alignmentStart = position + 1
                }
                position += 1
            case UInt8(ascii: ":"):
                if depth == 0, peek(1) != UInt8(ascii: ":") {
                    let end = position
                    if alignmentStart != nil { alignmentEnd = end } else { exprEnd = end }
                    position += 1
                    let formatStart = position
                    while position < limit, bytes[position] != UInt8(ascii: "}") { position += 1 }
                    guard position < limit else { break }
                    let format = String(decoding: bytes[formatStart..<position], as: UTF8.self)
                    position += 1
                    let alignment = alignmentStart.map { ($0, alignmentEnd ?? end) }
                    return .hole(start: exprStart, end: exprEnd ?? end, alignment: alignment, format: format)
                }
                position += 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                // Skip a nested literal by lexing it as a token.
                guard nesting < ExpressionLimits.maxNestingDepth else {
                    throw ExpressionSyntaxError(offset: position, message: "expression is nested too deeply (more than \(ExpressionLimits.maxNestingDepth) levels)")
                }
                var inner = Lexer(bytes: bytes, start: position, end: limit, nesting: nesting + 1)
                let token = try inner.next()
                position = max(inner.position, position + 1)
                _ = token
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/") || peek(1) == UInt8(ascii: "*"):
                try skipTrivia()
            default:
                position += 1
            }
        }
        throw ExpressionSyntaxError(offset: exprStart - 1, message: "unterminated interpolation hole")
    }
}
