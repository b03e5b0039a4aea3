import PolicySource

/// ISO 8601 durations as APIM's backends use them (`PT1M`, `PT5M`, `P1D`, `PT0.5S`), in milliseconds.
public enum ISO8601Duration {
    /// Why a duration could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses `P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]` into milliseconds. Years count 365 days and
    /// months 30 days (as .NET's `XmlConvert.ToTimeSpan` does); only seconds may have a fraction;
    /// fractions below a millisecond are rounded down. Negative durations are rejected.
    public static func milliseconds(_ text: String) throws(ParseError) -> Int64 {
        try milliseconds(text, allowingShortForms: false)
    }

    /// Like `milliseconds(_:)`; with `allowingShortForms`, also the scenario forms `250ms`, `30s`,
    /// `1.5s`, `1m`, `2h`, `1d`.
    public static func milliseconds(_ text: String, allowingShortForms: Bool) throws(ParseError) -> Int64 {
        if allowingShortForms, let ms = shortForm(text) { return ms }
        let scalars = Array(text.unicodeScalars)
        func fail(_ why: String) -> ParseError {
            ParseError(message: "'\(text)' is not an ISO 8601 duration: \(why) (expected e.g. PT1M, PT30S, P1D)")
        }
        guard !scalars.isEmpty else { throw fail("it is empty") }
        if scalars[0] == "-" { throw fail("a duration cannot be negative") }
        guard scalars[0] == "P" || scalars[0] == "p" else { throw fail("it must start with 'P'") }
        var index = 1
        var inTime = false
        var total: Int64 = 0
        var sawComponent = false
        var sawTimeComponent = false
        var lastOrder = -1
        // Order of designators: Y M W D | H M S
        while index < scalars.count {
            let c = scalars[index]
            if c == "T" || c == "t" {
                if inTime { throw fail("'T' appears twice") }
                inTime = true
                index += 1
                continue
            }
            var digits = ""
            var fraction = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                digits.unicodeScalars.append(scalars[index]); index += 1
            }
            if index < scalars.count, scalars[index] == "." || scalars[index] == "," {
                index += 1
                while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                    fraction.unicodeScalars.append(scalars[index]); index += 1
                }
                if fraction.isEmpty { throw fail("a decimal point needs digits after it") }
            }
            if digits.isEmpty && fraction.isEmpty { throw fail("expected a number at position \(index + 1)") }
            guard index < scalars.count else { throw fail("the number \(digits) has no unit (Y, M, W, D, H, M or S)") }
            let unit = Character(scalars[index]).uppercased()
            index += 1
            let order: Int
            let unitMs: Int64
            switch (inTime, unit) {
            case (false, "Y"): order = 0; unitMs = 365 * 86_400_000
            case (false, "M"): order = 1; unitMs = 30 * 86_400_000
            case (false, "W"): order = 2; unitMs = 7 * 86_400_000
            case (false, "D"): order = 3; unitMs = 86_400_000
            case (true, "H"): order = 4; unitMs = 3_600_000
            case (true, "M"): order = 5; unitMs = 60_000
            case (true, "S"): order = 6; unitMs = 1_000
            case (false, "H"), (false, "S"): throw fail("hours and seconds need a 'T' before them (PT\(digits)\(unit))")
            default: throw fail("'\(unit)' is not a duration unit here")
            }
            if order <= lastOrder { throw fail("units must appear once each, in the order Y M W D T H M S") }
            lastOrder = order
            if !fraction.isEmpty && unit != "S" { throw fail("only seconds may have a fraction") }
            guard digits.count <= 12, let whole = Int64(digits.isEmpty ? "0" : digits) else {
                throw fail("the number \(digits) is too large")
            }
            guard var part = whole.multipliedChecked(by: unitMs) else { throw fail("the duration is too long") }
            if !fraction.isEmpty {
                let ms = String((fraction + "000").prefix(3))
                part += Int64(ms) ?? 0
            }
            guard let sum = total.addingChecked(part) else { throw fail("the duration is too long") }
            total = sum
            sawComponent = true
            if inTime { sawTimeComponent = true }
        }
        if !sawComponent { throw fail("it has no components") }
        if inTime && !sawTimeComponent { throw fail("'T' must be followed by hours, minutes or seconds") }
        return total
    }

    /// `250ms`, `30s`, `1.5s`, `1m`, `2h`, `1d` → milliseconds, or nil.
    static func shortForm(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        let trimmed = String(text.trimmingSpaces)
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value.isFinite, value * factor < 9.0e15 else { continue }
            return Int64(value * factor)
        }
        return nil
    }
}
