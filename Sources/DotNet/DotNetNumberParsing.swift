/// `NumberStyles` subset used by .NET's `Parse` overloads.
public struct DotNetNumberStyles: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let allowLeadingWhite = DotNetNumberStyles(rawValue: 1)
    public static let allowTrailingWhite = DotNetNumberStyles(rawValue: 2)
    public static let allowLeadingSign = DotNetNumberStyles(rawValue: 4)
    public static let allowTrailingSign = DotNetNumberStyles(rawValue: 8)
    public static let allowParentheses = DotNetNumberStyles(rawValue: 16)
    public static let allowDecimalPoint = DotNetNumberStyles(rawValue: 32)
    public static let allowThousands = DotNetNumberStyles(rawValue: 64)
    public static let allowExponent = DotNetNumberStyles(rawValue: 128)
    public static let allowHexSpecifier = DotNetNumberStyles(rawValue: 512)
    /// `NumberStyles.Integer` (int/long.Parse default).
    public static let integer: DotNetNumberStyles = [.allowLeadingWhite, .allowTrailingWhite, .allowLeadingSign]
    /// `NumberStyles.Number` (decimal.Parse default).
    public static let number: DotNetNumberStyles = [.integer, .allowTrailingSign, .allowDecimalPoint, .allowThousands]
    /// `NumberStyles.Float | AllowThousands` (double.Parse default).
    public static let floatAndThousands: DotNetNumberStyles = [.integer, .allowDecimalPoint, .allowExponent, .allowThousands]
    /// `NumberStyles.HexNumber`.
    public static let hexNumber: DotNetNumberStyles = [.allowLeadingWhite, .allowTrailingWhite, .allowHexSpecifier]
}

/// .NET `Parse`/`TryParse` for the numeric primitives and `bool` (InvariantCulture).
public enum DotNetNumberParsing {
    struct Parsed {
        var negative = false
        var digits: [UInt8] = []       // significant digits, leading zeros removed
        var scale = 0                  // decimal point position relative to digits
        var intDigitsCount = 0
        var rawDigits: [UInt8] = []    // every digit typed
        var rawExponent = 0
    }

    static func isWhite(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
    }

    /// Parses the number grammar; returns nil on a format error.
    static func scan(_ s: String, styles: DotNetNumberStyles) -> Parsed? {
        let c = Array(s)
        var i = 0
        var p = Parsed()
        if styles.contains(.allowLeadingWhite) { while i < c.count && isWhite(c[i]) { i += 1 } }
        var signSeen = false
        var paren = false
        if i < c.count {
            if styles.contains(.allowParentheses) && c[i] == "(" { paren = true; p.negative = true; i += 1 }
            else if styles.contains(.allowLeadingSign) && (c[i] == "-" || c[i] == "+") {
                p.negative = c[i] == "-"; signSeen = true; i += 1
            }
        }
        var digits: [UInt8] = []
        var pointPos: Int?
        var any = false
        while i < c.count {
            let ch = c[i]
            if let a = ch.asciiValue, a >= 48, a <= 57 {
                digits.append(a - 48); any = true; i += 1
            } else if ch == "." && styles.contains(.allowDecimalPoint) && pointPos == nil {
                pointPos = digits.count; i += 1
            } else if ch == "," && styles.contains(.allowThousands) && pointPos == nil && any {
                i += 1
            } else { break }
        }
        guard any else { return nil }
        var exp = 0
        if styles.contains(.allowExponent) && i < c.count && (c[i] == "e" || c[i] == "E") {
            var j = i + 1
            var eneg = false
            if j < c.count && (c[j] == "+" || c[j] == "-") { eneg = c[j] == "-"; j += 1 }
            var ev = 0, ed = false
            while j < c.count, let a = c[j].asciiValue, a >= 48, a <= 57 {
                ev = min(ev * 10 + Int(a - 48), 100_000); ed = true; j += 1
            }
            if ed { exp = eneg ? -ev : ev; i = j } else { return nil }
        }
        if !signSeen && !paren && styles.contains(.allowTrailingSign) && i < c.count && (c[i] == "-" || c[i] == "+") {
            p.negative = c[i] == "-"; i += 1
        }
        if paren { guard i < c.count, c[i] == ")" else { return nil }; i += 1 }
        if styles.contains(.allowTrailingWhite) { while i < c.count && isWhite(c[i]) { i += 1 } }
        // .NET also tolerates trailing NUL characters.
        while i < c.count && c[i] == "\u{0}" { i += 1 }
        guard i == c.count else { return nil }
        let intCount = pointPos ?? digits.count
        p.rawDigits = digits
        p.rawExponent = exp
        var scale = intCount + exp
        var lead = 0
        while lead < digits.count && digits[lead] == 0 { lead += 1; scale -= 1 }
        digits.removeFirst(lead)
        while let l = digits.last, l == 0 { digits.removeLast() }
        if digits.isEmpty { scale = 0 }
        p.digits = digits
        p.scale = scale
        p.intDigitsCount = intCount
        return p
    }

    static func integerResult(_ p: Parsed, min: Int64, max: Int64) -> Int64? {
        // Non-zero fraction digits overflow (.NET Core 3.0+ when a decimal point is allowed).
        if p.digits.count > p.scale && !p.digits.isEmpty { return nil }
        if p.scale > 20 { return nil }
        var v: UInt64 = 0
        for k in 0..<Swift.max(p.scale, 0) {
            let d = k < p.digits.count ? UInt64(p.digits[k]) : 0
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = a
        }
        if p.negative {
            guard v <= UInt64(min.magnitude) else { return nil }
            return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
        }
        guard v <= UInt64(max) else { return nil }
        return Int64(v)
    }

    static func parseInteger(_ s: String?, styles: DotNetNumberStyles, min: Int64, max: Int64, typeName: String) throws -> Int64 {
        guard let s else { throw DotNetException.argumentNull("s") }
        if styles.contains(.allowHexSpecifier) {
            let t = s.trimmingDotNetWhitespace()
            guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { throw DotNetException.inputStringFormat }
            let digits = t.drop(while: { $0 == "0" })
            let bits = max == Int64(Int32.max) ? 32 : 64
            guard digits.count <= bits / 4, let v = digits.isEmpty ? 0 : UInt64(digits, radix: 16) else {
                throw DotNetException.overflow("Value was either too large or too small for \(typeName).")
            }
            // Hex is two's complement for signed types.
            if bits == 32 { return Int64(Int32(truncatingIfNeeded: UInt32(truncatingIfNeeded: v))) }
            return Int64(bitPattern: v)
        }
        guard let p = scan(s, styles: styles) else { throw DotNetException.inputStringFormat }
        if let v = integerResult(p, min: min, max: max) { return v }
        throw DotNetException.overflow("Value was either too large or too small for \(typeName).")
    }

    /// `int.Parse(s)` (NumberStyles.Integer): whitespace around, one leading sign. Throws `FormatException`
    /// "Input string was not in a correct format." or `OverflowException` "Value was either too large or too small for an Int32.".
    public static func parseInt32(_ s: String?, styles: DotNetNumberStyles = .integer) throws -> Int32 {
        Int32(truncatingIfNeeded: try parseInteger(s, styles: styles, min: Int64(Int32.min), max: Int64(Int32.max), typeName: "an Int32"))
    }

    /// `long.Parse(s)`.
    public static func parseInt64(_ s: String?, styles: DotNetNumberStyles = .integer) throws -> Int64 {
        try parseInteger(s, styles: styles, min: Int64.min, max: Int64.max, typeName: "an Int64")
    }

    /// `int.TryParse(s, out v)`.
    public static func tryParseInt32(_ s: String?) -> Int32? { try? parseInt32(s) }
    /// `long.TryParse(s, out v)`.
    public static func tryParseInt64(_ s: String?) -> Int64? { try? parseInt64(s) }

    /// `double.Parse(s)` (Float | AllowThousands, InvariantCulture): also accepts "NaN", "Infinity",
    /// "-Infinity", "∞" symbols; out-of-range values become ±Infinity (.NET Core 3.0+).
    public static func parseDouble(_ s: String?, styles: DotNetNumberStyles = .floatAndThousands) throws -> Double {
        guard let s else { throw DotNetException.argumentNull("s") }
        let t = s.trimmingDotNetWhitespace()
        switch t.lowercased() {
        case "nan", "-nan", "+nan": return .nan
        case "infinity", "+infinity", "∞", "+∞": return .infinity
        case "-infinity", "-∞": return -.infinity
        default: break
        }
        guard let p = scan(s, styles: styles) else { throw DotNetException.inputStringFormat }
        return doubleFrom(p)
    }

    /// `double.TryParse(s, out v)`.
    public static func tryParseDouble(_ s: String?) -> Double? { try? parseDouble(s) }

    static func doubleFrom(_ p: Parsed) -> Double {
        if p.digits.isEmpty { return p.negative ? -0.0 : 0.0 }
        let e = p.scale - p.digits.count
        if p.scale > 400 { return p.negative ? -.infinity : .infinity }
        if p.scale < -400 { return p.negative ? -0.0 : 0.0 }
        let text = p.digits.map(String.init).joined() + "e" + String(e)
        let v = Double(text) ?? 0
        return p.negative ? -v : v
    }

    /// Parses the JSON number text Newtonsoft hands to `double.Parse` (no whitespace).
    static func parseDoubleText(_ text: String, allowLeadingPlus: Bool) -> Double? {
        guard let p = scan(text, styles: [.allowLeadingSign, .allowDecimalPoint, .allowExponent]) else { return nil }
        return doubleFrom(p)
    }

    /// `decimal.Parse(s)` (NumberStyles.Number). Throws `FormatException` / `OverflowException`
    /// "Value was either too large or too small for a Decimal.".
    public static func parseDecimal(_ s: String?, styles: DotNetNumberStyles = .number) throws -> DotNetDecimal {
        guard let s else { throw DotNetException.argumentNull("s") }
        guard let p = scan(s, styles: styles) else { throw DotNetException.inputStringFormat }
        if p.scale > 29 && !p.digits.isEmpty { throw DotNetDecimal.overflowError() }
        var m = DotNetBigUInt(0)
        // Keep the typed fraction digits (trailing zeros are significant: "1.50" has scale 2).
        var raw = Array(p.rawDigits.drop(while: { $0 == 0 }))
        let fractionCount = p.rawDigits.count - p.intDigitsCount
        var scale = fractionCount - p.rawExponent
        if raw.count > 60 {
            // Far beyond decimal precision: keep the significant prefix.
            scale -= raw.count - 60
            raw = Array(raw.prefix(60))
        }
        let digits = raw
        for d in digits { m.multiply(by: 10); m.add(UInt32(d)) }
        if scale > 200 { return DotNetDecimal(uncheckedMantissa: DotNetBigUInt(0), scale: 28, negative: p.negative) }
        if scale < 0 { for _ in 0..<(-scale) { m.multiply(by: 10) }; scale = 0 }
        do { return try DotNetDecimal.make(m, scale: scale, negative: p.negative) } catch {
            if p.scale < 0 { return .zero }
            throw DotNetDecimal.overflowError()
        }
    }

    /// `decimal.TryParse`.
    public static func tryParseDecimal(_ s: String?) -> DotNetDecimal? { try? parseDecimal(s) }

    /// `bool.Parse(s)`: "True"/"False" case-insensitive with surrounding whitespace; throws
    /// `FormatException` "String 'x' was not recognized as a valid Boolean.".
    public static func parseBoolean(_ s: String?) throws -> Bool {
        guard let s else { throw DotNetException.argumentNull("value") }
        let t = s.trimmingDotNetWhitespace().dotNetTrimmingNUL()
        if t.dotNetCaseInsensitiveEquals("true") { return true }
        if t.dotNetCaseInsensitiveEquals("false") { return false }
        throw DotNetException.format("String '\(s)' was not recognized as a valid Boolean.")
    }

    /// `bool.TryParse`.
    public static func tryParseBoolean(_ s: String?) -> Bool? { try? parseBoolean(s) }
}

extension String {
    func dotNetCaseInsensitiveEquals(_ o: String) -> Bool { lowercased() == o.lowercased() }
    func dotNetTrimmingNUL() -> String {
        var s = Substring(self)
        while s.last == "\u{0}" { s = s.dropLast() }
        return String(s)
    }
}
