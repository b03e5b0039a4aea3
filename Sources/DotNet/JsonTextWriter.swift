/// Newtonsoft `JsonTextWriter` output rules (default settings).
struct JsonTextWriter {
    let formatting: JsonFormatting
    let newLine: String
    var output = ""

    init(formatting: JsonFormatting, newLine: String) {
        self.formatting = formatting
        self.newLine = newLine
    }

    mutating func write(_ token: JToken) { write(token, depth: 0) }

    private mutating func indent(_ depth: Int) {
        output += newLine
        output += String(repeating: " ", count: depth * 2)
    }

    private mutating func write(_ token: JToken, depth: Int) {
        switch token {
        case let o as JObject:
            output += "{"
            let props = o.properties()
            for (i, p) in props.enumerated() {
                if i > 0 { output += "," }
                if formatting == .indented { indent(depth + 1) }
                writeProperty(p, depth: depth + 1)
            }
            if formatting == .indented && !props.isEmpty { indent(depth) }
            output += "}"
        case let a as JArray:
            output += "["
            let items = a.values
            for (i, v) in items.enumerated() {
                if i > 0 { output += "," }
                if formatting == .indented { indent(depth + 1) }
                write(v, depth: depth + 1)
            }
            if formatting == .indented && !items.isEmpty { indent(depth) }
            output += "]"
        case let p as JProperty:
            writeProperty(p, depth: depth)
        case let v as JValue:
            output += JsonTextWriter.valueText(v.content)
        default:
            break
        }
    }

    private mutating func writeProperty(_ p: JProperty, depth: Int) {
        output += JsonTextWriter.quote(p.name)
        output += formatting == .indented ? ": " : ":"
        write(p.value, depth: depth)
    }

    /// JSON text of a primitive as JsonTextWriter writes it.
    static func valueText(_ c: JValue.Content) -> String {
        switch c {
        case .null: return "null"
        case .undefined: return "undefined"
        case .string(let s): return quote(s)
        case .integer(let i): return String(i)
        case .bigInteger(let s): return s
        case .float(let d):
            // JsonConvert.ToString(double): "R" then EnsureDecimalPlace; NaN/Infinity quoted (FloatFormatHandling.String).
            if d.isNaN || d.isInfinite { return "\"" + DotNetFormatter.formatDouble(d) + "\"" }
            let t = DotNetFormatter.formatDouble(d)
            if t.contains(".") || t.contains("E") || t.contains("e") { return t }
            return t + ".0"
        case .decimal(let d):
            let t = d.description
            return t.contains(".") ? t : t + ".0"
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return "\"" + isoDate(d) + "\""
        case .dateOffset(let d): return "\"" + isoDateOffset(d) + "\""
        case .guid(let g): return "\"" + g.description + "\""
        case .uri(let s): return quote(s)
        case .timeSpan(let t): return "\"" + t.description + "\""
        case .bytes(let b): return "\"" + DotNetConvert.toBase64String(b) + "\""
        case .comment(let s): return "/*" + s + "*/"
        case .raw(let s): return s
        }
    }

    /// Newtonsoft's default ISO date: `yyyy-MM-ddTHH:mm:ss[.fraction without trailing zeros]` then `Z`
    /// (Utc), the local offset `+00:00` (Local) or nothing (Unspecified).
    static func isoDate(_ d: DotNetDateTime) -> String {
        var s = isoClock(d)
        switch d.kind {
        case .utc: s += "Z"
        case .local: s += "+00:00"
        case .unspecified: break
        }
        return s
    }

    static func isoDateOffset(_ d: DotNetDateTimeOffset) -> String {
        var s = isoClock(d.dateTime)
        let o = d.offset.ticks
        let mag = o.magnitude
        s += o >= 0 ? "+" : "-"
        s += dotNetPad(mag / UInt64(DotNetTimeSpan.ticksPerHour), 2) + ":" + dotNetPad((mag / UInt64(DotNetTimeSpan.ticksPerMinute)) % 60, 2)
        return s
    }

    static func isoClock(_ d: DotNetDateTime) -> String {
        let p = d.dateParts
        var s = dotNetPad(p.year, 4) + "-" + dotNetPad(p.month, 2) + "-" + dotNetPad(p.day, 2) + "T"
        s += dotNetPad(d.hour, 2) + ":" + dotNetPad(d.minute, 2) + ":" + dotNetPad(d.second, 2)
        var frac = d.ticks % DotNetTimeSpan.ticksPerSecond
        if frac != 0 {
            var digits = 7
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            s += "." + dotNetPad(frac, digits)
        }
        return s
    }

    /// Newtonsoft string escaping (StringEscapeHandling.Default, double quotes).
    static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{85}": out += "\\u0085"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 {
                    out += "\\u" + hex4(u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}

/// Path segment text, as Newtonsoft's `JsonPosition` builds `Path`.
enum JsonPathText {
    static let special: Set<Character> = [".", " ", "'", "/", "\"", "[", "]", "(", ")", "\t", "\n", "\r", "\u{0C}", "\u{08}", "\\", "\u{85}", "\u{2028}", "\u{2029}"]

    static func propertySegment(_ name: String, first: Bool) -> String {
        if name.contains(where: { special.contains($0) }) {
            var esc = ""
            for c in name {
                switch c {
                case "'": esc += "\\'"
                case "\\": esc += "\\\\"
                case "\"": esc += "\\\""
                case "\n": esc += "\\n"
                case "\r": esc += "\\r"
                case "\t": esc += "\\t"
                default: esc.append(c)
                }
            }
            return "['" + esc + "']"
        }
        return first ? name : "." + name
    }
}
