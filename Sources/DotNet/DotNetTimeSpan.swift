import PolicySource

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
        guard let t = dotNetCheckedLinear([(Int64(days), Self.ticksPerDay), (Int64(hours), Self.ticksPerHour),
                                     (Int64(minutes), Self.ticksPerMinute), (Int64(seconds), Self.ticksPerSecond),
                                     (Int64(milliseconds), Self.ticksPerMillisecond)]) else {
            throw DotNetException("ArgumentOutOfRangeException", "TimeSpan overflowed because the duration is too long.")
        }
        ticks = t
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
        guard let r = ticks.addingChecked(other.ticks) else { throw DotNetException.overflow("TimeSpan overflowed because the duration is too long.") }
        return DotNetTimeSpan(ticks: r)
    }
    /// `Subtract`.
    public func subtract(_ other: DotNetTimeSpan) throws -> DotNetTimeSpan {
        guard let r = ticks.subtractingChecked(other.ticks) else { throw DotNetException.overflow("TimeSpan overflowed because the duration is too long.") }
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
        s += dotNetPad(h, 2) + ":" + dotNetPad(m, 2) + ":" + dotNetPad(sec, 2)
        if frac > 0 { s += "." + dotNetPad(frac, 7) }
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
            s += "\(h):" + dotNetPad(m, 2) + ":" + dotNetPad(sec, 2)
            if frac > 0 {
                var f = dotNetPad(frac, 7)
                while f.hasSuffix("0") { f.removeLast() }
                s += "." + f
            }
            return s
        case "G":
            return (neg ? "-" : "") + "\(d):" + dotNetPad(h, 2) + ":" + dotNetPad(m, 2) + ":" + dotNetPad(sec, 2) + "." + dotNetPad(frac, 7)
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
                out += dotNetPad(d, n); i += n
            case "h":
                let n = runLength(c)
                if n > 2 { throw DotNetException.inputStringFormat }
                out += dotNetPad(h, n); i += n
            case "m":
                let n = runLength(c)
                if n > 2 { throw DotNetException.inputStringFormat }
                out += dotNetPad(m, n); i += n
            case "s":
                let n = runLength(c)
                if n > 2 { throw DotNetException.inputStringFormat }
                out += dotNetPad(sec, n); i += n
            case "f", "F":
                let n = runLength(c)
                if n > 7 { throw DotNetException.inputStringFormat }
                var f = String(dotNetPad(frac, 7).prefix(n))
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

    enum ParseFailure: Error { case format, overflow }

    /// `TimeSpan.Parse(string)` (invariant): `[-]d`, `[-][d.]hh:mm[:ss[.fffffff]]`, `[-]d:hh:mm:ss[.fffffff]`.
    /// Throws `FormatException` "String 'x' was not recognized as a valid TimeSpan." or `OverflowException`
    /// "The TimeSpan string 'x' could not be parsed because at least one of the numeric components is out of range or contains too many digits.".
    public static func parse(_ text: String?) throws -> DotNetTimeSpan {
        guard let text else { throw DotNetException.argumentNull("input") }
        switch parseCore(text) {
        case .success(let t): return t
        case .failure(.format): throw DotNetException.format("String '\(text)' was not recognized as a valid TimeSpan.")
        case .failure(.overflow):
            throw DotNetException.overflow("The TimeSpan string '\(text)' could not be parsed because at least one of the numeric components is out of range or contains too many digits.")
        }
    }

    /// `TimeSpan.TryParse(string, out TimeSpan)`.
    public static func tryParse(_ text: String?) -> DotNetTimeSpan? {
        guard let text, case .success(let t) = parseCore(text) else { return nil }
        return t
    }

    static func parseCore(_ text: String) -> Result<DotNetTimeSpan, ParseFailure> {
        var s = Substring(text.trimmingDotNetWhitespace())
        var neg = false
        if s.first == "-" { neg = true; s = s.dropFirst() }
        func num(_ p: Substring) -> Result<UInt64, ParseFailure> {
            guard !p.isEmpty, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.format) }
            guard p.count <= 10, let v = UInt64(p) else { return .failure(.overflow) }
            return .success(v)
        }
        var days: UInt64 = 0
        var hours: UInt64 = 0, minutes: UInt64 = 0, secs: UInt64 = 0, frac: UInt64 = 0
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        do {
            switch parts.count {
            case 1:
                days = try num(s).get()
            case 2, 3, 4:
                var first = parts[0]
                var idx = 1
                if parts.count == 4 {
                    days = try num(first).get()
                    first = parts[1]; idx = 2
                } else if let dot = first.firstIndex(of: ".") {
                    days = try num(first[..<dot]).get()
                    first = first[first.index(after: dot)...]
                }
                hours = try num(first).get()
                var minPart = parts[idx]
                var secPart: Substring?
                if idx + 1 < parts.count { secPart = parts[idx + 1] }
                if secPart == nil, let dot = minPart.firstIndex(of: ".") {
                    // "hh:mm.fff" is not valid
                    _ = dot
                    return .failure(.format)
                }
                minutes = try num(minPart).get()
                if var sp = secPart {
                    if let dot = sp.firstIndex(of: ".") {
                        let f = sp[sp.index(after: dot)...]
                        guard !f.isEmpty, f.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.format) }
                        guard f.count <= 7, var fv = UInt64(f) else { return .failure(.overflow) }
                        for _ in 0..<(7 - f.count) { fv *= 10 }
                        frac = fv
                        sp = sp[..<dot]
                    }
                    secs = try num(sp).get()
                }
                minPart = ""
            default:
                return .failure(.format)
            }
        } catch {
            return .failure(error)
        }
        guard hours < 24, minutes < 60, secs < 60, days <= 10_675_199 else { return .failure(.overflow) }
        let sign: Int64 = neg ? -1 : 1
        guard let total = dotNetCheckedLinear([(sign * Int64(days), ticksPerDay), (sign * Int64(hours), ticksPerHour),
                                         (sign * Int64(minutes), ticksPerMinute), (sign * Int64(secs), ticksPerSecond),
                                         (sign * Int64(frac), 1)]) else { return .failure(.overflow) }
        return .success(DotNetTimeSpan(ticks: total))
    }
}

/// Σ aᵢ·bᵢ in Int64, nil on overflow.
func dotNetCheckedLinear(_ terms: [(Int64, Int64)]) -> Int64? {
    var sum: Int64 = 0
    for (a, b) in terms {
        let (p, o1) = a.multipliedReportingOverflow(by: b)
        let (s, o2) = sum.addingReportingOverflow(p)
        if o1 || o2 { return nil }
        sum = s
    }
    return sum
}

func dotNetPad<T: BinaryInteger>(_ v: T, _ width: Int) -> String {
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
