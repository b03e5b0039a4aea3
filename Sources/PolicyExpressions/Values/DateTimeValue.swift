import Foundation
import PolicySource

/// Ticks per unit (a tick is 100 ns, as in .NET).
public enum Ticks {
    public static let perMillisecond: Int64 = 10_000
    public static let perSecond: Int64 = 10_000_000
    public static let perMinute: Int64 = 600_000_000
    public static let perHour: Int64 = 36_000_000_000
    public static let perDay: Int64 = 864_000_000_000
    /// Ticks from 0001-01-01 to 1970-01-01.
    public static let unixEpoch: Int64 = 621_355_968_000_000_000
    /// DateTime.MaxValue.Ticks
    public static let max: Int64 = 3_155_378_975_999_999_999
}

/// A `System.DateTime`: ticks since 0001-01-01T00:00:00 and its `Kind`.
public struct DateTimeValue: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case unspecified, utc, local }
    public var ticks: Int64
    public var kind: Kind

    public init(ticks: Int64, kind: Kind = .utc) {
        self.ticks = ticks
        self.kind = kind
    }

    /// From a Foundation date (UTC).
    public init(date: Date) {
        let raw = (date.timeIntervalSince1970 * 10_000_000).rounded()
        let delta = raw.isFinite ? Int64(max(-6.2e17, min(2.5e18, raw))) : 0
        self.init(ticks: delta &+ Ticks.unixEpoch, kind: .utc)
    }

    /// Builds from calendar fields (proleptic Gregorian, as .NET); nil when out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0, kind: Kind = .unspecified) {
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second), (0...999).contains(millisecond) else { return nil }
        guard day >= 1, day <= DateTimeValue.daysInMonth(year, month) else { return nil }
        let days = DateTimeValue.daysBefore(year: year, month: month) + day - 1
        var ticks = Int64(days) * Ticks.perDay
        ticks += Int64(hour) * Ticks.perHour + Int64(minute) * Ticks.perMinute + Int64(second) * Ticks.perSecond
        ticks += Int64(millisecond) * Ticks.perMillisecond
        self.init(ticks: ticks, kind: kind)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        let table = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month) else { return 0 }
        return month == 2 && isLeap(year) ? 29 : table[month - 1]
    }

    /// Days from 0001-01-01 to the first of the month.
    static func daysBefore(year: Int, month: Int) -> Int {
        let y = year - 1
        var days = y * 365 + y / 4 - y / 100 + y / 400
        for m in 1..<month { days += daysInMonth(year, m) }
        return days
    }

    /// Calendar fields: year, month, day, hour, minute, second, fraction ticks (0..<10^7).
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Int) {
        let clamped = Swift.max(0, Swift.min(ticks, Ticks.max))
        var days = Int(clamped / Ticks.perDay)
        let timeTicks = clamped % Ticks.perDay
        let y400 = days / 146_097
        days -= y400 * 146_097
        var y100 = days / 36_524
        if y100 == 4 { y100 = 3 }
        days -= y100 * 36_524
        let y4 = days / 1_461
        days -= y4 * 1_461
        var y1 = days / 365
        if y1 == 4 { y1 = 3 }
        days -= y1 * 365
        let year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1
        var month = 1
        while month < 12, days >= DateTimeValue.daysInMonth(year, month) {
            days -= DateTimeValue.daysInMonth(year, month)
            month += 1
        }
        let hour = Int(timeTicks / Ticks.perHour)
        let minute = Int(timeTicks % Ticks.perHour / Ticks.perMinute)
        let second = Int(timeTicks % Ticks.perMinute / Ticks.perSecond)
        let fraction = Int(timeTicks % Ticks.perSecond)
        return (year, month, days + 1, hour, minute, second, fraction)
    }

    /// 0 = Sunday.
    public var dayOfWeek: Int { Int((ticks / Ticks.perDay + 1) % 7) }

    public var dayOfYear: Int {
        let c = components
        return DateTimeValue.daysBefore(year: c.year, month: c.month) - DateTimeValue.daysBefore(year: c.year, month: 1) + c.day
    }

    /// Seconds since the Unix epoch (floor), as `DateTimeOffset.ToUnixTimeSeconds`.
    public var unixSeconds: Int64 {
        let delta = ticks - Ticks.unixEpoch
        return delta >= 0 ? delta / Ticks.perSecond : (delta - Ticks.perSecond + 1) / Ticks.perSecond
    }

    public var unixMilliseconds: Int64 {
        let delta = ticks - Ticks.unixEpoch
        return delta >= 0 ? delta / Ticks.perMillisecond : (delta - Ticks.perMillisecond + 1) / Ticks.perMillisecond
    }

    /// Adds ticks, throwing ArgumentOutOfRangeException past the representable range, as .NET.
    func adding(ticks delta: Int64) throws -> DateTimeValue {
        guard let sum = ticks.addingChecked(delta), sum >= 0, sum <= Ticks.max else {
            throw ExpressionRuntimeError.argumentOutOfRange("value", "The added or subtracted value results in an un-representable DateTime.")
        }
        return DateTimeValue(ticks: sum, kind: kind)
    }

    func addingMonths(_ months: Int) throws -> DateTimeValue {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        guard (1...9999).contains(year) else {
            throw ExpressionRuntimeError.argumentOutOfRange("months", "The added or subtracted value results in an un-representable DateTime.")
        }
        let day = Swift.min(c.day, DateTimeValue.daysInMonth(year, month))
        let days = DateTimeValue.daysBefore(year: year, month: month) + day - 1
        return DateTimeValue(ticks: Int64(days) * Ticks.perDay + ticks % Ticks.perDay, kind: kind)
    }

    /// Fraction digits without trailing zeros (for the `o` and `K` style formats).
    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `ToString("o")`: `2026-01-01T00:00:00.0000000Z` (the `Z` only for UTC kind).
    public var roundTripString: String {
        let c = components
        var text = "\(DateTimeValue.padded(c.year, 4))-\(DateTimeValue.twoDigits(c.month))-\(DateTimeValue.twoDigits(c.day))T"
        text += "\(DateTimeValue.twoDigits(c.hour)):\(DateTimeValue.twoDigits(c.minute)):\(DateTimeValue.twoDigits(c.second))."
        text += DateTimeValue.padded(c.fraction, 7)
        if kind == .utc { text += "Z" }
        return text
    }

    /// `ToString()` with the invariant culture: `01/02/2026 15:04:05`.
    public var defaultString: String {
        let c = components
        return "\(DateTimeValue.twoDigits(c.month))/\(DateTimeValue.twoDigits(c.day))/\(DateTimeValue.padded(c.year, 4)) \(DateTimeValue.twoDigits(c.hour)):\(DateTimeValue.twoDigits(c.minute)):\(DateTimeValue.twoDigits(c.second))"
    }
}

/// A `System.DateTimeOffset`: the UTC instant and the offset from UTC in minutes.
public struct DateTimeOffsetValue: Sendable, Hashable {
    public var utcTicks: Int64
    public var offsetMinutes: Int

    public init(utcTicks: Int64, offsetMinutes: Int = 0) {
        self.utcTicks = utcTicks
        self.offsetMinutes = offsetMinutes
    }

    /// The local clock time (`DateTime` property).
    public var localDateTime: DateTimeValue {
        DateTimeValue(ticks: utcTicks &+ Int64(offsetMinutes) * Ticks.perMinute, kind: .unspecified)
    }

    public var utcDateTime: DateTimeValue { DateTimeValue(ticks: utcTicks, kind: .utc) }

    var offsetString: String {
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        return "\(sign)\(DateTimeValue.twoDigits(magnitude / 60)):\(DateTimeValue.twoDigits(magnitude % 60))"
    }

    /// `ToString()` with the invariant culture: `01/02/2026 15:04:05 +00:00`.
    public var defaultString: String { localDateTime.defaultString + " " + offsetString }

    /// `ToString("o")`
    public var roundTripString: String { localDateTime.roundTripString + offsetString }
}

/// `TimeSpan.ToString()` ("c" format): `[-][d.]hh:mm:ss[.fffffff]`.
func timeSpanString(_ ticks: Int64) -> String {
    let negative = ticks < 0
    let magnitude = ticks == Int64.min ? UInt64(Int64.max) + 1 : UInt64(abs(ticks))
    let days = magnitude / UInt64(Ticks.perDay)
    let rest = magnitude % UInt64(Ticks.perDay)
    let hours = Int(rest / UInt64(Ticks.perHour))
    let minutes = Int(rest % UInt64(Ticks.perHour) / UInt64(Ticks.perMinute))
    let seconds = Int(rest % UInt64(Ticks.perMinute) / UInt64(Ticks.perSecond))
    let fraction = Int(rest % UInt64(Ticks.perSecond))
    var text = negative ? "-" : ""
    if days > 0 { text += "\(days)." }
    text += "\(DateTimeValue.twoDigits(hours)):\(DateTimeValue.twoDigits(minutes)):\(DateTimeValue.twoDigits(seconds))"
    if fraction > 0 { text += "." + DateTimeValue.padded(fraction, 7) }
    return text
}
