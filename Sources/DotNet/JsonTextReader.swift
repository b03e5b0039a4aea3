/// A Newtonsoft-compatible JSON reader building JTokens (JToken.Load with default JsonLoadSettings).
///
/// Leniencies kept from Newtonsoft: single-quoted strings, unquoted property names, comments,
/// `NaN`/`Infinity`/`-Infinity`/`undefined` literals, octal (`010`) and hex (`0x1F`) integers,
/// raw control characters inside strings. Strings that look like ISO 8601 dates become Date values
/// (`DateParseHandling.DateTime`, `DateTimeZoneHandling.RoundtripKind`; offsets convert to local time,
/// which is UTC on the gateway). Nesting deeper than 64 (`MaxDepth`) throws.
struct JsonTextReader {
    static let maxDepth = 64

    let u: [UInt16]
    var pos = 0
    var line = 1
    var lineStart = 0
    var started = false
    /// `DateParseHandling.DateTime` (Newtonsoft's default) when true; `None` when false.
    var parseDates = true

    struct Frame {
        var isArray: Bool
        var index = -1
        var name: String?
    }
    var stack: [Frame] = []
    /// True right after `{`/`[` (Newtonsoft's ObjectStart/ArrayStart states: current frame not in Path).
    var atContainerStart = false

    init(_ text: String) { u = Array(text.utf16) }

    // MARK: Position and errors

    var path: String {
        var s = ""
        let frames = atContainerStart ? stack.dropLast() : stack[...]
        for f in frames {
            if f.isArray {
                if f.index >= 0 { s += "[\(f.index)]" }
            } else if let n = f.name {
                s += JsonPathText.propertySegment(n, first: s.isEmpty)
            }
        }
        return s
    }

    func error(_ message: String, at p: Int? = nil) -> DotNetException {
        let position = (p ?? pos) - lineStart
        let lineNo = (!started && position == 0) ? 0 : line
        var m = message.trimmingDotNetWhitespace()
        if !m.hasSuffix(".") { m += "." }
        return DotNetException("JsonReaderException", "\(m) Path '\(path)', line \(lineNo), position \(position).")
    }

    static func charText(_ c: UInt16) -> String {
        String(decoding: [c], as: UTF16.self)
    }

    var atEnd: Bool { pos >= u.count }
    var cur: UInt16 { pos < u.count ? u[pos] : 0 }

    static func isWhite(_ c: UInt16) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C || c == 0xA0 || c == 0x85
            || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
            || c == 0x205F || c == 0x3000
    }

    mutating func skipWhitespace() {
        while pos < u.count {
            let c = u[pos]
            if c == 0x0A { pos += 1; newLine() } else if c == 0x0D {
                pos += 1
                if pos < u.count && u[pos] == 0x0A { pos += 1 }
                newLine()
            } else if JsonTextReader.isWhite(c) { pos += 1 } else { break }
        }
    }

    mutating func newLine() { line += 1; lineStart = pos }

    /// Skips whitespace and comments.
    mutating func skipTrivia() throws {
        while true {
            skipWhitespace()
            guard pos < u.count, u[pos] == 0x2F else { return }  // '/'
            pos += 1
            guard pos < u.count else { throw error("Unexpected end while parsing comment.") }
            if u[pos] == 0x2A {  // '*'
                pos += 1
                var closed = false
                while pos < u.count {
                    if u[pos] == 0x2A && pos + 1 < u.count && u[pos + 1] == 0x2F { pos += 2; closed = true; break }
                    if u[pos] == 0x0A { pos += 1; newLine() } else { pos += 1 }
                }
                if !closed { throw error("Unexpected end while parsing comment.") }
            } else if u[pos] == 0x2F {
                while pos < u.count && u[pos] != 0x0A && u[pos] != 0x0D { pos += 1 }
            } else {
                throw error("Error parsing comment. Expected: *, got \(JsonTextReader.charText(u[pos])).")
            }
        }
    }

    func isBlank() -> Bool { u.allSatisfy { JsonTextReader.isWhite($0) } }

    // MARK: Document

    enum Expect { case object, array }

    mutating func parseDocument(expecting: Expect?) throws -> JToken {
        let typeName = expecting == .object ? "JObject" : expecting == .array ? "JArray" : "JToken"
        try skipTrivia()
        if atEnd {
            throw error("Error reading \(typeName) from JsonReader.")
        }
        if let expecting {
            let c = cur
            let ok = (expecting == .object && c == 0x7B) || (expecting == .array && c == 0x5B)
            if !ok {
                let what = expecting == .object ? "an object" : "an array"
                let tokenName: String
                let position: Int
                if c == 0x7B || c == 0x5B {
                    tokenName = c == 0x7B ? "StartObject" : "StartArray"
                    position = pos + 1 - lineStart
                } else {
                    // Read the offending primitive to report its JsonToken name and end position.
                    let tok = try parseValue(depth: 0)
                    tokenName = tok.type.name
                    position = pos - lineStart
                }
                throw DotNetException("JsonReaderException", "Error reading \(typeName) from JsonReader. Current JsonReader item is not \(what): \(tokenName). Path '', line \(line), position \(position).")
            }
        }
        let value = try parseValue(depth: 0)
        try skipTrivia()
        if !atEnd {
            throw error("Additional text encountered after finished reading JSON content: \(JsonTextReader.charText(cur)).")
        }
        return value
    }

    // MARK: Values

    mutating func beginValueInArray() {
        started = true
        if var f = stack.last, f.isArray {
            f.index += 1
            stack[stack.count - 1] = f
        }
        atContainerStart = false
    }

    mutating func parseValue(depth: Int) throws -> JToken {
        try skipTrivia()
        guard !atEnd else { throw endOfContent() }
        let c = cur
        switch c {
        case 0x7B:  // {
            beginValueInArray()
            pos += 1
            return try parseObject(depth: depth + 1)
        case 0x5B:  // [
            beginValueInArray()
            pos += 1
            return try parseArray(depth: depth + 1)
        case 0x22, 0x27:
            beginValueInArray()
            let s = try parseString(quote: c)
            if parseDates, let d = JsonTextReader.dateValue(s) { return JValue(d) }
            return JValue(.string(s))
        case 0x74: beginValueInArray(); try match("true"); return JValue(.boolean(true))
        case 0x66: beginValueInArray(); try match("false"); return JValue(.boolean(false))
        case 0x6E:
            if pos + 1 < u.count && u[pos + 1] == 0x65 {
                throw error("Unexpected character encountered while parsing value: n.")
            }
            beginValueInArray(); try match("null"); return JValue(.null)
        case 0x75: beginValueInArray(); try match("undefined"); return JValue(.undefined)
        case 0x4E: beginValueInArray(); try match("NaN"); return JValue(.float(.nan))
        case 0x49: beginValueInArray(); try match("Infinity"); return JValue(.float(.infinity))
        case 0x2D where pos + 1 < u.count && u[pos + 1] == 0x49:
            beginValueInArray(); try match("-Infinity"); return JValue(.float(-.infinity))
        default:
            if (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E {
                beginValueInArray()
                return try parseNumber()
            }
            throw error("Unexpected character encountered while parsing value: \(JsonTextReader.charText(c)).")
        }
    }

    var loadingName = "JToken"

    func endOfContent() -> DotNetException {
        let outer = stack.first.map { $0.isArray ? "JArray" : "JObject" } ?? "JToken"
        if stack.isEmpty { return error("Unexpected end when reading JSON.") }
        return error("Unexpected end of content while loading \(outer).")
    }

    mutating func match(_ word: String) throws {
        let w = Array(word.utf16)
        let start = pos
        for (k, ch) in w.enumerated() {
            guard pos + k < u.count else {
                pos = u.count
                throw error("Unexpected end when reading JSON.")
            }
            guard u[pos + k] == ch else {
                let first = JsonTextReader.charText(u[start])
                switch word {
                case "true", "false": throw error("Error parsing boolean value.", at: pos + k)
                case "null": throw error("Error parsing null value.", at: pos + k)
                case "undefined": throw error("Error parsing undefined value.", at: pos + k)
                case "NaN", "Infinity", "-Infinity": throw error("Cannot read \(first) value.", at: pos + k)
                default: throw error("Unexpected character encountered while parsing value: \(first).", at: start)
                }
            }
        }
        pos += w.count
        // Must be followed by a separator.
        if pos < u.count {
            let n = u[pos]
            if !(JsonTextReader.isWhite(n) || n == 0x2C || n == 0x7D || n == 0x5D || n == 0x2F || n == 0x29) {
                throw error("Unexpected character encountered while parsing value: \(JsonTextReader.charText(n)).")
            }
        }
    }

    mutating func parseObject(depth: Int) throws -> JObject {
        if depth > JsonTextReader.maxDepth {
            stack.append(Frame(isArray: false))
            atContainerStart = true
            throw error("The reader's MaxDepth of \(JsonTextReader.maxDepth) has been exceeded.")
        }
        let obj = JObject()
        stack.append(Frame(isArray: false))
        atContainerStart = true
        try skipTrivia()
        if cur == 0x7D && !atEnd {
            pos += 1
            stack.removeLast()
            atContainerStart = false
            return obj
        }
        while true {
            try skipTrivia()
            guard !atEnd else { throw endOfContent() }
            let name: String
            let c = cur
            if c == 0x22 || c == 0x27 {
                name = try parseString(quote: c)
            } else if JsonTextReader.isIdentStart(c) {
                let start = pos
                while pos < u.count && JsonTextReader.isIdentChar(u[pos]) { pos += 1 }
                name = String(decoding: u[start..<pos], as: UTF16.self)
                if pos < u.count && !(JsonTextReader.isWhite(u[pos]) || u[pos] == 0x3A) {
                    throw error("Invalid JavaScript property identifier character: \(JsonTextReader.charText(u[pos])).")
                }
            } else if c == 0x7D {
                // trailing comma: Newtonsoft accepts "{"a":1,}"
                pos += 1
                stack.removeLast()
                atContainerStart = false
                return obj
            } else {
                throw error("Invalid property identifier character: \(JsonTextReader.charText(c)).")
            }
            stack[stack.count - 1].name = name
            atContainerStart = false
            try skipTrivia()
            guard !atEnd, cur == 0x3A else {
                let got = atEnd ? "\u{0}" : JsonTextReader.charText(cur)
                throw error("Invalid character after parsing property name. Expected ':' but got: \(got).")
            }
            pos += 1
            let v = try parseValue(depth: depth)
            obj.addOrReplace(name, v)
            // post value
            try skipTrivia()
            guard !atEnd else { throw endOfContent() }
            let n = cur
            if n == 0x2C { pos += 1; continue }
            if n == 0x7D {
                pos += 1
                stack.removeLast()
                atContainerStart = false
                return obj
            }
            throw error("After parsing a value an unexpected character was encountered: \(JsonTextReader.charText(n)).")
        }
    }

    mutating func parseArray(depth: Int) throws -> JArray {
        if depth > JsonTextReader.maxDepth {
            stack.append(Frame(isArray: true))
            atContainerStart = true
            throw error("The reader's MaxDepth of \(JsonTextReader.maxDepth) has been exceeded.")
        }
        let arr = JArray()
        stack.append(Frame(isArray: true))
        atContainerStart = true
        while true {
            try skipTrivia()
            guard !atEnd else { throw endOfContent() }
            if cur == 0x5D {
                pos += 1
                stack.removeLast()
                atContainerStart = false
                return arr
            }
            if cur == 0x2C {
                // An empty slot: Newtonsoft reads it as Undefined ("[1,,2]").
                beginValueInArray()
                arr.append(JValue(.undefined))
                pos += 1
                continue
            }
            let v = try parseValue(depth: depth)
            arr.append(v)
            try skipTrivia()
            guard !atEnd else { throw endOfContent() }
            let n = cur
            if n == 0x2C {
                pos += 1
                // "[1,]" : trailing comma accepted
                try skipTrivia()
                if !atEnd && cur == 0x5D { pos += 1; stack.removeLast(); atContainerStart = false; return arr }
                if !atEnd && cur == 0x2C { continue }
                continue
            }
            if n == 0x5D {
                pos += 1
                stack.removeLast()
                atContainerStart = false
                return arr
            }
            throw error("After parsing a value an unexpected character was encountered: \(JsonTextReader.charText(n)).")
        }
    }

    static func isIdentStart(_ c: UInt16) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24 || (c >= 0x30 && c <= 0x39) || c > 0x7F
    }
    static func isIdentChar(_ c: UInt16) -> Bool { isIdentStart(c) }

    mutating func parseString(quote: UInt16) throws -> String {
        pos += 1
        var out: [UInt16] = []
        while true {
            guard pos < u.count else {
                throw error("Unterminated string. Expected delimiter: \(JsonTextReader.charText(quote)).")
            }
            let c = u[pos]
            if c == quote { pos += 1; break }
            if c == 0x5C {
                pos += 1
                guard pos < u.count else {
                    throw error("Unterminated string. Expected delimiter: \(JsonTextReader.charText(quote)).")
                }
                let e = u[pos]
                pos += 1
                switch e {
                case 0x62: out.append(0x08)
                case 0x74: out.append(0x09)
                case 0x6E: out.append(0x0A)
                case 0x66: out.append(0x0C)
                case 0x72: out.append(0x0D)
                case 0x5C: out.append(0x5C)
                case 0x22, 0x27, 0x2F: out.append(e)
                case 0x75:
                    guard pos + 4 <= u.count else {
                        pos = u.count
                        throw error("Unexpected end while parsing Unicode escape sequence.")
                    }
                    var v: UInt16 = 0
                    for k in 0..<4 {
                        let h = u[pos + k]
                        let d: UInt16
                        switch h {
                        case 0x30...0x39: d = h - 0x30
                        case 0x41...0x46: d = h - 0x41 + 10
                        case 0x61...0x66: d = h - 0x61 + 10
                        default:
                            let seq = String(decoding: u[pos..<(pos + 4)], as: UTF16.self)
                            throw error("Invalid Unicode escape sequence: \\u\(seq).")
                        }
                        v = v &* 16 &+ d
                    }
                    pos += 4
                    out.append(v)
                default:
                    throw error("Bad JSON escape sequence: \\\(JsonTextReader.charText(e)).")
                }
                continue
            }
            if c == 0x0A { out.append(c); pos += 1; newLine(); continue }
            if c == 0x0D {
                out.append(c); pos += 1
                if pos < u.count && u[pos] == 0x0A { out.append(0x0A); pos += 1 }
                newLine(); continue
            }
            out.append(c)
            pos += 1
        }
        return String(decoding: out, as: UTF16.self)
    }

    mutating func parseNumber() throws -> JValue {
        let start = pos
        while pos < u.count {
            let c = u[pos]
            let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
                || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x78 || c == 0x58
            if ok { pos += 1; continue }
            if JsonTextReader.isWhite(c) || c == 0x2C || c == 0x7D || c == 0x5D || c == 0x29 || c == 0x2F { break }
            throw error("Unexpected character encountered while parsing number: \(JsonTextReader.charText(c)).")
        }
        let text = String(decoding: u[start..<pos], as: UTF16.self)
        let chars = Array(text.utf8)
        if chars.count == 1, chars[0] >= 0x30, chars[0] <= 0x39 { return JValue(.integer(Int64(chars[0] - 0x30))) }
        if chars.count > 1, chars[0] == 0x30, chars[1] != 0x2E, chars[1] != 0x65, chars[1] != 0x45 {
            // Octal or hex integer (Convert.ToInt64(s, 8/16)).
            let isHex = chars[1] == 0x78 || chars[1] == 0x58
            let digits = isHex ? String(text.dropFirst(2)) : text
            if let v = UInt64(digits, radix: isHex ? 16 : 8), !digits.isEmpty {
                return JValue(.integer(Int64(bitPattern: v)))
            }
            throw error("Input string '\(text)' is not a valid number.")
        }
        if let v = Int64(text) { return JValue(.integer(v)) }
        // Integer overflow → BigInteger.
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        if !body.isEmpty && body.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            if text.count > 380 { throw error("JSON integer \(text) is too large to parse.") }
            var digits = String(body.drop(while: { $0 == "0" }))
            if digits.isEmpty { digits = "0" }
            return JValue(.bigInteger(text.hasPrefix("-") ? "-" + digits : digits))
        }
        if let d = DotNetNumberParsing.parseDoubleText(text, allowLeadingPlus: true) {
            return JValue(.float(d))
        }
        throw error("Input string '\(text)' is not a valid number.")
    }

    /// Newtonsoft's ISO date detection (`DateTimeUtils.TryParseDateTime`): length 19…40, digit first,
    /// 'T' at index 10, `yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±HH[:]mm]`.
    static func dateValue(_ s: String) -> JValue.Content? {
        let c = Array(s.utf16)
        guard c.count >= 19, c.count <= 40, c[0] >= 0x30, c[0] <= 0x39, c[10] == 0x54 else { return nil }
        var i = 0
        func d2() -> Int? {
            guard i + 1 < c.count, let a = digit(c[i]), let b = digit(c[i + 1]) else { return nil }
            i += 2
            return a * 10 + b
        }
        func digit(_ x: UInt16) -> Int? { x >= 0x30 && x <= 0x39 ? Int(x - 0x30) : nil }
        func ch(_ x: UInt16) -> Bool { if i < c.count && c[i] == x { i += 1; return true }; return false }
        guard let y1 = d2(), let y2 = d2() else { return nil }
        let year = y1 * 100 + y2
        guard year >= 1, ch(0x2D), let month = d2(), (1...12).contains(month), ch(0x2D), let day = d2(),
              day >= 1, day <= DotNetDateTime.daysInMonth(year: year, month: month), ch(0x54),
              let hour = d2(), hour <= 24, ch(0x3A), let minute = d2(), minute < 60, ch(0x3A),
              let second = d2(), second < 60 else { return nil }
        var fraction: Int64 = 0
        if ch(0x2E) {
            var n = 0
            while i < c.count, let dg = digit(c[i]) {
                if n < 7 { fraction = fraction * 10 + Int64(dg) } else if n == 7 && dg >= 5 { fraction += 1 }
                n += 1; i += 1
            }
            if n == 0 { return nil }
            for _ in min(n, 7)..<7 { fraction *= 10 }
        }
        if hour == 24 && (minute != 0 || second != 0 || fraction != 0) { return nil }
        enum Zone { case none, utc, offset(Int64) }
        var zone = Zone.none
        if i < c.count {
            if c[i] == 0x5A || c[i] == 0x7A { zone = .utc; i += 1 } else if c[i] == 0x2B || c[i] == 0x2D {
                let neg = c[i] == 0x2D
                i += 1
                guard let zh = d2() else { return nil }
                var zm = 0
                if i < c.count {
                    _ = ch(0x3A)
                    guard let m = d2() else { return nil }
                    zm = m
                }
                let t = Int64(zh) * DotNetTimeSpan.ticksPerHour + Int64(zm) * DotNetTimeSpan.ticksPerMinute
                zone = .offset(neg ? -t : t)
            } else { return nil }
        }
        guard i == c.count else { return nil }
        guard let base = try? DotNetDateTime(year: year, month: month, day: day, hour: hour == 24 ? 0 : hour, minute: minute, second: second) else { return nil }
        var ticks = base.ticks + fraction
        if hour == 24 { ticks += DotNetTimeSpan.ticksPerDay }
        switch zone {
        case .none:
            guard ticks <= DotNetDateTime.maxTicks else { return nil }
            return .date(DotNetDateTime(uncheckedTicks: ticks, kind: .unspecified))
        case .utc:
            guard ticks <= DotNetDateTime.maxTicks else { return nil }
            return .date(DotNetDateTime(uncheckedTicks: ticks, kind: .utc))
        case .offset(let o):
            // Converted to local time (UTC on the gateway) with kind Local.
            ticks -= o
            ticks = min(max(ticks, 0), DotNetDateTime.maxTicks)
            return .date(DotNetDateTime(uncheckedTicks: ticks, kind: .local))
        }
    }
}
