/// `System.TimeSpan`: a signed duration in 100-nanosecond ticks.
public struct DotNetTimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The duration in 100-ns ticks (`TimeSpan.Ticks`).
    public var ticks: Int64

    public static let ticksPerMillisecond: Int64 = 10_000
    public static let ticksPerSecond: Int64 = 10_000_000
    public static let ticksPerMinute: Int64 = 600_000_000
    public static let ticksPerHour: Int64 = 36_000_000_000
    public static let ticksPerDay: Int64 = 864_000_000_000

    /// `TimeSpan.Zero`.
    public static let zero = DotNetTimeSpan(ticks: 0)
    /// `TimeSpan.MaxValue`.
    public static let maxValue = DotNetTimeSpan(ticks: Int64.max)
    /// `TimeSpan.MinValue`.
    public static let minValue = DotNetTimeSpan(ticks: Int64.min)

    /// `new TimeSpan(ticks)`.
    public init(ticks: Int64) { self.ticks = ticks }

    /// `new TimeSpan(days, hours, minutes, seconds, milliseconds)`; throws
    /// `ArgumentOutOfRangeException` "TimeSpan overflowed because the duration is too long."
    public init(days: Int = 0, hours: Int, minutes: Int, seconds: Int, milliseconds: Int = 0) throws {
        let total = (Int128(days) * 86_400 + Int128(hours) * 3600 + Int128(minutes) * 60 + Int128(seconds)) * 1000
            + Int128(milliseconds)
        let t = total * 10_000
        guard t <= Int128(Int64.max), t >= Int128(Int64.min) else {
            throw DotNetException("ArgumentOutOfRangeException", "TimeSpan overflowed because the duration is too long.")
        }
        ticks = Int64(t)
    }

    private static func interval(_ value: Double, _ scale: Int64) throws -> DotNetTimeSpan {
        guard !value.isNaN else { throw DotNetException.argument("TimeSpan does not accept floating point Not-a-Number values.") }
        let t = value * Double(scale)
        guard t <= 9.223372036854775e18, t >= -9.223372036854775e18 else {
            throw DotNetException.overflow("TimeSpan overflowed because the duration is too long.")
        }
        return DotNetTimeSpan(ticks: Int64(t.rounded(.towardZero)))
    }

    /// `TimeSpan.FromDays(double)`.
    public static func fromDays(_ v: Double) throws -> DotNetTimeSpan { try interval(v, ticksPerDay) }
    /// `TimeSpan.FromHours(double)`.
    public static func fromHours(_ v: Double) throws -> DotNetTimeSpan { try interval(v, ticksPerHour) }
    /// `TimeSpan.FromMinutes(double)`.
    public static func fromMinutes(_ v: Double) throws -> DotNetTimeSpan { try interval(v, ticksPerMinute) }
    /// `TimeSpan.FromSeconds(double)`.
    public static func fromSeconds(_ v: Double) throws -> DotNetTimeSpan { try interval(v, ticksPerSecond) }
    /// `TimeSpan.FromMilliseconds(double)`.
    public static func fromMilliseconds(_ v: Double) throws -> DotNetTimeSpan { try interval(v, ticksPerMillisecond) }
    /// `TimeSpan.FromTicks(long)`.
    public static func fromTicks(_ v: Int64) -> DotNetTimeSpan { DotNetTimeSpan(ticks: v) }

    /// `Days` component.
    public var days: Int { Int(ticks / Self.ticksPerDay) }
    /// `Hours` component (-23…23).
    public var hours: Int { Int((ticks / Self.ticksPerHour) % 24) }
    /// `Minutes` component.
    public var minutes: Int { Int((ticks / Self.ticksPerMinute) % 60) }
    /// `Seconds` component.
    public var seconds: Int { Int((ticks / Self.ticksPerSecond) % 60) }
    /// `Milliseconds` component.
    public var milliseconds: Int { Int((ticks / Self.ticksPerMillisecond) % 1000) }
    /// `TotalDays`.
    public var totalDays: Double { Double(ticks) / Double(Self.ticksPerDay) }
    /// `TotalHours`.
    public var totalHours: Double { Double(ticks) / Double(Self.ticksPerHour) }
    /// `TotalMinutes`.
    public var totalMinutes: Double { Double(ticks) / Double(Self.ticksPerMinute) }
    /// `TotalSeconds`.
    public var totalSeconds: Double { Double(ticks) / Double(Self.ticksPerSecond) }
    /// `TotalMilliseconds`.
    public var totalMilliseconds: Double { Double(ticks) / Double(Self.ticksPerMillisecond) }

    /// `Add`; throws `OverflowException` "TimeSpan overflowed because the duration is too long."
    public func add(_ other: DotNetTimeSpan) throws -> DotNetTimeSpan {
        let (r, o) = ticks.addingReportingOverflow(other.ticks)
        if o { throw DotNetException.overflow("TimeSpan overflowed because the duration is too long.") }
        return DotNetTimeSpan(ticks: r)
    }
    /// `Subtract`.
    public func subtract(_ other: DotNetTimeSpan) throws -> DotNetTimeSpan {
        let (r, o) = ticks.subtractingReportingOverflow(other.ticks)
        if o { throw DotNetException.overflow("TimeSpan overflowed because the duration is too long.") }
        return DotNetTimeSpan(ticks: r)
    }
    /// `Negate()`; throws `OverflowException` for MinValue.
    public func negate() throws -> DotNetTimeSpan {
        if ticks == Int64.min {
            throw DotNetException.overflow("Negating the minimum value of a twos complement number is invalid.")
        }
        return DotNetTimeSpan(ticks: -ticks)
    }
    /// `Duration()`.
    public func duration() throws -> DotNetTimeSpan {
        if ticks == Int64.min {
            throw DotNetException.overflow("The duration cannot be returned for TimeSpan.MinValue because the absolute value of TimeSpan.MinValue exceeds the value of TimeSpan.MaxValue.")
        }
        return DotNetTimeSpan(ticks: ticks < 0 ? -ticks : ticks)
    }

    public static func < (a: DotNetTimeSpan, b: DotNetTimeSpan) -> Bool { a.ticks < b.ticks }

    /// `ToString()`: the constant ("c") format `[-][d.]hh:mm:ss[.fffffff]`.
    public var description: String { format(constant: true) }

    private func format(constant: Bool) -> String {
        var s = ""
        let neg = ticks < 0
        let mag = ticks.magnitude
        let tpd = UInt64(Self.ticksPerDay)
        let d = mag / tpd
        var rem = mag % tpd
        let h = rem / UInt64(Self.ticksPerHour); rem %= UInt64(Self.ticksPerHour)
        let m = rem / UInt64(Self.ticksPerMinute); rem %= UInt64(Self.ticksPerMinute)
        let sec = rem / UInt64(Self.ticksPerSecond)
        let frac = rem % UInt64(Self.ticksPerSecond)
        if neg { s += "-" }
        if d > 0 { s += "\(d)." }
        s += pad(h, 2) + ":" + pad(m, 2) + ":" + pad(sec, 2)
        if frac > 0 { s += "." + pad(frac, 7) }
        return s
    }

    /// `ToString(format)`: standard formats "c"/"t"/"T", "g", "G" and custom formats
    /// (`d`, `hh`, `mm`, `ss`, `f…`, `F…`, quoted literals and `\` escapes).
    public func toString(_ format: String?) throws -> String {
        guard let format, !format.isEmpty else { return description }
        let neg = ticks < 0
        let mag = ticks.magnitude
        let tpd = UInt64(Self.ticksPerDay)
        let d = mag / tpd
        var rem = mag % tpd
        let h = rem / UInt64(Self.ticksPerHour); rem %= UInt64(Self.ticksPerHour)
        let m = rem / UInt64(Self.ticksPerMinute); rem %= UInt64(Self.ticksPerMinute)
        let sec = rem / UInt64(Self.ticksPerSecond)
        let frac = rem % UInt64(Self.ticksPerSecond)
        switch format {
        case "c", "t", "T": return description
        case "g":
            var s = neg ? "-" : ""
            if d > 0 { s += "\(d):" }
            s += "\(h):" + pad(m, 2) + ":" + pad(sec, 2)
            if frac > 0 {
                var f = pad(frac, 7)
                while f.hasSuffix("0") { f.removeLast() }
                s += "." + f
            }
            return s
        case "G":
            return (neg ? "-" : "") + "\(d):" + pad(h, 2) + ":" + pad(m, 2) + ":" + pad(sec, 2) + "." + pad(frac, 7)
        default: break
        }
        if format.count == 1 && format != "%" {
            throw DotNetException.inputStringFormat
        }
        let chars = Array(format)
        var out = ""
        var i = 0
        func runLength(_ c: Character) -> Int {
            var n = 0
            while i + n < chars.count && chars[i + n] == c { n += 1 }
            return n
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "d":
                let n = runLength(c)
                if n > 8 { throw DotNetException.inputStringFormat }
                out += pad(d, n); i += n
            case "h":
                let n = runLength(c)
                if n > 2 { throw DotNetException.inputStringFormat }
                out += pad(h, n); i += n
            case "m":
                let n = runLength(c)
                if n > 2 { throw DotNetException.inputStringFormat }
                out += pad(m, n); i += n
            case "s":
                let n = runLength(c)
                if n > 2 { throw DotNetException.inputStringFormat }
                out += pad(sec, n); i += n
            case "f", "F":
                let n = runLength(c)
                if n > 7 { throw DotNetException.inputStringFormat }
                var f = String(pad(frac, 7).prefix(n))
                if c == "F" { while f.hasSuffix("0") { f.removeLast() } }
                out += f; i += n
            case "'", "\"":
                var j = i + 1
                while j < chars.count && chars[j] != c { out.append(chars[j]); j += 1 }
                if j >= chars.count { throw DotNetException.inputStringFormat }
                i = j + 1
            case "\\":
                guard i + 1 < chars.count else { throw DotNetException.inputStringFormat }
                out.append(chars[i + 1]); i += 2
            case "%":
                i += 1
            default:
                throw DotNetException.inputStringFormat
            }
        }
        return out
    }

    /// `TimeSpan.Parse(string)` for the invariant forms `[-][d.]hh:mm[:ss[.fffffff]]` and `[-]d`.
    public static func parse(_ text: String) throws -> DotNetTimeSpan {
        if let v = tryParse(text) { return v }
        if text.trimmingDotNetWhitespace().isEmpty || !text.contains(where: { $0.isNumber }) {
            throw DotNetException.format("String '\(text)' was not recognized as a valid TimeSpan.")
        }
        throw DotNetException.format("String '\(text)' was not recognized as a valid TimeSpan.")
    }

    /// `TimeSpan.TryParse(string, out TimeSpan)`.
    public static func tryParse(_ text: String) -> DotNetTimeSpan? {
        var s = Substring(text.trimmingDotNetWhitespace())
        var neg = false
        if s.first == "-" { neg = true; s = s.dropFirst() }
        func num(_ p: Substring) -> UInt64? {
            guard !p.isEmpty, p.count <= 10, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return UInt64(p)
        }
        var days: UInt64 = 0
        var rest = s
        let colonParts = s.split(separator: ":", omittingEmptySubsequences: false)
        if colonParts.count == 1 {
            guard let d = num(s), d <= 10_675_199 else { return nil }
            let t = Int64(d) * ticksPerDay
            return DotNetTimeSpan(ticks: neg ? -t : t)
        }
        // optional "d." prefix before hours
        if let dot = colonParts[0].firstIndex(of: ".") {
            guard let d = num(colonParts[0][..<dot]) else { return nil }
            days = d
            rest = s[s.index(after: dot)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        guard let h = num(parts[0]), h < 24, let m = num(parts[1]), m < 60 else { return nil }
        var sec: UInt64 = 0
        var frac: UInt64 = 0
        if parts.count == 3 {
            var secPart = parts[2]
            if let dot = secPart.firstIndex(of: ".") {
                let f = secPart[secPart.index(after: dot)...]
                guard !f.isEmpty, f.count <= 7, let fv = num(f) else { return nil }
                var fv2 = fv
                for _ in 0..<(7 - f.count) { fv2 *= 10 }
                frac = fv2
                secPart = secPart[..<dot]
            }
            guard let sv = num(secPart), sv < 60 else { return nil }
            sec = sv
        }
        guard days <= 10_675_199 else { return nil }
        let total = Int64(days) * ticksPerDay + Int64(h) * ticksPerHour + Int64(m) * ticksPerMinute
            + Int64(sec) * ticksPerSecond + Int64(frac)
        return DotNetTimeSpan(ticks: neg ? -total : total)
    }
}

func pad<T: BinaryInteger>(_ v: T, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension String {
    /// Trims the characters .NET's `char.IsWhiteSpace` accepts (the common subset).
    func trimmingDotNetWhitespace() -> String {
        let ws: (Character) -> Bool = { $0.isWhitespace }
        var sub = Substring(self)
        while let f = sub.first, ws(f) { sub = sub.dropFirst() }
        while let l = sub.last, ws(l) { sub = sub.dropLast() }
        return String(sub)
    }
}
