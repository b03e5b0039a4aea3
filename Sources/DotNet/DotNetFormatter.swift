import Foundation

/// .NET number formatting and parsing with `CultureInfo.InvariantCulture`.
///
/// Doubles follow .NET Core 3.0+ (IEEE-correct, shortest round-trippable `ToString()`);
/// messages follow .NET 5–7 (`Input string was not in a correct format.`).
public enum DotNetFormatter {

    // MARK: Decimal digit extraction

    /// Shortest round-trip digits of a finite, non-zero magnitude: digits (no leading/trailing zeros)
    /// and the decimal exponent `scale` such that value = 0.d1d2d3… × 10^scale.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], scale: Int) {
        // Swift's description is the shortest round-trip representation (like .NET Core 3.0+).
        let text = "\(value.magnitude)"
        return digitsFrom(text)
    }

    /// Parses a plain or exponent decimal text ("1.25e-05", "100.0") into digits + scale.
    static func digitsFrom(_ text: String) -> (digits: [UInt8], scale: Int) {
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPos: Int?
        for c in mantissa {
            if c == "." { pointPos = digits.count; continue }
            if let d = c.asciiValue, d >= 48, d <= 57 { digits.append(d - 48) }
        }
        var scale = (pointPos ?? digits.count) + exp
        while let f = digits.first, f == 0 { digits.removeFirst(); scale -= 1 }
        while let l = digits.last, l == 0 { digits.removeLast() }
        if digits.isEmpty { return ([], 0) }
        return (digits, scale)
    }

    /// Exact decimal digits of a double (all significant digits, up to ~770), for IEEE-correct rounding.
    static func exactDigits(_ value: Double) -> (digits: [UInt8], scale: Int) {
        let text = String(format: "%.770e", value.magnitude)
        return digitsFrom(text)
    }

    /// Rounds digits to `count` significant digits, half away from zero (as .NET's RoundNumber).
    static func roundDigits(_ d: (digits: [UInt8], scale: Int), count: Int) -> (digits: [UInt8], scale: Int) {
        var digits = d.digits
        var scale = d.scale
        if count < 0 { return ([], 0) }
        if digits.count <= count { return (digits, scale) }
        let roundUp = digits[count] >= 5
        digits = Array(digits.prefix(count))
        if roundUp {
            var i = count - 1
            while i >= 0 {
                if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break }
            }
            if i < 0 { digits = [1]; scale += 1 }
        }
        while let l = digits.last, l == 0 { digits.removeLast() }
        if digits.isEmpty { return ([], 0) }
        return (digits, scale)
    }

    // MARK: Double

    /// `double.ToString()` / `ToString("R")` with InvariantCulture (.NET Core 3.0+):
    /// shortest round-trippable digits, scientific notation when the exponent is ≥ 15 (or the digit
    /// count) or < -5: `0.1`, `1E+20`, `1.5E-05`, `NaN`, `Infinity`, `-Infinity`, `-0`.
    public static func formatDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let neg = value.sign == .minus
        if value == 0 { return neg ? "-0" : "0" }
        let d = shortestDigits(value)
        let body = generalDigits(d, maxDigits: max(d.digits.count, 15), expChar: "E", minExpDigits: 2)
        return (neg ? "-" : "") + body
    }

    /// `float.ToString()` (shortest round-trip for Single).
    public static func formatSingle(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let neg = value.sign == .minus
        if value == 0 { return neg ? "-0" : "0" }
        let d = digitsFrom("\(value.magnitude)")
        return (neg ? "-" : "") + generalDigits(d, maxDigits: max(d.digits.count, 7), expChar: "E", minExpDigits: 2)
    }

    /// "G" layout of digits: fixed when -5 < exponent < maxDigits, otherwise d.dddE+XX.
    static func generalDigits(_ d: (digits: [UInt8], scale: Int), maxDigits: Int, expChar: Character, minExpDigits: Int) -> String {
        let digits = d.digits.isEmpty ? [0] : d.digits
        let scale = d.digits.isEmpty ? 1 : d.scale
        if scale > maxDigits || scale < -3 {
            var s = String(digits[0])
            if digits.count > 1 { s += "." + digits.dropFirst().map(String.init).joined() }
            let e = scale - 1
            s.append(expChar)
            s += e < 0 ? "-" : "+"
            s += dotNetPad(abs(e), minExpDigits)
            return s
        }
        return fixedString(digits, scale: scale, decimals: nil)
    }

    /// Lays out digits with a decimal point; `decimals` nil means "as many as the digits need".
    static func fixedString(_ digits: [UInt8], scale: Int, decimals: Int?) -> String {
        var intPart = ""
        if scale <= 0 { intPart = "0" } else {
            for i in 0..<scale { intPart.append(i < digits.count ? Character(String(digits[i])) : "0") }
        }
        var frac = ""
        let fracCount = decimals ?? max(0, digits.count - scale)
        for k in 0..<fracCount {
            let idx = scale + k
            frac.append(idx >= 0 && idx < digits.count ? Character(String(digits[idx])) : "0")
        }
        return frac.isEmpty ? intPart : intPart + "." + frac
    }
}
