/// Invariant-culture DateTime/DateTimeOffset formatting and parsing.
enum DotNetDateFormat {
    static func standardPattern(_ c: Character) -> String? {
        switch c {
        case "d": return "MM/dd/yyyy"
        case "D": return "dddd, dd MMMM yyyy"
        case "f": return "dddd, dd MMMM yyyy HH:mm"
        case "F", "U": return "dddd, dd MMMM yyyy HH:mm:ss"
        case "g": return "MM/dd/yyyy HH:mm"
        case "G": return "MM/dd/yyyy HH:mm:ss"
        case "m", "M": return "MMMM dd"
        case "r", "R": return "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"
        case "s": return "yyyy'-'MM'-'dd'T'HH':'mm':'ss"
        case "t": return "HH:mm"
        case "T": return "HH:mm:ss"
        case "u": return "yyyy'-'MM'-'dd HH':'mm':'ss'Z'"
        case "y", "Y": return "yyyy MMMM"
        case "o", "O": return "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"
        default: return nil
        }
    }

    /// Formats `dt`; `offset` non-nil means a DateTimeOffset (K/z print the offset).
    static func format(_ dt: DotNetDateTime, offset: DotNetTimeSpan?, format: String?) throws -> String {
        var fmt = format ?? ""
        if fmt.isEmpty { fmt = offset == nil ? "G" : "MM/dd/yyyy HH:mm:ss zzz" }
        var value = dt
        if fmt == "o" || fmt == "O" { return roundTrip(dt, offset: offset) }
        if fmt.count == 1, let c = fmt.first {
            guard let p = standardPattern(c) else { throw DotNetException.inputStringFormat }
            if c == "U" { value = dt.toUniversalTime() }
            if (c == "o" || c == "O") && offset != nil {
                fmt = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz"
            } else {
                fmt = p
            }
        }
        return try custom(value, offset: offset, format: fmt)
    }

    /// The round-trip format `o` (`yyyy-MM-ddTHH:mm:ss.fffffffK`, or `zzz` for an offset), written
    /// digit by digit: the same text as the general formatter, without interpreting the pattern.
    static func roundTrip(_ dt: DotNetDateTime, offset: DotNetTimeSpan?) -> String {
        // Written straight into the string's storage: this runs on every request of a policy that
        // stamps `context.Timestamp.ToString("o")` into a header.
        let parts = dt.dateParts
        return String(unsafeUninitializedCapacity: 34) { out in
            var length = 0
            func put(_ byte: UInt8) {
                out[length] = byte
                length += 1
            }
            func digits(_ value: Int, _ width: Int) {
                var rest = max(0, value)
                var index = length + width - 1
                while index >= length {
                    out[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                    index -= 1
                }
                length += width
            }
            digits(parts.year, 4); put(UInt8(ascii: "-"))
            digits(parts.month, 2); put(UInt8(ascii: "-"))
            digits(parts.day, 2); put(UInt8(ascii: "T"))
            digits(dt.hour, 2); put(UInt8(ascii: ":"))
            digits(dt.minute, 2); put(UInt8(ascii: ":"))
            digits(dt.second, 2); put(UInt8(ascii: "."))
            digits(Int(dt.ticks % DotNetTimeSpan.ticksPerSecond), 7)
            if let offset {
                let magnitude = offset.ticks.magnitude
                put(offset.ticks < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                digits(Int(magnitude / UInt64(DotNetTimeSpan.ticksPerHour)), 2); put(UInt8(ascii: ":"))
                digits(Int((magnitude / UInt64(DotNetTimeSpan.ticksPerMinute)) % 60), 2)
            } else {
                switch dt.kind {
                case .utc: put(UInt8(ascii: "Z"))
                case .local: for byte in "+00:00".utf8 { put(byte) }
                case .unspecified: break
                }
            }
            return length
        }
    }

    static func custom(_ dt: DotNetDateTime, offset: DotNetTimeSpan?, format: String) throws -> String {
        let chars = Array(format)
        var out = ""
        var i = 0
        let parts = dt.dateParts
        let fraction = dt.ticks % DotNetTimeSpan.ticksPerSecond
        func run(_ c: Character) -> Int {
            var n = 0
            while i + n < chars.count && chars[i + n] == c { n += 1 }
            return n
        }
        func offsetText(_ n: Int) -> String {
            let o: DotNetTimeSpan
            if let offset { o = offset } else { o = .zero }
            let neg = o.ticks < 0
            let mag = o.ticks.magnitude
            let h = mag / UInt64(DotNetTimeSpan.ticksPerHour)
            let m = (mag / UInt64(DotNetTimeSpan.ticksPerMinute)) % 60
            let sign = neg ? "-" : "+"
            switch n {
            case 1: return sign + String(h)
            case 2: return sign + dotNetPad(h, 2)
            default: return sign + dotNetPad(h, 2) + ":" + dotNetPad(m, 2)
            }
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "d":
                let n = run(c)
                switch n {
                case 1: out += String(parts.day)
                case 2: out += dotNetPad(parts.day, 2)
                case 3: out += String(dt.dayOfWeek.name.prefix(3))
                default: out += dt.dayOfWeek.name
                }
                i += n
            case "f", "F":
                let n = run(c)
                if n > 7 { throw DotNetException.inputStringFormat }
                var f = String(dotNetPad(fraction, 7).prefix(n))
                if c == "F" {
                    while f.hasSuffix("0") { f.removeLast() }
                    // "F" also drops a preceding '.' when nothing is printed.
                    if f.isEmpty && out.hasSuffix(".") { out.removeLast() }
                }
                out += f
                i += n
            case "g":
                let n = run(c); out += "A.D."; i += n
            case "h":
                let n = run(c)
                var h12 = dt.hour % 12
                if h12 == 0 { h12 = 12 }
                out += n == 1 ? String(h12) : dotNetPad(h12, 2); i += n
            case "H":
                let n = run(c)
                out += n == 1 ? String(dt.hour) : dotNetPad(dt.hour, 2); i += n
            case "K":
                i += 1
                if offset != nil { out += offsetText(3) } else {
                    switch dt.kind {
                    case .utc: out += "Z"
                    case .local: out += "+00:00"
                    case .unspecified: break
                    }
                }
            case "m":
                let n = run(c)
                out += n == 1 ? String(dt.minute) : dotNetPad(dt.minute, 2); i += n
            case "M":
                let n = run(c)
                switch n {
                case 1: out += String(parts.month)
                case 2: out += dotNetPad(parts.month, 2)
                case 3: out += String(dotNetMonthNames[parts.month - 1].prefix(3))
                default: out += dotNetMonthNames[parts.month - 1]
                }
                i += n
            case "s":
                let n = run(c)
                out += n == 1 ? String(dt.second) : dotNetPad(dt.second, 2); i += n
            case "t":
                let n = run(c)
                let ampm = dt.hour < 12 ? "AM" : "PM"
                out += n == 1 ? String(ampm.prefix(1)) : ampm; i += n
            case "y":
                let n = run(c)
                switch n {
                case 1: out += String(parts.year % 100)
                case 2: out += dotNetPad(parts.year % 100, 2)
                default: out += dotNetPad(parts.year, n)
                }
                i += n
            case "z":
                let n = run(c)
                out += offsetText(min(n, 3)); i += n
            case ":": out += ":"; i += 1
            case "/": out += "/"; i += 1
            case "'", "\"":
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == "\\" && j + 1 < chars.count { out.append(chars[j + 1]); j += 2; continue }
                    if chars[j] == c { closed = true; break }
                    out.append(chars[j]); j += 1
                }
                if !closed { throw DotNetException.format("Cannot find a matching quote character for the character '\(c)'.") }
                i = j + 1
            case "%":
                if i + 1 < chars.count && chars[i + 1] != "%" { i += 1 } else { throw DotNetException.inputStringFormat }
            case "\\":
                guard i + 1 < chars.count else { throw DotNetException.inputStringFormat }
                out.append(chars[i + 1]); i += 2
            default:
                out.append(c); i += 1
            }
        }
        return out
    }

    // MARK: Parsing

    struct Parsed {
        var year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0
        var fraction: Int64 = 0
        var offset: DotNetTimeSpan?
        var isUtcZ = false
        var hasDate = false
    }

    static let monthAbbrev = dotNetMonthNames.map { String($0.prefix(3)).lowercased() }
    static let dayAbbrev = dotNetDayNames.map { String($0.prefix(3)).lowercased() }

    /// A lenient invariant-culture parser covering ISO 8601, RFC 1123, `MM/dd/yyyy[ HH:mm[:ss]][ AM|PM]`,
    /// `yyyy/MM/dd`, `dd MMM yyyy` forms.
    static func parseGeneral(_ text: String) -> Parsed? {
        var s = Array(text.trimmingDotNetWhitespace())
        guard !s.isEmpty, s.count <= 200 else { return nil }
        var p = Parsed()
        var i = 0
        func digits(_ maxLen: Int = 9) -> (Int, Int)? {
            var v = 0, n = 0
            while i < s.count, n < maxLen, let d = s[i].wholeNumberValue, s[i].isASCII { v = v * 10 + d; n += 1; i += 1 }
            return n == 0 ? nil : (v, n)
        }
        func skipSpaces() { while i < s.count && (s[i] == " " || s[i] == "\t") { i += 1 } }
        func word() -> String {
            var w = ""
            while i < s.count, s[i].isLetter { w.append(s[i]); i += 1 }
            return w.lowercased()
        }
        // Optional day-name prefix "Tue, "
        if let f = s.first, f.isLetter {
            let w = word()
            if dayAbbrev.contains(String(w.prefix(3))) {
                if i < s.count && s[i] == "," { i += 1 }
                skipSpaces()
            } else { i = 0 }
        }
        // Date part
        let start = i
        if i < s.count, s[i].isLetter {
            // "Jan 2, 2020" / "January 02 2020"
            let w = word()
            guard let m = monthAbbrev.firstIndex(of: String(w.prefix(3))),
                  w.count == 3 || w == dotNetMonthNames[m].lowercased() else { return nil }
            skipSpaces()
            guard let (d, _) = digits(2) else { return nil }
            if i < s.count && s[i] == "," { i += 1 }
            skipSpaces()
            guard let (y, _) = digits(4) else { return nil }
            p.month = m + 1; p.day = d; p.year = y; p.hasDate = true
        } else if let (a, an) = digits() {
            if i < s.count && (s[i] == "-" || s[i] == "/" || s[i] == ".") && an <= 4 {
                let sep = s[i]; i += 1
                if an == 4 {
                    // yyyy-MM-dd
                    guard let (b, _) = digits(2), i < s.count, s[i] == sep else { return nil }
                    i += 1
                    guard let (c, _) = digits(2) else { return nil }
                    p.year = a; p.month = b; p.day = c
                } else {
                    // MM/dd/yyyy
                    guard let (b, _) = digits(2), i < s.count, s[i] == sep else { return nil }
                    i += 1
                    guard let (c, cn) = digits(4) else { return nil }
                    p.month = a; p.day = b; p.year = cn <= 2 ? (c < 50 ? 2000 + c : 1900 + c) : c
                }
                p.hasDate = true
            } else if i < s.count && s[i] == ":" {
                i = start // time only
            } else if i < s.count && s[i] == " " {
                // dd MMM yyyy
                skipSpaces()
                let w = word()
                guard let m = monthAbbrev.firstIndex(of: String(w.prefix(3))) else { return nil }
                skipSpaces()
                guard let (y, _) = digits(4) else { return nil }
                p.day = a; p.month = m + 1; p.year = y; p.hasDate = true
            } else { return nil }
        } else { return nil }
        // Separator
        if i < s.count && (s[i] == "T" || s[i] == "t") { i += 1 } else { skipSpaces() }
        // Time part
        if i < s.count, s[i].isNumber {
            guard let (h, _) = digits(2), i < s.count, s[i] == ":" else { return nil }
            i += 1
            guard let (m, _) = digits(2) else { return nil }
            p.hour = h; p.minute = m
            if i < s.count && s[i] == ":" {
                i += 1
                guard let (sec, _) = digits(2) else { return nil }
                p.second = sec
                if i < s.count && s[i] == "." {
                    i += 1
                    var f: Int64 = 0, n = 0
                    while i < s.count, let d = s[i].wholeNumberValue, s[i].isASCII {
                        if n < 7 { f = f * 10 + Int64(d) }
                        n += 1; i += 1
                    }
                    guard n > 0 else { return nil }
                    for _ in min(n, 7)..<7 { f *= 10 }
                    p.fraction = f
                }
            }
            skipSpaces()
            // AM/PM
            if i < s.count, s[i] == "A" || s[i] == "P" || s[i] == "a" || s[i] == "p" {
                let isPM = s[i] == "P" || s[i] == "p"
                i += 1
                if i < s.count && (s[i] == "M" || s[i] == "m") { i += 1 }
                guard p.hour >= 1 && p.hour <= 12 else { return nil }
                if isPM && p.hour != 12 { p.hour += 12 }
                if !isPM && p.hour == 12 { p.hour = 0 }
                skipSpaces()
            }
        }
        // Zone
        if i < s.count {
            if s[i] == "Z" || s[i] == "z" {
                p.isUtcZ = true; p.offset = .zero; i += 1
            } else if s[i] == "+" || s[i] == "-" {
                let neg = s[i] == "-"; i += 1
                guard let (hh, hn) = digits(4) else { return nil }
                var h = hh, m = 0
                if hn > 2 { h = hh / 100; m = hh % 100 } else if i < s.count && s[i] == ":" {
                    i += 1
                    guard let (mm, _) = digits(2) else { return nil }
                    m = mm
                }
                guard h <= 14, m < 60 else { return nil }
                let t = Int64(h) * DotNetTimeSpan.ticksPerHour + Int64(m) * DotNetTimeSpan.ticksPerMinute
                p.offset = DotNetTimeSpan(ticks: neg ? -t : t)
            } else {
                let w = word()
                if w == "gmt" || w == "utc" { p.isUtcZ = true; p.offset = .zero } else { return nil }
            }
            skipSpaces()
        }
        s = []
        _ = s
        return i >= text.trimmingDotNetWhitespace().count ? p : nil
    }

    static func clockTicks(_ p: Parsed, now: DotNetDateTime?) -> Int64? {
        var y = p.year, mo = p.month, d = p.day
        if !p.hasDate, let now {
            let np = now.dateParts
            y = np.year; mo = np.month; d = np.day
        }
        guard let base = try? DotNetDateTime(year: y, month: mo, day: d, hour: p.hour, minute: p.minute, second: p.second) else { return nil }
        return base.ticks + p.fraction
    }

    static func badDateTime(_ s: String) -> DotNetException {
        DotNetException.format("String '\(s)' was not recognized as a valid DateTime.")
    }

    /// `DateTime.Parse` semantics (default styles): a zone converts to local time (UTC here), kind Local.
    static func parseDateTime(_ s: String, roundtripKind: Bool = false, now: DotNetDateTime? = nil) throws -> DotNetDateTime {
        guard let p = parseGeneral(s), let t = clockTicks(p, now: now) else { throw badDateTime(s) }
        if let o = p.offset {
            let utc = t - o.ticks
            guard utc >= 0, utc <= DotNetDateTime.maxTicks else { throw badDateTime(s) }
            if roundtripKind {
                return DotNetDateTime(uncheckedTicks: utc, kind: p.isUtcZ ? .utc : .local)
            }
            return DotNetDateTime(uncheckedTicks: utc, kind: .local)
        }
        return DotNetDateTime(uncheckedTicks: t, kind: .unspecified)
    }

    static func parseDateTimeOffset(_ s: String) throws -> DotNetDateTimeOffset {
        guard let p = parseGeneral(s), let t = clockTicks(p, now: nil) else {
            throw DotNetException.format("String '\(s)' was not recognized as a valid DateTime.")
        }
        do {
            return try DotNetDateTimeOffset(dateTime: DotNetDateTime(uncheckedTicks: t, kind: .unspecified), offset: p.offset ?? .zero)
        } catch { throw badDateTime(s) }
    }
}

/// `System.Globalization.DateTimeStyles` (the zone-related members).
public struct DotNetDateTimeStyles: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// `AdjustToUniversal`: the result is UTC (kind Utc).
    public static let adjustToUniversal = DotNetDateTimeStyles(rawValue: 16)
    /// `AssumeLocal`: no zone in the input means local time.
    public static let assumeLocal = DotNetDateTimeStyles(rawValue: 32)
    /// `AssumeUniversal`: no zone in the input means UTC.
    public static let assumeUniversal = DotNetDateTimeStyles(rawValue: 64)
    /// `RoundtripKind`: `Z` gives kind Utc, an offset gives Local, none Unspecified.
    public static let roundtripKind = DotNetDateTimeStyles(rawValue: 128)
}

extension DotNetDateFormat {
    /// Applies `DateTimeStyles` to a parsed clock time (local zone = UTC).
    static func applyStyles(_ p: Parsed, ticks t: Int64, styles: DotNetDateTimeStyles, input: String) throws -> DotNetDateTime {
        if let o = p.offset {
            let utc = t - o.ticks
            guard utc >= 0, utc <= DotNetDateTime.maxTicks else { throw badDateTime(input) }
            if styles.contains(.adjustToUniversal) { return DotNetDateTime(uncheckedTicks: utc, kind: .utc) }
            if styles.contains(.roundtripKind) { return DotNetDateTime(uncheckedTicks: utc, kind: p.isUtcZ ? .utc : .local) }
            return DotNetDateTime(uncheckedTicks: utc, kind: .local)
        }
        if styles.contains(.adjustToUniversal) { return DotNetDateTime(uncheckedTicks: t, kind: .utc) }
        if styles.contains(.assumeUniversal) || styles.contains(.assumeLocal) { return DotNetDateTime(uncheckedTicks: t, kind: .local) }
        return DotNetDateTime(uncheckedTicks: t, kind: .unspecified)
    }
}

extension DotNetDateTime {
    /// `DateTime.Parse(s, InvariantCulture, styles)`.
    public static func parse(_ s: String, styles: DotNetDateTimeStyles, now: DotNetDateTime? = nil) throws -> DotNetDateTime {
        guard let p = DotNetDateFormat.parseGeneral(s), let t = DotNetDateFormat.clockTicks(p, now: now) else {
            throw DotNetDateFormat.badDateTime(s)
        }
        return try DotNetDateFormat.applyStyles(p, ticks: t, styles: styles, input: s)
    }

    /// `DateTime.ParseExact(s, formats, InvariantCulture, styles)`: the first format that matches wins.
    public static func parseExact(_ s: String, formats: [String], styles: DotNetDateTimeStyles = []) throws -> DotNetDateTime {
        for f in formats {
            if let p = DotNetDateExactParser.parse(s, format: f), let t = DotNetDateFormat.clockTicks(p, now: nil) {
                return try DotNetDateFormat.applyStyles(p, ticks: t, styles: styles, input: s)
            }
        }
        throw DotNetDateFormat.badDateTime(s)
    }

    /// `DateTime.Parse(string, CultureInfo.InvariantCulture)`: ISO 8601, RFC 1123 and invariant
    /// `MM/dd/yyyy HH:mm:ss` forms. A zone designator (Z or ±hh:mm) converts to local time
    /// (UTC on the gateway) with kind Local, as .NET does without `DateTimeStyles.RoundtripKind`.
    /// Throws `FormatException` "String 'x' was not recognized as a valid DateTime."
    /// A time-only input ("15:04") takes its date from `now` (the virtual clock's local date), else 0001-01-01.
    public static func parse(_ s: String, now: DotNetDateTime? = nil) throws -> DotNetDateTime {
        try DotNetDateFormat.parseDateTime(s, now: now)
    }

    /// `DateTime.Parse(s, InvariantCulture, DateTimeStyles.RoundtripKind)`: `Z` gives kind Utc, an offset gives Local, none Unspecified.
    public static func parseRoundtripKind(_ s: String) throws -> DotNetDateTime {
        try DotNetDateFormat.parseDateTime(s, roundtripKind: true)
    }

    /// `DateTime.TryParse`.
    public static func tryParse(_ s: String, now: DotNetDateTime? = nil) -> DotNetDateTime? { try? parse(s, now: now) }

    /// `DateTime.ParseExact(s, format, InvariantCulture)` (styles None; `K`/`zzz`/`Z` in the input convert to local).
    public static func parseExact(_ s: String, _ format: String) throws -> DotNetDateTime {
        guard let p = DotNetDateExactParser.parse(s, format: format), let t = DotNetDateFormat.clockTicks(p, now: nil) else {
            throw DotNetDateFormat.badDateTime(s)
        }
        if let o = p.offset {
            let utc = t - o.ticks
            guard utc >= 0, utc <= DotNetDateTime.maxTicks else { throw DotNetDateFormat.badDateTime(s) }
            return DotNetDateTime(uncheckedTicks: utc, kind: .local)
        }
        return DotNetDateTime(uncheckedTicks: t, kind: .unspecified)
    }

    /// `DateTime.TryParseExact`.
    public static func tryParseExact(_ s: String, _ format: String) -> DotNetDateTime? { try? parseExact(s, format) }
}

extension DotNetDateTimeOffset {
    /// `DateTimeOffset.Parse(string, InvariantCulture)`; no zone in the input means the local offset (+00:00).
    public static func parse(_ s: String) throws -> DotNetDateTimeOffset { try DotNetDateFormat.parseDateTimeOffset(s) }
    /// `DateTimeOffset.TryParse`.
    public static func tryParse(_ s: String) -> DotNetDateTimeOffset? { try? parse(s) }
    /// `DateTimeOffset.ParseExact(s, format, InvariantCulture)`.
    public static func parseExact(_ s: String, _ format: String) throws -> DotNetDateTimeOffset {
        guard let p = DotNetDateExactParser.parse(s, format: format), let t = DotNetDateFormat.clockTicks(p, now: nil) else {
            throw DotNetDateFormat.badDateTime(s)
        }
        do {
            return try DotNetDateTimeOffset(dateTime: DotNetDateTime(uncheckedTicks: t, kind: .unspecified), offset: p.offset ?? .zero)
        } catch { throw DotNetDateFormat.badDateTime(s) }
    }
}

/// Exact parsing against a .NET custom (or single-letter standard) format.
enum DotNetDateExactParser {
    static func parse(_ input: String, format: String) -> DotNetDateFormat.Parsed? {
        var fmt = format
        if fmt.count == 1, let c = fmt.first {
            guard let p = DotNetDateFormat.standardPattern(c) else { return nil }
            fmt = (c == "o" || c == "O") ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK" : p
        }
        let f = Array(fmt), s = Array(input)
        guard s.count <= 200 else { return nil }
        var p = DotNetDateFormat.Parsed()
        p.hasDate = false
        var i = 0, j = 0
        var pm: Bool?
        var h12: Int?
        func num(_ minLen: Int, _ maxLen0: Int) -> Int? {
            let maxLen = min(maxLen0, 9)
            var v = 0, n = 0
            while j < s.count, n < maxLen, s[j].isASCII, let d = s[j].wholeNumberValue { v = v * 10 + d; n += 1; j += 1 }
            return n >= minLen ? v : nil
        }
        func run(_ c: Character) -> Int {
            var n = 0
            while i + n < f.count && f[i + n] == c { n += 1 }
            return n
        }
        func matchName(_ names: [String], full: Bool) -> Int? {
            for (k, name) in names.enumerated() {
                let cand = full ? name : String(name.prefix(3))
                let end = j + cand.count
                if end <= s.count, String(s[j..<end]).lowercased() == cand.lowercased() { j = end; return k }
            }
            return nil
        }
        while i < f.count {
            let c = f[i]
            switch c {
            case "y":
                let n = run(c); i += n
                guard let v = num(n <= 2 ? 1 : n, n <= 2 ? 2 : max(n, 4)) else { return nil }
                p.year = n <= 2 ? (v < 50 ? 2000 + v : 1900 + v) : v; p.hasDate = true
            case "M":
                let n = run(c); i += n
                if n <= 2 { guard let v = num(n, 2) else { return nil }; p.month = v }
                else { guard let v = matchName(dotNetMonthNames, full: n > 3) else { return nil }; p.month = v + 1 }
                p.hasDate = true
            case "d":
                let n = run(c); i += n
                if n <= 2 { guard let v = num(n, 2) else { return nil }; p.day = v; p.hasDate = true }
                else { guard matchName(dotNetDayNames, full: n > 3) != nil else { return nil } }
            case "H":
                let n = run(c); i += n
                guard let v = num(n, 2) else { return nil }; p.hour = v
            case "h":
                let n = run(c); i += n
                guard let v = num(n, 2) else { return nil }; h12 = v
            case "m":
                let n = run(c); i += n
                guard let v = num(n, 2) else { return nil }; p.minute = v
            case "s":
                let n = run(c); i += n
                guard let v = num(n, 2) else { return nil }; p.second = v
            case "f", "F":
                let n = run(c); i += n
                guard n <= 7 else { return nil }
                let before = j
                let v = num(c == "f" ? n : 0, n) ?? 0
                let len = j - before
                if c == "f" && len != n { return nil }
                var fr = Int64(v)
                for _ in len..<7 { fr *= 10 }
                p.fraction = fr
            case "t":
                let n = run(c); i += n
                guard j < s.count else { return nil }
                let ch = s[j].uppercased()
                guard ch == "A" || ch == "P" else { return nil }
                pm = ch == "P"; j += 1
                if n >= 2 { guard j < s.count, s[j].uppercased() == "M" else { return nil }; j += 1 }
            case "z", "K":
                let n = c == "K" ? 3 : run(c); i += c == "K" ? 1 : n
                if j < s.count && (s[j] == "Z" || s[j] == "z") && c == "K" { j += 1; p.offset = .zero; p.isUtcZ = true; continue }
                if c == "K" && j >= s.count { continue }
                guard j < s.count, s[j] == "+" || s[j] == "-" else { return nil }
                let neg = s[j] == "-"; j += 1
                guard let hh = num(1, 2) else { return nil }
                var mm = 0
                if n >= 3 { guard j < s.count, s[j] == ":" else { return nil }; j += 1; guard let m = num(2, 2) else { return nil }; mm = m }
                let t = Int64(hh) * DotNetTimeSpan.ticksPerHour + Int64(mm) * DotNetTimeSpan.ticksPerMinute
                p.offset = DotNetTimeSpan(ticks: neg ? -t : t)
            case "'", "\"":
                var k = i + 1
                while k < f.count && f[k] != c {
                    guard j < s.count, s[j] == f[k] else { return nil }
                    j += 1; k += 1
                }
                guard k < f.count else { return nil }
                i = k + 1
            case "\\":
                guard i + 1 < f.count, j < s.count, s[j] == f[i + 1] else { return nil }
                i += 2; j += 1
            case "%":
                i += 1
            default:
                guard j < s.count, s[j] == c else { return nil }
                i += 1; j += 1
            }
        }
        guard j == s.count else { return nil }
        if let h = h12 {
            guard h >= 1, h <= 12 else { return nil }
            p.hour = h % 12 + ((pm ?? false) ? 12 : 0)
        } else if let pm {
            if pm && p.hour < 12 { p.hour += 12 }
        }
        if !p.hasDate { p.hasDate = true } // .NET uses today's date when absent; MinValue date here (no clock).
        return p
    }
}
