/// A number prepared for .NET formatting: sign, significant digits and decimal-point position
/// (value = ±0.d1d2… × 10^scale).
struct DotNetNumber {
    enum Kind { case integer, double, decimal }
    var negative: Bool
    var digits: [UInt8]
    var scale: Int
    var kind: Kind
    /// For "X" formatting of integers: the two's complement bit pattern and width.
    var bits: UInt64 = 0
    var width = 64
    /// Original double (for "R"/"G" shortest formatting).
    var double: Double = 0
    var decimalValue: DotNetDecimal?

    static func from(_ v: Int64, width: Int) -> DotNetNumber {
        let d = DotNetFormatter.digitsFrom(String(v.magnitude))
        var n = DotNetNumber(negative: v < 0, digits: d.digits, scale: d.scale, kind: .integer)
        n.bits = UInt64(bitPattern: v)
        n.width = width
        return n
    }
    static func from(unsigned v: UInt64) -> DotNetNumber {
        let d = DotNetFormatter.digitsFrom(String(v))
        var n = DotNetNumber(negative: false, digits: d.digits, scale: d.scale, kind: .integer)
        n.bits = v
        return n
    }
}

/// Argument for ``DotNetFormatter/format(_:_:)`` (`string.Format` composite formatting).
public enum DotNetFormatArgument {
    case null
    case string(String)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case decimal(DotNetDecimal)
    case boolean(Bool)
    case char(Character)
    case dateTime(DotNetDateTime)
    case dateTimeOffset(DotNetDateTimeOffset)
    case timeSpan(DotNetTimeSpan)
    case guid(DotNetGuid)
    /// Any other object: the closure implements `IFormattable.ToString(format)` / `ToString()` (format nil).
    case custom((String?) throws -> String)
}

extension DotNetFormatter {
    static let invalidSpecifier = DotNetException.format("Format specifier was invalid.")
    /// Largest precision policycheck formats. .NET formats up to 999,999,999 digits (a string of
    /// up to 2 GB); past 100,000 the simulator stops with its size limit instead
    /// (`LimitExceededException`, not catchable, as any other policycheck limit).
    static let maxPrecision = 100_000
    /// .NET's own bound (`Number.MaxPrecision`): a larger precision is "Format specifier was invalid.".
    static let dotNetMaxPrecision = 999_999_999

    // MARK: Public entry points

    /// `int.ToString(format)` (InvariantCulture).
    public static func format(_ v: Int32, _ format: String?) throws -> String {
        try formatNumber(.from(Int64(v), width: 32), format)
    }
    /// `long.ToString(format)` (InvariantCulture).
    public static func format(_ v: Int64, _ format: String?) throws -> String {
        try formatNumber(.from(v, width: 64), format)
    }
    /// `ulong.ToString(format)` (InvariantCulture).
    public static func format(unsigned v: UInt64, _ format: String?) throws -> String {
        try formatNumber(.from(unsigned: v), format)
    }
    /// `double.ToString(format)` (InvariantCulture, .NET Core 3.0+ exact rounding).
    public static func format(_ v: Double, _ format: String?) throws -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        var n = DotNetNumber(negative: v.sign == .minus, digits: [], scale: 0, kind: .double)
        n.double = v
        if v != 0 {
            let d = exactDigits(v)
            n.digits = d.digits; n.scale = d.scale
        }
        return try formatNumber(n, format)
    }
    /// `decimal.ToString(format)` (InvariantCulture).
    public static func format(_ v: DotNetDecimal, _ format: String?) throws -> String {
        let d = v.digitsAndScale
        var n = DotNetNumber(negative: v.isNegative && !v.isZero, digits: d.digits, scale: d.scale, kind: .decimal)
        n.decimalValue = v
        return try formatNumber(n, format)
    }

    // MARK: Dispatcher

    static func parseStandard(_ f: String) -> (Character, Int?)? {
        guard let c = f.first, c.isASCII, c.isLetter else { return nil }
        let rest = f.dropFirst()
        if rest.isEmpty { return (c, nil) }
        guard rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Any run of digits is a precision (.NET rejects it past 999,999,999, see formatNumber).
        var p = 0
        for digit in rest.utf8 {
            p = p * 10 + Int(digit - UInt8(ascii: "0"))
            if p > dotNetMaxPrecision { return (c, dotNetMaxPrecision + 1) }
        }
        return (c, p)
    }

    static func formatNumber(_ n: DotNetNumber, _ format: String?) throws -> String {
        let f = format ?? ""
        if f.isEmpty {
            return try formatNumber(n, n.kind == .decimal ? "G" : (n.kind == .double ? "R" : "D"))
        }
        guard let (spec, precision) = parseStandard(f) else { return try customFormat(n, f) }
        if let p = precision, p > dotNetMaxPrecision { throw invalidSpecifier }
        if let p = precision, p > maxPrecision {
            throw DotNetException("LimitExceededException", "expression formatted a number with precision \(p); the limit is \(maxPrecision) digits")
        }
        let upper = Character(spec.uppercased())
        switch upper {
        case "D":
            guard n.kind == .integer else { throw invalidSpecifier }
            var s = n.digits.isEmpty ? "0" : fixedString(n.digits, scale: n.scale, decimals: 0)
            if let p = precision, s.count < p { s = String(repeating: "0", count: p - s.count) + s }
            return (n.negative ? "-" : "") + s
        case "X":
            guard n.kind == .integer else { throw invalidSpecifier }
            let masked = n.width == 32 ? n.bits & 0xFFFF_FFFF : n.bits
            var s = String(masked, radix: 16, uppercase: spec == "X")
            if let p = precision, s.count < p { s = String(repeating: "0", count: p - s.count) + s }
            return s
        case "F", "N":
            let p = precision ?? 2
            let r = roundDigits((n.digits, n.scale), count: n.scale + p)
            var body = fixedString(r.digits, scale: r.digits.isEmpty ? 0 : r.scale, decimals: p)
            if upper == "N" { body = group(body) }
            return (signFor(n, r.digits) ? "-" : "") + body
        case "E":
            let p = precision ?? 6
            let r = roundDigits((n.digits, n.scale), count: p + 1)
            return (signFor(n, r.digits) ? "-" : "") + scientific(r, decimals: p, expChar: spec == "e" ? "e" : "E", minExp: 3, trim: false)
        case "G":
            return try general(n, precision: precision, expChar: spec == "g" ? "e" : "E")
        case "R":
            if n.kind == .double { return formatDouble(n.double) }
            if n.kind == .integer { return try formatNumber(n, "D") }
            throw invalidSpecifier
        case "P":
            let p = precision ?? 2
            let scaled = n.digits.isEmpty ? 0 : n.scale + 2
            let r = roundDigits((n.digits, scaled), count: scaled + p)
            let body = group(fixedString(r.digits, scale: r.digits.isEmpty ? 0 : r.scale, decimals: p))
            return (signFor(n, r.digits) ? "-" : "") + body + " %"
        case "C":
            let p = precision ?? 2
            let r = roundDigits((n.digits, n.scale), count: n.scale + p)
            let body = "¤" + group(fixedString(r.digits, scale: r.digits.isEmpty ? 0 : r.scale, decimals: p))
            return signFor(n, r.digits) ? "(" + body + ")" : body
        default:
            throw invalidSpecifier
        }
    }

    /// Whether a minus sign is printed: doubles keep "-0.00" (.NET Core 3.0+), others drop the sign of zero.
    static func signFor(_ n: DotNetNumber, _ rounded: [UInt8]) -> Bool {
        guard n.negative else { return false }
        if n.kind == .double { return true }
        return !rounded.isEmpty
    }

    static func general(_ n: DotNetNumber, precision: Int?, expChar: Character) throws -> String {
        switch n.kind {
        case .integer:
            if precision == nil || precision == 0 || n.digits.count <= (precision ?? 0) && n.scale <= (precision ?? 0) {
                return try formatNumber(n, "D")
            }
        case .double:
            if precision == nil || precision == 0 {
                let s = formatDouble(n.double)
                return expChar == "e" ? s.dotNetReplacingAll("E", with: "e") : s
            }
        case .decimal:
            if precision == nil || precision == 0, let d = n.decimalValue {
                return d.description
            }
        }
        let p = precision ?? 0
        let r = roundDigits((n.digits, n.scale), count: p)
        let body = generalDigits(r, maxDigits: p, expChar: expChar, minExpDigits: 2)
        return (signFor(n, r.digits) ? "-" : "") + body
    }

    static func scientific(_ r: (digits: [UInt8], scale: Int), decimals: Int, expChar: Character, minExp: Int, trim: Bool) -> String {
        let digits = r.digits.isEmpty ? [UInt8(0)] : r.digits
        var s = String(digits[0])
        var frac = ""
        for k in 0..<decimals { frac.append(k + 1 < digits.count ? Character(String(digits[k + 1])) : "0") }
        if !frac.isEmpty { s += "." + frac }
        let e = r.digits.isEmpty ? 0 : r.scale - 1
        s.append(expChar)
        s += e < 0 ? "-" : "+"
        s += dotNetPad(abs(e), minExp)
        return s
    }

    /// Inserts invariant thousands separators (groups of 3) into a plain "1234567.89" string.
    static func group(_ s: String) -> String {
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = Array(parts[0])
        var out = ""
        for (i, c) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return out
    }

    // MARK: Custom numeric formats

    static func splitSections(_ f: String) -> [[Character]] {
        var sections: [[Character]] = [[]]
        var quote: Character?
        var escape = false
        for c in f {
            if escape { sections[sections.count - 1].append(c); escape = false; continue }
            if let q = quote {
                if c == q { quote = nil }
                sections[sections.count - 1].append(c)
                continue
            }
            if c == "\\" { escape = true; sections[sections.count - 1].append(c); continue }
            if c == "'" || c == "\"" { quote = c; sections[sections.count - 1].append(c); continue }
            if c == ";" && sections.count < 3 { sections.append([]); continue }
            sections[sections.count - 1].append(c)
        }
        return sections
    }

    static func customFormat(_ n0: DotNetNumber, _ format: String) throws -> String {
        var n = n0
        // Custom formats see doubles rounded to 15 significant digits (DoublePrecisionCustomFormat).
        if n.kind == .double { let r = roundDigits((n.digits, n.scale), count: 15); n.digits = r.digits; n.scale = r.scale }
        let sections = splitSections(format)
        // FindSection: an absent or empty section falls back to the first one.
        func findSection(_ k: Int) -> Int { k > 0 && k < sections.count && !sections[k].isEmpty ? k : 0 }
        var sectionIndex = findSection(n.digits.isEmpty ? 2 : (n.negative ? 1 : 0))
        var isNegative = n.negative
        var f: [Character] = []
        var digitCount = 0, decimalPos = -1, firstDigit = Int.max, lastDigit = 0
        var scientific = false, thousandSeps = false
        while true {
            f = sections[sectionIndex]
            // Pass 1: analyse the section.
            digitCount = 0; decimalPos = -1; firstDigit = Int.max; lastDigit = 0
            scientific = false; thousandSeps = false
            var thousandPos = -1, thousandCount = 0, scaleAdjust = 0
            var i = 0
            while i < f.count {
                let ch = f[i]
                switch ch {
                case "#": digitCount += 1
                case "0":
                    if firstDigit == Int.max { firstDigit = digitCount }
                    digitCount += 1
                    lastDigit = digitCount
                case ".": if decimalPos < 0 { decimalPos = digitCount }
                case ",":
                    if digitCount > 0 && decimalPos < 0 {
                        if thousandPos >= 0 {
                            if thousandPos == digitCount { thousandCount += 1; break }
                            thousandSeps = true
                        }
                        thousandPos = digitCount
                        thousandCount = 1
                    }
                case "%": scaleAdjust += 2
                case "\u{2030}": scaleAdjust += 3
                case "'", "\"":
                    i += 1
                    while i < f.count && f[i] != ch { i += 1 }
                case "\\": i += 1
                case "E", "e":
                    var j = i + 1
                    if j < f.count && (f[j] == "+" || f[j] == "-") { j += 1 }
                    if j < f.count && f[j] == "0" {
                        scientific = true
                        while j < f.count && f[j] == "0" { j += 1 }
                        i = j - 1
                    }
                default: break
                }
                i += 1
            }
            if decimalPos < 0 { decimalPos = digitCount }
            if thousandPos >= 0 {
                if thousandPos == decimalPos { scaleAdjust -= thousandCount * 3 } else { thousandSeps = true }
            }
            if !n.digits.isEmpty {
                n.scale += scaleAdjust
                let keep = scientific ? digitCount : n.scale + digitCount - decimalPos
                let r = roundDigits((n.digits, n.scale), count: keep)
                n.digits = r.digits
                n.scale = n.digits.isEmpty ? 0 : r.scale
                if n.digits.isEmpty {
                    // Rounded to zero: integers and decimals lose the sign; the zero section applies.
                    if n.kind != .double { isNegative = false }
                    let z = findSection(2)
                    if z != sectionIndex { sectionIndex = z; continue }
                }
            } else {
                if n.kind != .double { isNegative = false }
                n.scale = 0
            }
            break
        }

        // Pass 2: output.
        let firstD = firstDigit < decimalPos ? decimalPos - firstDigit : 0
        let lastD = lastDigit > decimalPos ? decimalPos - lastDigit : 0
        var digPos: Int
        var adjust: Int
        if scientific { digPos = decimalPos; adjust = 0 } else {
            digPos = max(n.scale, decimalPos)
            adjust = n.scale - decimalPos
        }
        var src = 0
        var out = ""
        var decimalWritten = false
        func digitAt(_ k: Int) -> Character { k < n.digits.count ? Character(String(n.digits[k])) : "0" }
        var i = 0
        while i < f.count {
            let ch = f[i]
            if adjust > 0 && (ch == "#" || ch == "0" || ch == ".") {
                while adjust > 0 {
                    out.append(digitAt(src)); src += 1
                    if thousandSeps && digPos > 1 && (digPos - 1) % 3 == 0 { out += "," }
                    digPos -= 1
                    adjust -= 1
                }
            }
            switch ch {
            case "#", "0":
                var c: Character?
                if adjust < 0 {
                    adjust += 1
                    c = digPos <= firstD ? "0" : nil
                } else {
                    if src < n.digits.count { c = digitAt(src); src += 1 } else { c = digPos > lastD ? "0" : nil }
                }
                if let c {
                    out.append(c)
                    if thousandSeps && digPos > 1 && (digPos - 1) % 3 == 0 { out += "," }
                }
                digPos -= 1
            case ".":
                if digPos != 0 || decimalWritten { break }
                if lastD < 0 || (decimalPos < digitCount && src < n.digits.count) {
                    out += "."
                    decimalWritten = true
                }
            case "\u{2030}", "%":
                out.append(ch)
            case ",":
                break
            case "'", "\"":
                i += 1
                while i < f.count && f[i] != ch { out.append(f[i]); i += 1 }
            case "\\":
                if i + 1 < f.count { out.append(f[i + 1]); i += 1 }
            case "E", "e":
                var j = i + 1
                var positiveSign = false
                if j < f.count && (f[j] == "+" || f[j] == "-") { positiveSign = f[j] == "+"; j += 1 }
                if scientific && j < f.count && f[j] == "0" {
                    var zeros = 0
                    while j < f.count && f[j] == "0" { zeros += 1; j += 1 }
                    let e = n.digits.isEmpty ? 0 : n.scale - decimalPos
                    out.append(ch)
                    if e < 0 { out += "-" } else if positiveSign { out += "+" }
                    out += dotNetPad(abs(e), zeros)
                    i = j - 1
                } else {
                    out.append(ch)
                }
            default:
                out.append(ch)
            }
            i += 1
        }
        if isNegative && sectionIndex == 0 && (n.scale != 0 || !out.isEmpty) { out = "-" + out }
        return out
    }

    // MARK: Composite formatting

    /// `string.Format(format, args)` with InvariantCulture: `{index[,alignment][:format]}`, `{{`/`}}` escapes.
    /// Throws `FormatException` "Input string was not in a correct format." for malformed items and
    /// "Index (zero based) must be greater than or equal to zero and less than the size of the argument list."
    public static func format(_ format: String, _ args: [DotNetFormatArgument]) throws -> String {
        let c = Array(format)
        var out = ""
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch == "}" {
                if i + 1 < c.count && c[i + 1] == "}" { out += "}"; i += 2; continue }
                throw DotNetException.inputStringFormat
            }
            if ch != "{" { out.append(ch); i += 1; continue }
            if i + 1 < c.count && c[i + 1] == "{" { out += "{"; i += 2; continue }
            i += 1
            // index
            var index = 0
            var digits = 0
            while i < c.count, let a = c[i].asciiValue, a >= 48, a <= 57 {
                index = index * 10 + Int(a - 48); digits += 1; i += 1
                if index >= 1_000_000 { throw DotNetException.inputStringFormat }
            }
            if digits == 0 { throw DotNetException.inputStringFormat }
            while i < c.count && c[i] == " " { i += 1 }
            var width = 0
            var leftAlign = false
            if i < c.count && c[i] == "," {
                i += 1
                while i < c.count && c[i] == " " { i += 1 }
                if i < c.count && c[i] == "-" { leftAlign = true; i += 1 }
                var wd = 0
                while i < c.count, let a = c[i].asciiValue, a >= 48, a <= 57 {
                    width = width * 10 + Int(a - 48); wd += 1; i += 1
                    if width >= 1_000_000 { throw DotNetException.inputStringFormat }
                }
                if wd == 0 { throw DotNetException.inputStringFormat }
                while i < c.count && c[i] == " " { i += 1 }
            }
            var itemFormat: String?
            if i < c.count && c[i] == ":" {
                i += 1
                var fs = ""
                while true {
                    guard i < c.count else { throw DotNetException.inputStringFormat }
                    if c[i] == "}" { break }
                    if c[i] == "{" { throw DotNetException.inputStringFormat }
                    fs.append(c[i]); i += 1
                }
                itemFormat = fs
            }
            guard i < c.count, c[i] == "}" else { throw DotNetException.inputStringFormat }
            i += 1
            guard index < args.count else {
                throw DotNetException.format("Index (zero based) must be greater than or equal to zero and less than the size of the argument list.")
            }
            let text = try formatArgument(args[index], itemFormat)
            if text.count < width {
                let padding = String(repeating: " ", count: width - text.count)
                out += leftAlign ? text + padding : padding + text
            } else {
                out += text
            }
        }
        return out
    }

    /// Formats one argument as `IFormattable.ToString(format, InvariantCulture)` / `ToString()`.
    public static func formatArgument(_ a: DotNetFormatArgument, _ f: String?) throws -> String {
        switch a {
        case .null: return ""
        case .string(let s): return s
        case .char(let c): return String(c)
        case .boolean(let b): return b ? "True" : "False"
        case .int32(let v): return try format(v, f)
        case .int64(let v): return try format(v, f)
        case .double(let v): return try format(v, f)
        case .decimal(let v): return try format(v, f)
        case .dateTime(let d): return try d.toString(f)
        case .dateTimeOffset(let d): return try d.toString(f)
        case .timeSpan(let t): return try t.toString(f)
        case .guid(let g): return try g.toString(f)
        case .custom(let fn): return try fn(f)
        }
    }
}
