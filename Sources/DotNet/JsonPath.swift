/// Newtonsoft's JSONPath subset for `SelectToken`/`SelectTokens`:
/// `$`, `a.b`, `['x y']`, `["x"]`, `[0]`, `[-1]`? (no: negative indexes only in slices), `[0,2]`,
/// `['a','b']`, `[*]`, `.*`, `..name`, `..*`, `[start:end:step]`, and filters `[?(@.a)]`,
/// `[?(@.a == 'x')]` with `==`, `!=`, `<`, `<=`, `>`, `>=` against a string, number, `true`/`false`/`null`.
/// Errors are `JsonException` with Newtonsoft's messages.
enum JsonPathSegment {
    case property(String)
    case properties([String])
    case indexes([Int])
    case wildcard
    case scan(String?)
    case slice(Int?, Int?, Int?)
    case filter(path: [JsonPathSegment], op: String?, value: JValue?)
}

struct JsonPathParser {
    let c: [Character]
    var i = 0

    init(_ s: String) { c = Array(s) }

    static func err(_ m: String) -> DotNetException { DotNetException("JsonException", m) }

    mutating func parse() throws -> [JsonPathSegment] {
        var segs: [JsonPathSegment] = []
        if i < c.count && (c[i] == "$" || c[i] == "@") {
            i += 1
        }
        var first = true
        while i < c.count {
            switch c[i] {
            case ".":
                if i + 1 < c.count && c[i + 1] == "." {
                    i += 2
                    if i < c.count && c[i] == "*" { i += 1; segs.append(.scan(nil)) }
                    else if i < c.count && c[i] == "[" {
                        segs.append(.scan(nil))
                    } else {
                        let n = readName()
                        if n.isEmpty { throw JsonPathParser.err("Unexpected end while parsing path.") }
                        segs.append(.scan(n))
                    }
                } else {
                    i += 1
                    guard i < c.count else { throw JsonPathParser.err("Unexpected end while parsing path.") }
                    if c[i] == "*" { i += 1; segs.append(.wildcard) } else {
                        let n = readName()
                        if n.isEmpty { throw JsonPathParser.err("Unexpected character while parsing path: \(c[i])") }
                        segs.append(.property(n))
                    }
                }
            case "[", "(":
                segs.append(try readIndexer())
            case "]", ")":
                throw JsonPathParser.err("Unexpected character while parsing path: \(c[i])")
            case " " where !first:
                throw JsonPathParser.err("Unexpected character while parsing path: \(c[i])")
            default:
                if first {
                    let n = readName()
                    if !n.isEmpty { segs.append(.property(n)); break }
                }
                throw JsonPathParser.err("Unexpected character while parsing path: \(c[i])")
            }
            first = false
        }
        return segs
    }

    mutating func readName() -> String {
        var s = ""
        while i < c.count, c[i] != ".", c[i] != "[", c[i] != "(", c[i] != "]", c[i] != ")", c[i] != " " {
            s.append(c[i]); i += 1
        }
        return s
    }

    mutating func skipSpaces() { while i < c.count && c[i] == " " { i += 1 } }

    mutating func readQuoted() throws -> String {
        let q = c[i]
        i += 1
        var s = ""
        while i < c.count {
            if c[i] == "\\" && i + 1 < c.count {
                let e = c[i + 1]
                switch e {
                case "'", "\"", "\\", "/": s.append(e)
                case "b": s.append("\u{08}")
                case "f": s.append("\u{0C}")
                case "n": s.append("\n")
                case "r": s.append("\r")
                case "t": s.append("\t")
                default: throw JsonPathParser.err("Unknown escape character: \\\(e)")
                }
                i += 2
                continue
            }
            if c[i] == q { i += 1; return s }
            s.append(c[i]); i += 1
        }
        throw JsonPathParser.err("Path ended with an open string.")
    }

    mutating func readInt() throws -> Int? {
        skipSpaces()
        var s = ""
        if i < c.count && c[i] == "-" { s.append("-"); i += 1 }
        while i < c.count, let a = c[i].asciiValue, a >= 48, a <= 57 { s.append(c[i]); i += 1 }
        skipSpaces()
        if s.isEmpty { return nil }
        guard let v = Int(s) else { throw JsonPathParser.err("Could not parse path indexer: \(s)") }
        return v
    }

    mutating func readIndexer() throws -> JsonPathSegment {
        let open = c[i]
        let close: Character = open == "[" ? "]" : ")"
        i += 1
        skipSpaces()
        guard i < c.count else { throw JsonPathParser.err("Path ended with open indexer.") }
        var seg: JsonPathSegment
        if c[i] == "'" || c[i] == "\"" {
            var names: [String] = []
            while true {
                skipSpaces()
                guard i < c.count, c[i] == "'" || c[i] == "\"" else { throw JsonPathParser.err("Unexpected character while parsing path indexer: \(i < c.count ? String(c[i]) : "")") }
                names.append(try readQuoted())
                skipSpaces()
                guard i < c.count else { throw JsonPathParser.err("Path ended with open indexer.") }
                if c[i] == "," { i += 1; continue }
                break
            }
            seg = names.count == 1 ? .property(names[0]) : .properties(names)
        } else if c[i] == "*" {
            i += 1
            skipSpaces()
            seg = .wildcard
        } else if c[i] == "?" {
            i += 1
            guard i < c.count, c[i] == "(" else { throw JsonPathParser.err("Unexpected character while parsing path indexer: \(i < c.count ? String(c[i]) : "")") }
            i += 1
            seg = try readFilter()
        } else {
            let first = try readInt()
            if i < c.count && c[i] == ":" {
                i += 1
                let end = try readInt()
                var step: Int?
                if i < c.count && c[i] == ":" { i += 1; step = try readInt() }
                if step == 0 { throw JsonPathParser.err("Step cannot be zero.") }
                seg = .slice(first, end, step)
            } else {
                guard let f = first else {
                    throw JsonPathParser.err("Unexpected character while parsing path indexer: \(i < c.count ? String(c[i]) : "")")
                }
                var idx = [f]
                while i < c.count && c[i] == "," {
                    i += 1
                    guard let n = try readInt() else { throw JsonPathParser.err("Array index expected.") }
                    idx.append(n)
                }
                seg = .indexes(idx)
            }
        }
        skipSpaces()
        guard i < c.count else { throw JsonPathParser.err("Path ended with open indexer.") }
        guard c[i] == close else { throw JsonPathParser.err("Unexpected character while parsing path indexer: \(c[i])") }
        i += 1
        return seg
    }

    mutating func readFilter() throws -> JsonPathSegment {
        skipSpaces()
        guard i < c.count, c[i] == "@" else { throw JsonPathParser.err("Unexpected character while parsing path query: \(i < c.count ? String(c[i]) : "")") }
        i += 1
        var text = ""
        while i < c.count, !" =!<>)".contains(c[i]) { text.append(c[i]); i += 1 }
        var sub = JsonPathParser(text)
        let path = try sub.parse()
        skipSpaces()
        var op: String?
        var value: JValue?
        if i < c.count && "=!<>".contains(c[i]) {
            var o = String(c[i]); i += 1
            if i < c.count && c[i] == "=" { o.append("="); i += 1 }
            guard ["==", "!=", "<", "<=", ">", ">="].contains(o) else { throw JsonPathParser.err("Unexpected character while parsing path query: \(o)") }
            op = o
            skipSpaces()
            guard i < c.count else { throw JsonPathParser.err("Path ended with open query.") }
            if c[i] == "'" || c[i] == "\"" { value = JValue(.string(try readQuoted())) } else {
                var lit = ""
                while i < c.count, c[i] != ")", c[i] != " " { lit.append(c[i]); i += 1 }
                switch lit {
                case "true": value = JValue(.boolean(true))
                case "false": value = JValue(.boolean(false))
                case "null": value = JValue(.null)
                default:
                    if let n = Int64(lit) { value = JValue(.integer(n)) }
                    else if let d = DotNetNumberParsing.parseDoubleText(lit, allowLeadingPlus: true) { value = JValue(.float(d)) }
                    else { throw JsonPathParser.err("Could not read query value.") }
                }
            }
            skipSpaces()
        }
        guard i < c.count, c[i] == ")" else { throw JsonPathParser.err("Path ended with open query.") }
        i += 1
        return .filter(path: path, op: op, value: value)
    }
}

enum JsonPathEvaluator {
    static func evaluate(_ segs: [JsonPathSegment], root: JToken) -> [JToken] {
        var current: [JToken] = [root]
        for s in segs {
            var next: [JToken] = []
            for t in current { apply(s, t, &next) }
            current = next
        }
        return current
    }

    static func apply(_ s: JsonPathSegment, _ t: JToken, _ out: inout [JToken]) {
        switch s {
        case .property(let n):
            if let o = t as? JObject, let v = o[n] { out.append(v) }
        case .properties(let ns):
            if let o = t as? JObject { for n in ns { if let v = o[n] { out.append(v) } } }
        case .indexes(let idx):
            if let a = t as? JArray {
                for i in idx where i >= 0 && i < a.count { out.append(a.values[i]) }
            }
        case .wildcard:
            if let o = t as? JObject { out += o.properties().map(\.value) }
            else if let a = t as? JArray { out += a.values }
        case .scan(let name):
            func walk(_ x: JToken) {
                for ch in x.children() {
                    if let p = ch as? JProperty {
                        if name == nil || p.name == name { out.append(p.value) }
                        walk(p.value)
                    } else {
                        if name == nil { out.append(ch) }
                        walk(ch)
                    }
                }
            }
            walk(t)
        case .slice(let start, let end, let step):
            guard let a = t as? JArray else { return }
            let n = a.count
            let st = step ?? 1
            var s0 = start ?? (st > 0 ? 0 : n - 1)
            var e0 = end ?? (st > 0 ? n : -1)
            if s0 < 0 { s0 = max(0, n + s0) }
            if let e = end, e < 0 { e0 = max(-1, n + e) }
            s0 = min(s0, st > 0 ? n : n - 1)
            e0 = min(e0, n)
            var i = s0
            if st > 0 {
                while i < e0 {
                    if i >= 0 && i < n { out.append(a.values[i]) }
                    let (nx, o) = i.addingReportingOverflow(st); if o { break }; i = nx
                }
            } else {
                while i > e0 {
                    if i >= 0 && i < n { out.append(a.values[i]) }
                    let (nx, o) = i.addingReportingOverflow(st); if o { break }; i = nx
                }
            }
        case .filter(let path, let op, let value):
            let candidates: [JToken]
            if let o = t as? JObject { candidates = o.properties().map(\.value) }
            else if let a = t as? JArray { candidates = a.values } else { candidates = [] }
            for cand in candidates {
                let found = evaluate(path, root: cand)
                if let op, let value {
                    if found.contains(where: { compare($0, op, value) }) { out.append(cand) }
                } else if !found.isEmpty { out.append(cand) }
            }
        }
    }

    static func compare(_ t: JToken, _ op: String, _ v: JValue) -> Bool {
        guard let x = t as? JValue else { return op == "!=" }
        let c: Int?
        switch (x.content, v.content) {
        case let (.string(a), .string(b)): c = a == b ? 0 : (a < b ? -1 : 1)
        case (.null, .null): c = 0
        case let (.boolean(a), .boolean(b)): c = a == b ? 0 : (!a ? -1 : 1)
        default:
            if let a = try? DotNetValueConvert.toDouble(x.content), let b = try? DotNetValueConvert.toDouble(v.content),
               x.type == .integer || x.type == .float, v.type == .integer || v.type == .float {
                c = a == b ? 0 : (a < b ? -1 : 1)
            } else { c = nil }
        }
        guard let c else { return op == "!=" }
        switch op {
        case "==": return c == 0
        case "!=": return c != 0
        case "<": return c < 0
        case "<=": return c <= 0
        case ">": return c > 0
        default: return c >= 0
        }
    }
}

extension JToken {
    /// `SelectTokens(path)`.
    public func selectTokens(_ path: String) throws -> [JToken] {
        var p = JsonPathParser(path)
        let segs = try p.parse()
        return JsonPathEvaluator.evaluate(segs, root: self)
    }

    /// `SelectToken(path)`: nil when nothing matches; throws `JsonException` "Path returned multiple tokens."
    public func selectToken(_ path: String) throws -> JToken? {
        let r = try selectTokens(path)
        if r.count > 1 { throw DotNetException("JsonException", "Path returned multiple tokens.") }
        return r.first
    }
}
