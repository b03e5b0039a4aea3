import PolicyBackends

/// Durations and date-times as scenario files write them.
public enum ScenarioDuration {
    /// The longest `after:` or `latency:` a scenario may ask for: 24 hours.
    public static let maximumMilliseconds: Int64 = 86_400_000

    /// Reads `250ms`, `2s`, `1.5s`, `1m`, `1h`, a bare `0`, or ISO 8601 (`PT1M`, `PT0.5S`) into
    /// milliseconds. Fractions below a millisecond are rounded down. Returns a reason on failure.
    public static func milliseconds(_ text: String) -> Result<Int64, DurationError> {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty { return .failure(DurationError("a duration cannot be empty")) }
        if trimmed == "0" { return .success(0) }
        if let first = trimmed.unicodeScalars.first, first == "P" || first == "p" {
            do {
                return .success(try ISO8601Duration.milliseconds(trimmed))
            } catch {
                return .failure(DurationError(error.message))
            }
        }
        if trimmed.hasPrefix("-") {
            return .failure(DurationError("'\(trimmed)' is negative; a duration cannot be negative"))
        }
        // number + unit
        var digits = ""
        var fraction = ""
        var unit = ""
        var inFraction = false
        for scalar in trimmed.unicodeScalars {
            if !unit.isEmpty || !(("0"..."9").contains(scalar) || scalar == ".") {
                unit.unicodeScalars.append(scalar)
            } else if scalar == "." {
                if inFraction { return .failure(invalid(trimmed)) }
                inFraction = true
            } else if inFraction {
                fraction.unicodeScalars.append(scalar)
            } else {
                digits.unicodeScalars.append(scalar)
            }
        }
        unit = unit.trimmingWhitespace
        if digits.isEmpty && fraction.isEmpty { return .failure(invalid(trimmed)) }
        if inFraction && fraction.isEmpty { return .failure(invalid(trimmed)) }
        let unitMilliseconds: Int64
        switch unit {
        case "ms": unitMilliseconds = 1
        case "s": unitMilliseconds = 1_000
        case "m", "min": unitMilliseconds = 60_000
        case "h": unitMilliseconds = 3_600_000
        case "":
            return .failure(DurationError("'\(trimmed)' has no unit; write e.g. \(trimmed)ms or \(trimmed)s"))
        default:
            return .failure(DurationError("'\(unit)' is not a duration unit in '\(trimmed)' (use ms, s, m, h or ISO 8601 such as PT1M)"))
        }
        let wholeDigits = String(digits.drop(while: { $0 == "0" }))
        guard wholeDigits.count <= 12, let whole = Int64(wholeDigits.isEmpty ? "0" : wholeDigits) else {
            return .failure(DurationError("'\(trimmed)' is too long"))
        }
        var total = whole * unitMilliseconds
        if !fraction.isEmpty {
            // Exact decimal arithmetic on at most 6 fraction digits: unitMilliseconds × 0.ffffff.
            let kept = String((fraction + "000000").prefix(6))
            let micro = Int64(kept) ?? 0
            total += micro * unitMilliseconds / 1_000_000
        }
        return .success(total)
    }

    private static func invalid(_ text: String) -> DurationError {
        DurationError("'\(text)' is not a duration (write e.g. 250ms, 2s, 1m, 1h or PT1M)")
    }

    /// Why a duration could not be read.
    public struct DurationError: Error, Sendable, Hashable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    /// Reads an ISO 8601 date-time (`2026-01-01T00:00:00Z`, `2026-01-01T01:00:00.250+01:00`, or a
    /// date alone `2026-01-01`, meaning midnight UTC) into Unix milliseconds. A date-time without
    /// an offset is UTC.
    public static func unixMilliseconds(_ text: String) -> Int64? {
        let s = Array(text.trimmingWhitespace.utf8)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                guard s[k] >= 0x30, s[k] <= 0x39 else { return nil }
                value = value * 10 + Int(s[k] - 0x30)
            }
            i += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < s.count, s[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        var hour = 0, minute = 0, second = 0, millisecond = 0, offsetMinutes = 0
        if i < s.count {
            guard s[i] == 0x54 || s[i] == 0x74 || s[i] == 0x20 else { return nil }
            i += 1
            guard let h = number(2), expect(0x3A), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(0x3A) {
                guard let sec = number(2) else { return nil }
                second = sec
                if i < s.count, s[i] == 0x2E || s[i] == 0x2C {
                    i += 1
                    var digits = 0
                    var value = 0
                    while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                        if digits < 3 { value = value * 10 + Int(s[i] - 0x30) }
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in min(digits, 3)..<3 { value *= 10 }
                    millisecond = value
                }
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            if i < s.count {
                if s[i] == 0x5A || s[i] == 0x7A {
                    i += 1
                } else if s[i] == 0x2B || s[i] == 0x2D {
                    let sign = s[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = expect(0x3A)
                    guard let om = number(2), oh < 24, om < 60 else { return nil }
                    offsetMinutes = sign * (oh * 60 + om)
                } else {
                    return nil
                }
            }
        }
        guard i == s.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1_000 + Int64(millisecond)
    }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
