/// The liquid template engine of `set-body template="liquid"`: the subset APIM's DotLiquid
/// ("C# mode") offers — `{{ output | Filter: args }}`, `if`/`elsif`/`else`/`unless`, `case`/`when`,
/// `for` (with `limit`, `offset`, `reversed`, `forloop`, `break`, `continue`), APIM's own
/// `JSONArrayFor`, `assign`, `capture`, `comment`, `raw`, and whitespace control (`{{-`, `-%}`).
///
/// A template is parsed once into nodes, then rendered against named values (`body`, `context`).
/// Errors carry the UTF-8 offset in the template so the caller can name the policy file's line.
struct LiquidTemplate: Sendable {
    let nodes: [LiquidNode]

    /// Nesting of blocks a template may have.
    static let maxDepth = 64

    init(parsing source: String) throws(LiquidError) {
        var parser = LiquidParser(tokens: try LiquidLexer.tokens(source))
        nodes = try parser.parseAll()
    }

    /// Renders with the given top-level names; `now` answers the `Date` filter's `"now"`.
    func render(_ globals: [String: LiquidValue], now: DotNetDateTime) throws(LiquidError) -> String {
        var renderer = LiquidRenderer(globals: globals, now: now)
        var output = ""
        _ = try renderer.render(nodes, into: &output)
        return output
    }
}

import DotNet
import PolicyExpressions

/// A template error: what is wrong and where (UTF-8 offset in the template text).
struct LiquidError: Error, Sendable {
    var message: String
    var offset: Int
}

// MARK: - Lexing

enum LiquidToken: Sendable {
    case text(String)
    case output(String, offset: Int)
    case tag(String, offset: Int)
}

enum LiquidLexer {
    /// Splits a template into text, `{{ output }}` and `{% tag %}`, applying whitespace control.
    static func tokens(_ source: String) throws(LiquidError) -> [LiquidToken] {
        let bytes = Array(source.utf8)
        var tokens: [LiquidToken] = []
        var index = 0
        var textStart = 0
        var stripNextLeading = false

        func appendText(_ end: Int, stripTrailing: Bool) {
            var start = textStart
            var stop = end
            if stripNextLeading { while start < stop, isSpace(bytes[start]) { start += 1 } }
            if stripTrailing { while stop > start, isSpace(bytes[stop - 1]) { stop -= 1 } }
            if start < stop { tokens.append(.text(String(decoding: bytes[start..<stop], as: UTF8.self))) }
        }

        while index + 1 < bytes.count {
            let open = bytes[index]
            let next = bytes[index + 1]
            guard open == UInt8(ascii: "{"), next == UInt8(ascii: "{") || next == UInt8(ascii: "%") else {
                index += 1
                continue
            }
            let isTag = next == UInt8(ascii: "%")
            let start = index
            var contentStart = index + 2
            let stripBefore = contentStart < bytes.count && bytes[contentStart] == UInt8(ascii: "-")
            if stripBefore { contentStart += 1 }
            let closer: UInt8 = isTag ? UInt8(ascii: "%") : UInt8(ascii: "}")
            var cursor = contentStart
            var quote: UInt8?
            var found = -1
            while cursor + 1 < bytes.count {
                let byte = bytes[cursor]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                } else if byte == closer, bytes[cursor + 1] == UInt8(ascii: "}") {
                    found = cursor
                    break
                }
                cursor += 1
            }
            if found < 0 {
                throw LiquidError(message: isTag ? "'{%' is not closed with '%}'" : "'{{' is not closed with '}}'", offset: start)
            }
            var contentEnd = found
            let stripAfter = contentEnd > contentStart && bytes[contentEnd - 1] == UInt8(ascii: "-")
            if stripAfter { contentEnd -= 1 }
            appendText(start, stripTrailing: stripBefore)
            let markup = String(decoding: bytes[contentStart..<max(contentStart, contentEnd)], as: UTF8.self)
            tokens.append(isTag ? .tag(markup, offset: start) : .output(markup, offset: start))
            index = found + 2
            textStart = index
            stripNextLeading = stripAfter
            if isTag, markup.trimmingSpaces() == "raw" {
                // Everything up to {% endraw %} is text.
                guard let range = rawEnd(in: bytes, from: index) else {
                    throw LiquidError(message: "'raw' is not closed with '{% endraw %}'", offset: start)
                }
                tokens.append(.text(String(decoding: bytes[index..<range.lowerBound], as: UTF8.self)))
                tokens.append(.tag("endraw", offset: range.lowerBound))
                index = range.upperBound
                textStart = index
                stripNextLeading = false
            }
        }
        appendText(bytes.count, stripTrailing: false)
        return tokens
    }

    /// The byte range of the first `{% endraw %}` (with optional `-` and spaces) at or after `from`.
    static func rawEnd(in bytes: [UInt8], from: Int) -> Range<Int>? {
        var index = from
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "%") {
                var cursor = index + 2
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "%") { cursor += 1 }
                if cursor + 1 < bytes.count, bytes[cursor + 1] == UInt8(ascii: "}") {
                    let markup = String(decoding: bytes[(index + 2)..<cursor], as: UTF8.self)
                    let word = markup.trimmingSpaces().trimmingCharacters(of: "-").trimmingSpaces()
                    if word == "endraw" { return index..<(cursor + 2) }
                }
            }
            index += 1
        }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension String {
    func trimmingCharacters(of character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}

// MARK: - Markup expressions

/// A value expression inside a tag or output: literal, variable path, or range.
indirect enum LiquidExpression: Sendable {
    case literal(LiquidValue)
    case variable(String, [LiquidAccessor])
    case range(LiquidExpression, LiquidExpression)
    /// `empty` / `blank` in comparisons.
    case empty
}

enum LiquidAccessor: Sendable {
    case member(String)
    case index(LiquidExpression)
}

struct LiquidFilterCall: Sendable {
    var name: String
    var arguments: [LiquidExpression]
}

/// `expression | Filter: a, b | Filter2`.
struct LiquidOutput: Sendable {
    var expression: LiquidExpression
    var filters: [LiquidFilterCall]
}

indirect enum LiquidCondition: Sendable {
    case value(LiquidExpression)
    case compare(LiquidExpression, String, LiquidExpression)
    case and(LiquidCondition, LiquidCondition)
    case or(LiquidCondition, LiquidCondition)
    case not(LiquidCondition)
}

enum LiquidMarkupToken: Sendable, Equatable {
    case identifier(String)
    case string(String)
    case number(String)
    case symbol(String)
}

/// Reads the markup of one tag or output.
struct LiquidMarkup {
    var tokens: [LiquidMarkupToken]
    var position = 0
    let offset: Int

    init(_ text: String, offset: Int) throws(LiquidError) {
        self.offset = offset
        tokens = try Self.tokenize(text, offset: offset)
    }

    static func tokenize(_ text: String, offset: Int) throws(LiquidError) -> [LiquidMarkupToken] {
        let chars = Array(text.unicodeScalars)
        var tokens: [LiquidMarkupToken] = []
        var index = 0
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || c.value > 127
        }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        while index < chars.count {
            let c = chars[index]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                index += 1
            } else if c == "'" || c == "\"" {
                var cursor = index + 1
                var value = String.UnicodeScalarView()
                while cursor < chars.count, chars[cursor] != c {
                    value.append(chars[cursor])
                    cursor += 1
                }
                guard cursor < chars.count else { throw LiquidError(message: "a string is not closed in '\(text)'", offset: offset) }
                tokens.append(.string(String(value)))
                index = cursor + 1
            } else if isDigit(c) || (c == "-" && index + 1 < chars.count && isDigit(chars[index + 1])) {
                var cursor = index + 1
                var sawDot = false
                while cursor < chars.count {
                    if isDigit(chars[cursor]) {
                        cursor += 1
                    } else if chars[cursor] == ".", !sawDot, cursor + 1 < chars.count, isDigit(chars[cursor + 1]) {
                        sawDot = true
                        cursor += 1
                    } else {
                        break
                    }
                }
                var number = String.UnicodeScalarView()
                number.append(contentsOf: chars[index..<cursor])
                tokens.append(.number(String(number)))
                index = cursor
            } else if isIdentifierStart(c) {
                var cursor = index + 1
                while cursor < chars.count, isIdentifierStart(chars[cursor]) || isDigit(chars[cursor]) || chars[cursor] == "-" || chars[cursor] == "?" {
                    cursor += 1
                }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: chars[index..<cursor])
                tokens.append(.identifier(String(name)))
                index = cursor
            } else {
                let two = index + 1 < chars.count ? String(c) + String(chars[index + 1]) : ""
                if ["==", "!=", "<>", "<=", ">=", ".."].contains(two) {
                    tokens.append(.symbol(two))
                    index += 2
                } else if "|:,.[]()<>=".unicodeScalars.contains(c) {
                    tokens.append(.symbol(String(c)))
                    index += 1
                } else {
                    throw LiquidError(message: "unexpected character '\(c)' in '\(text.trimmingSpaces())'", offset: offset)
                }
            }
        }
        return tokens
    }

    var atEnd: Bool { position >= tokens.count }
    var peek: LiquidMarkupToken? { position < tokens.count ? tokens[position] : nil }

    mutating func next() -> LiquidMarkupToken? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    mutating func accept(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) {
            position += 1
            return true
        }
        return false
    }

    mutating func acceptWord(_ word: String) -> Bool {
        if peek == .identifier(word) {
            position += 1
            return true
        }
        return false
    }

    func fail(_ message: String) -> LiquidError { LiquidError(message: message, offset: offset) }

    mutating func expectIdentifier(_ what: String) throws(LiquidError) -> String {
        guard case .identifier(let name)? = next() else { throw fail("expected \(what)") }
        return name
    }

    /// Nesting of ranges and indexes in the expression being read.
    var nesting = 0

    mutating func expression() throws(LiquidError) -> LiquidExpression {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= 32 else { throw fail("a value nests deeper than 32 levels") }
        guard let token = next() else { throw fail("expected a value") }
        switch token {
        case .string(let text): return .literal(.string(text))
        case .number(let text):
            if let integer = Int64(text) { return .literal(.int(integer)) }
            return .literal(.double(Double(text) ?? 0))
        case .symbol("("):
            let low = try expression()
            guard accept("..") else { throw fail("expected '..' in a range") }
            let high = try expression()
            guard accept(")") else { throw fail("expected ')' after a range") }
            return .range(low, high)
        case .identifier(let name):
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "nil", "null": return .literal(.null)
            case "empty", "blank": return .empty
            default: break
            }
            var accessors: [LiquidAccessor] = []
            while true {
                if accept(".") {
                    accessors.append(.member(try expectIdentifier("a member name after '.'")))
                } else if accept("[") {
                    accessors.append(.index(try expression()))
                    guard accept("]") else { throw fail("expected ']'") }
                } else {
                    break
                }
            }
            return .variable(name, accessors)
        case .symbol(let symbol):
            throw fail("unexpected '\(symbol)'")
        }
    }

    /// `expr | Filter: a, b | …` up to the end of the markup.
    mutating func output() throws(LiquidError) -> LiquidOutput {
        let expression = try expression()
        var filters: [LiquidFilterCall] = []
        while accept("|") {
            let name = try expectIdentifier("a filter name after '|'")
            var arguments: [LiquidExpression] = []
            if accept(":") {
                repeat {
                    arguments.append(try self.expression())
                    // Named arguments (`key: value`) are read as their value.
                    if accept(":") { arguments[arguments.count - 1] = try self.expression() }
                } while accept(",")
            }
            filters.append(LiquidFilterCall(name: name, arguments: arguments))
        }
        guard atEnd else { throw fail("unexpected text after the value") }
        return LiquidOutput(expression: expression, filters: filters)
    }

    /// Conditions of `if`/`elsif`/`unless`: comparisons joined by `and`/`or` (right to left, as Liquid).
    mutating func condition() throws(LiquidError) -> LiquidCondition {
        var parts = [try comparison()]
        var joins: [Bool] = []
        while true {
            if acceptWord("and") {
                joins.append(true)
            } else if acceptWord("or") {
                joins.append(false)
            } else {
                break
            }
            guard joins.count <= 100 else { throw fail("more than 100 'and'/'or' in one condition") }
            parts.append(try comparison())
        }
        var result = parts[parts.count - 1]
        for index in stride(from: joins.count - 1, through: 0, by: -1) {
            result = joins[index] ? .and(parts[index], result) : .or(parts[index], result)
        }
        return result
    }

    mutating func comparison() throws(LiquidError) -> LiquidCondition {
        let left = try expression()
        if case .symbol(let op)? = peek, ["==", "!=", "<>", "<", ">", "<=", ">="].contains(op) {
            position += 1
            return .compare(left, op, try expression())
        }
        if acceptWord("contains") { return .compare(left, "contains", try expression()) }
        return .value(left)
    }
}

// MARK: - Nodes and parsing

indirect enum LiquidNode: Sendable {
    case text(String)
    case output(LiquidOutput, offset: Int)
    case conditional([(LiquidCondition?, [LiquidNode])], offset: Int)
    case caseBlock(LiquidExpression, [([LiquidExpression], [LiquidNode])], [LiquidNode]?, offset: Int)
    case loop(LiquidLoop, offset: Int)
    case assign(String, LiquidOutput, offset: Int)
    case capture(String, [LiquidNode])
    case loopControl(isBreak: Bool)
}

struct LiquidLoop: Sendable {
    var variable: String
    var collection: LiquidExpression
    var limit: LiquidExpression?
    var start: LiquidExpression?
    var reversed: Bool
    var body: [LiquidNode]
    var otherwise: [LiquidNode]?
    /// APIM's `JSONArrayFor`: items joined with commas.
    var jsonArray: Bool
}

struct LiquidParser {
    let tokens: [LiquidToken]
    var position = 0
    var depth = 0

    init(tokens: [LiquidToken]) { self.tokens = tokens }

    mutating func parseAll() throws(LiquidError) -> [LiquidNode] {
        let (nodes, end) = try parseBlock(until: [])
        if let end { throw LiquidError(message: "'\(end.word)' has no matching opening tag", offset: end.offset) }
        return nodes
    }

    /// Parses nodes until one of `enders` (a tag word); returns the nodes and the ending tag.
    mutating func parseBlock(until enders: Set<String>) throws(LiquidError) -> ([LiquidNode], (word: String, markup: LiquidMarkup, offset: Int)?) {
        var nodes: [LiquidNode] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token {
            case .text(let text):
                nodes.append(.text(LiquidEntities.decode(text)))
            case .output(let markup, let offset):
                var reader = try LiquidMarkup(LiquidEntities.decode(markup), offset: offset)
                if reader.atEnd {
                    nodes.append(.text(""))
                } else {
                    nodes.append(.output(try reader.output(), offset: offset))
                }
            case .tag(let markup, let offset):
                var reader = try LiquidMarkup(LiquidEntities.decode(markup), offset: offset)
                guard case .identifier(let word)? = reader.next() else {
                    throw LiquidError(message: "a tag needs a name: '{%\(markup)%}'", offset: offset)
                }
                if enders.contains(word) { return (nodes, (word, reader, offset)) }
                if word.hasPrefix("end") || ["else", "elsif", "when"].contains(word) {
                    if let close = enders.first(where: { $0.hasPrefix("end") }) {
                        throw LiquidError(message: "'\(word)' found before the '\(close.dropFirst(3))' block was closed with '{% \(close) %}'", offset: offset)
                    }
                    throw LiquidError(message: "'\(word)' has no matching opening tag", offset: offset)
                }
                if let node = try parseTag(word, &reader, offset: offset) { nodes.append(node) }
            }
        }
        if !enders.isEmpty {
            throw LiquidError(message: "a block is not closed: expected \(enders.sorted().map { "'{% \($0) %}'" }.joined(separator: " or "))", offset: -1)
        }
        return (nodes, nil)
    }

    mutating func nested<T>(_ offset: Int, _ body: (inout LiquidParser) throws(LiquidError) -> T) throws(LiquidError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= LiquidTemplate.maxDepth else {
            throw LiquidError(message: "blocks nest deeper than \(LiquidTemplate.maxDepth) levels", offset: offset)
        }
        return try body(&self)
    }

    mutating func closed(_ opener: String, until enders: Set<String>, offset: Int) throws(LiquidError) -> ([LiquidNode], (word: String, markup: LiquidMarkup, offset: Int)) {
        do throws(LiquidError) {
            let (nodes, end) = try parseBlock(until: enders)
            guard let end else { throw LiquidError(message: "", offset: -1) }
            return (nodes, end)
        } catch {
            if error.offset == -1 { throw LiquidError(message: "'\(opener)' is not closed with '{% end\(opener) %}'", offset: offset) }
            throw error
        }
    }

    mutating func parseTag(_ word: String, _ reader: inout LiquidMarkup, offset: Int) throws(LiquidError) -> LiquidNode? {
        switch word {
        case "if", "unless":
            return try nested(offset) { (parser: inout LiquidParser) throws(LiquidError) -> LiquidNode in
                var branches: [(LiquidCondition?, [LiquidNode])] = []
                var condition: LiquidCondition? = try reader.condition()
                guard reader.atEnd else { throw reader.fail("unexpected text after the condition of '\(word)'") }
                if word == "unless", let inner = condition {
                    branches.append((.not(inner), []))
                    let (body, end) = try parser.closed("unless", until: ["else", "endunless"], offset: offset)
                    branches[0].1 = body
                    if end.word == "else" {
                        let (otherwise, _) = try parser.closed("unless", until: ["endunless"], offset: offset)
                        branches.append((nil, otherwise))
                    }
                    return .conditional(branches, offset: offset)
                }
                while true {
                    let (body, end) = try parser.closed("if", until: ["elsif", "else", "endif"], offset: offset)
                    branches.append((condition, body))
                    if end.word == "endif" { break }
                    if end.word == "elsif" {
                        var markup = end.markup
                        condition = try markup.condition()
                        guard markup.atEnd else { throw markup.fail("unexpected text after the condition of 'elsif'") }
                    } else {
                        let (otherwise, _) = try parser.closed("if", until: ["endif"], offset: offset)
                        branches.append((nil, otherwise))
                        break
                    }
                }
                return .conditional(branches, offset: offset)
            }
        case "case":
            let subject = try reader.expression()
            return try nested(offset) { (parser: inout LiquidParser) throws(LiquidError) -> LiquidNode in
                var whens: [([LiquidExpression], [LiquidNode])] = []
                var otherwise: [LiquidNode]?
                var (_, end) = try parser.closed("case", until: ["when", "else", "endcase"], offset: offset)
                while end.word != "endcase" {
                    if end.word == "when" {
                        var markup = end.markup
                        var values = [try markup.expression()]
                        while markup.accept(",") || markup.acceptWord("or") { values.append(try markup.expression()) }
                        let (body, next) = try parser.closed("case", until: ["when", "else", "endcase"], offset: offset)
                        whens.append((values, body))
                        end = next
                    } else {
                        let (body, next) = try parser.closed("case", until: ["endcase"], offset: offset)
                        otherwise = body
                        end = next
                    }
                }
                return .caseBlock(subject, whens, otherwise, offset: offset)
            }
        case "for", "JSONArrayFor":
            let variable = try reader.expectIdentifier("a loop variable after '\(word)'")
            guard reader.acceptWord("in") else { throw reader.fail("expected 'in' after '\(word) \(variable)'") }
            let collection = try reader.expression()
            var loop = LiquidLoop(variable: variable, collection: collection, reversed: false, body: [], jsonArray: word == "JSONArrayFor")
            while let token = reader.next() {
                switch token {
                case .identifier("reversed"): loop.reversed = true
                case .identifier("limit"):
                    guard reader.accept(":") else { throw reader.fail("expected ':' after 'limit'") }
                    loop.limit = try reader.expression()
                case .identifier("offset"):
                    guard reader.accept(":") else { throw reader.fail("expected ':' after 'offset'") }
                    loop.start = try reader.expression()
                default: throw reader.fail("unexpected text in '\(word)'")
                }
            }
            let endWord = word == "for" ? "endfor" : "endJSONArrayFor"
            return try nested(offset) { (parser: inout LiquidParser) throws(LiquidError) -> LiquidNode in
                let enders: Set<String> = word == "for" ? ["else", endWord] : [endWord]
                let (body, end) = try parser.closedLoop(word, endWord, enders, offset: offset)
                loop.body = body
                if end == "else" { loop.otherwise = try parser.closedLoop(word, endWord, [endWord], offset: offset).0 }
                return .loop(loop, offset: offset)
            }
        case "assign":
            let name = try reader.expectIdentifier("a variable name after 'assign'")
            guard reader.accept("=") else { throw reader.fail("expected '=' after 'assign \(name)'") }
            return .assign(name, try reader.output(), offset: offset)
        case "capture":
            let name = try reader.expectIdentifier("a variable name after 'capture'")
            return try nested(offset) { (parser: inout LiquidParser) throws(LiquidError) -> LiquidNode in
                .capture(name, try parser.closed("capture", until: ["endcapture"], offset: offset).0)
            }
        case "comment":
            _ = try closed("comment", until: ["endcomment"], offset: offset)
            return nil
        case "raw":
            // The lexer made the raw content one text token followed by endraw.
            let (nodes, _) = try closed("raw", until: ["endraw"], offset: offset)
            return nodes.first
        case "break", "continue":
            return .loopControl(isBreak: word == "break")
        default:
            throw LiquidError(message: "unknown tag '\(word)'", offset: offset)
        }
    }

    mutating func closedLoop(_ opener: String, _ endWord: String, _ enders: Set<String>, offset: Int) throws(LiquidError) -> ([LiquidNode], String) {
        do throws(LiquidError) {
            let (nodes, end) = try parseBlock(until: enders)
            guard let end else { throw LiquidError(message: "", offset: -1) }
            return (nodes, end.word)
        } catch {
            if error.offset == -1 { throw LiquidError(message: "'\(opener)' is not closed with '{% \(endWord) %}'", offset: offset) }
            throw error
        }
    }

}

/// XML character references in template text (the template comes from the policy XML).
enum LiquidEntities {
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            if let semi = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: semi) <= 10 {
                let name = after[after.index(after: after.startIndex)..<semi]
                if let scalar = scalar(for: name) {
                    result.unicodeScalars.append(scalar)
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            result += "&"
            rest = after.dropFirst()
        }
        return result + rest
    }

    static func scalar(for name: Substring) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16) { return Unicode.Scalar(value) }
            if name.hasPrefix("#"), let value = UInt32(name.dropFirst(), radix: 10) { return Unicode.Scalar(value) }
            return nil
        }
    }
}
