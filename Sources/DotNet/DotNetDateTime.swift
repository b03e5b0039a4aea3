import PolicySource

/// `System.DateTimeKind`.
public enum DotNetDateTimeKind: Int, Sendable, Hashable {
    case unspecified = 0, utc = 1, local = 2

    /// The .NET enum member name (`Unspecified`, `Utc`, `Local`).
    public var name: String {
        switch self {
        case .unspecified: return "Unspecified"
        case .utc: return "Utc"
        case .local: return "Local"
        }
    }
}

/// `System.DayOfWeek` (Sunday = 0).
public enum DotNetDayOfWeek: Int, Sendable, Hashable, CaseIterable {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// The .NET enum member name (`Sunday`…), which is also what `ToString()` prints.
    public var name: String { dotNetDayNames[rawValue] }
}

let dotNetDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
let dotNetMonthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                        "September", "October", "November", "December"]

/// `System.DateTime`: 100-ns ticks since 0001-01-01T00:00:00 plus a `DateTimeKind`.
///
/// The simulated gateway's local time zone is UTC (as on Azure API Management), so
/// `ToLocalTime`/`ToUniversalTime` only change the kind and `zzz` prints `+00:00`.
/// `Now`/`UtcNow` take the instant from the caller's virtual clock: see ``utcNow(unixMilliseconds:)``.
public struct DotNetDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `Ticks`.
    public let ticks: Int64
    /// `Kind`.
    public let kind: DotNetDateTimeKind

    /// `DateTime.MaxValue.Ticks`.
    public static let maxTicks: Int64 = 3_155_378_975_999_999_999
    /// Ticks at 1970-01-01T00:00:00Z.
    public static let unixEpochTicks: Int64 = 621_355_968_000_000_000
    /// `DateTime.MinValue`.
    public static let minValue = DotNetDateTime(uncheckedTicks: 0, kind: .unspecified)
    /// `DateTime.MaxValue`.
    public static let maxValue = DotNetDateTime(uncheckedTicks: maxTicks, kind: .unspecified)
    /// `DateTime.UnixEpoch`.
    public static let unixEpoch = DotNetDateTime(uncheckedTicks: unixEpochTicks, kind: .utc)

    init(uncheckedTicks: Int64, kind: DotNetDateTimeKind) {
        self.ticks = uncheckedTicks
        self.kind = kind
    }

    /// `new DateTime(ticks, kind)`; throws `ArgumentOutOfRangeException` outside MinValue…MaxValue.
    public init(ticks: Int64, kind: DotNetDateTimeKind = .unspecified) throws {
        guard ticks >= 0, ticks <= Self.maxTicks else {
            throw DotNetException.argumentOutOfRange("ticks", "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.")
        }
        self.ticks = ticks
        self.kind = kind
    }

    /// `new DateTime(year, month, day, hour, minute, second, millisecond, kind)`.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                millisecond: Int = 0, kind: DotNetDateTimeKind = .unspecified) throws {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(year: year, month: month) else {
            throw DotNetException("ArgumentOutOfRangeException", "Year, Month, and Day parameters describe an un-representable DateTime.")
        }
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else {
            throw DotNetException("ArgumentOutOfRangeException", "Hour, Minute, and Second parameters describe an un-representable DateTime.")
        }
        guard (0..<1000).contains(millisecond) else {
            throw DotNetException.argumentOutOfRange("millisecond", "Valid values are between 0 and 999, inclusive.")
        }
        let days = Int64(Self.daysBeforeYear(year) + Self.daysBeforeMonth(year: year, month: month) + day - 1)
        ticks = days * DotNetTimeSpan.ticksPerDay + Int64(hour) * DotNetTimeSpan.ticksPerHour
            + Int64(minute) * DotNetTimeSpan.ticksPerMinute + Int64(second) * DotNetTimeSpan.ticksPerSecond
            + Int64(millisecond) * DotNetTimeSpan.ticksPerMillisecond
        self.kind = kind
    }

    /// `DateTime.UtcNow` read from the simulator's virtual clock (milliseconds since the Unix epoch).
    public static func utcNow(unixMilliseconds: Int64) -> DotNetDateTime {
        let t = unixEpochTicks &+ unixMilliseconds.multipliedReportingOverflow(by: 10_000).partialValue
        return DotNetDateTime(uncheckedTicks: min(max(t, 0), maxTicks), kind: .utc)
    }

    /// `DateTime.Today` (local date at midnight, kind Local).
    public static func today(unixMilliseconds: Int64) -> DotNetDateTime {
        now(unixMilliseconds: unixMilliseconds).date
    }

    /// `DateTime.Now` (local = UTC on the gateway), kind Local.
    public static func now(unixMilliseconds: Int64) -> DotNetDateTime {
        utcNow(unixMilliseconds: unixMilliseconds).specifyKind(.local)
    }

    // MARK: Calendar

    /// `DateTime.IsLeapYear`.
    public static func isLeapYear(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// `DateTime.DaysInMonth`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysBeforeYear(_ year: Int) -> Int {
        let y = year - 1
        return y * 365 + y / 4 - y / 100 + y / 400
    }

    static func daysBeforeMonth(year: Int, month: Int) -> Int {
        var d = 0
        if month > 1 { for m in 1..<month { d += daysInMonth(year: year, month: m) } }
        return d
    }

    /// (year, month, day) of the date.
    public var dateParts: (year: Int, month: Int, day: Int) {
        var n = Int(ticks / DotNetTimeSpan.ticksPerDay)
        let y400 = n / 146_097; n -= y400 * 146_097
        var y100 = n / 36_524; if y100 == 4 { y100 = 3 }; n -= y100 * 36_524
        let y4 = n / 1461; n -= y4 * 1461
        var y1 = n / 365; if y1 == 4 { y1 = 3 }; n -= y1 * 365
        let year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1
        var month = 1
        while month < 12 {
            let dim = Self.daysInMonth(year: year, month: month)
            if n < dim { break }
            n -= dim
            month += 1
        }
        return (year, month, n + 1)
    }

    /// `Year`.
    public var year: Int { dateParts.year }
    /// `Month`.
    public var month: Int { dateParts.month }
    /// `Day`.
    public var day: Int { dateParts.day }
    /// `Hour`.
    public var hour: Int { Int((ticks / DotNetTimeSpan.ticksPerHour) % 24) }
    /// `Minute`.
    public var minute: Int { Int((ticks / DotNetTimeSpan.ticksPerMinute) % 60) }
    /// `Second`.
    public var second: Int { Int((ticks / DotNetTimeSpan.ticksPerSecond) % 60) }
    /// `Millisecond`.
    public var millisecond: Int { Int((ticks / DotNetTimeSpan.ticksPerMillisecond) % 1000) }
    /// `DayOfWeek` (0001-01-01 was a Monday).
    public var dayOfWeek: DotNetDayOfWeek {
        DotNetDayOfWeek(rawValue: Int((ticks / DotNetTimeSpan.ticksPerDay + 1) % 7)) ?? .sunday
    }
    /// `DayOfYear`.
    public var dayOfYear: Int {
        let p = dateParts
        return Self.daysBeforeMonth(year: p.year, month: p.month) + p.day
    }
    /// `Date` (midnight, same kind).
    public var date: DotNetDateTime {
        DotNetDateTime(uncheckedTicks: ticks - ticks % DotNetTimeSpan.ticksPerDay, kind: kind)
    }
    /// `TimeOfDay`.
    public var timeOfDay: DotNetTimeSpan { DotNetTimeSpan(ticks: ticks % DotNetTimeSpan.ticksPerDay) }

    // MARK: Arithmetic

    /// `AddTicks`; throws `ArgumentOutOfRangeException` when the result is out of range.
    public func addTicks(_ value: Int64) throws -> DotNetDateTime {
        guard let r = ticks.addingChecked(value), r >= 0, r <= Self.maxTicks else {
            throw DotNetException.argumentOutOfRange("value", "The added or subtracted value results in an un-representable DateTime.")
        }
        return DotNetDateTime(uncheckedTicks: r, kind: kind)
    }

    private func addUnits(_ value: Double, _ unitTicks: Int64) throws -> DotNetDateTime {
        let maxUnits = Double(Self.maxTicks / unitTicks)
        guard !value.isNaN, abs(value) <= maxUnits else {
            throw DotNetException.argumentOutOfRange("value", "Value to add was out of range.")
        }
        // .NET 7+: integral part exact, fractional part truncated to ticks.
        let integral = value.rounded(.towardZero)
        let fraction = value - integral
        let t = Int64(integral) &* unitTicks &+ Int64((fraction * Double(unitTicks)).rounded(.towardZero))
        return try addTicks(t)
    }

    /// `AddDays(double)`.
    public func addDays(_ v: Double) throws -> DotNetDateTime { try addUnits(v, DotNetTimeSpan.ticksPerDay) }
    /// `AddHours(double)`.
    public func addHours(_ v: Double) throws -> DotNetDateTime { try addUnits(v, DotNetTimeSpan.ticksPerHour) }
    /// `AddMinutes(double)`.
    public func addMinutes(_ v: Double) throws -> DotNetDateTime { try addUnits(v, DotNetTimeSpan.ticksPerMinute) }
    /// `AddSeconds(double)`.
    public func addSeconds(_ v: Double) throws -> DotNetDateTime { try addUnits(v, DotNetTimeSpan.ticksPerSecond) }
    /// `AddMilliseconds(double)`.
    public func addMilliseconds(_ v: Double) throws -> DotNetDateTime { try addUnits(v, DotNetTimeSpan.ticksPerMillisecond) }
    /// `Add(TimeSpan)`.
    public func add(_ span: DotNetTimeSpan) throws -> DotNetDateTime { try addTicks(span.ticks) }

    /// `AddMonths(int)`; the day is clamped to the target month's length.
    public func addMonths(_ months: Int) throws -> DotNetDateTime {
        guard months >= -120_000, months <= 120_000 else {
            throw DotNetException.argumentOutOfRange("months", "Months value must be between +/-120000.")
        }
        let p = dateParts
        let total = p.year * 12 + (p.month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        guard y >= 1, y <= 9999 else {
            throw DotNetException.argumentOutOfRange("months", "The added or subtracted value results in an un-representable DateTime.")
        }
        let d = min(p.day, Self.daysInMonth(year: y, month: m))
        let days = Int64(Self.daysBeforeYear(y) + Self.daysBeforeMonth(year: y, month: m) + d - 1)
        return DotNetDateTime(uncheckedTicks: days * DotNetTimeSpan.ticksPerDay + ticks % DotNetTimeSpan.ticksPerDay, kind: kind)
    }

    /// `AddYears(int)`.
    public func addYears(_ years: Int) throws -> DotNetDateTime {
        guard years >= -10_000, years <= 10_000 else {
            throw DotNetException.argumentOutOfRange("years", "Years value must be between +/-10000.")
        }
        do { return try addMonths(years * 12) } catch {
            throw DotNetException.argumentOutOfRange("years", "The added or subtracted value results in an un-representable DateTime.")
        }
    }

    /// `Subtract(DateTime)` / `a - b`: the kinds are ignored, as in .NET.
    public func subtract(_ other: DotNetDateTime) -> DotNetTimeSpan { DotNetTimeSpan(ticks: ticks - other.ticks) }
    /// `Subtract(TimeSpan)`.
    public func subtract(_ span: DotNetTimeSpan) throws -> DotNetDateTime {
        if span.ticks == Int64.min { throw DotNetException.argumentOutOfRange("value", "The added or subtracted value results in an un-representable DateTime.") }
        return try addTicks(-span.ticks)
    }

    /// `DateTime.SpecifyKind`.
    public func specifyKind(_ k: DotNetDateTimeKind) -> DotNetDateTime { DotNetDateTime(uncheckedTicks: ticks, kind: k) }
    /// `ToUniversalTime()` (local zone is UTC: only the kind changes).
    public func toUniversalTime() -> DotNetDateTime { specifyKind(.utc) }
    /// `ToLocalTime()` (local zone is UTC: only the kind changes).
    public func toLocalTime() -> DotNetDateTime { specifyKind(.local) }

    /// Comparison is by ticks only (kind ignored), as in .NET.
    public static func < (a: DotNetDateTime, b: DotNetDateTime) -> Bool { a.ticks < b.ticks }
    /// Equality is by ticks only (kind ignored), as in .NET.
    public static func == (a: DotNetDateTime, b: DotNetDateTime) -> Bool { a.ticks == b.ticks }
    public func hash(into h: inout Hasher) { h.combine(ticks) }

    /// Seconds since the Unix epoch (for `DateTimeOffset` conversions).
    var unixMilliseconds: Int64 { (ticks - Self.unixEpochTicks) / DotNetTimeSpan.ticksPerMillisecond }

    // MARK: Formatting

    /// `ToString()` with InvariantCulture: `MM/dd/yyyy HH:mm:ss` (the "G" pattern).
    public var description: String { (try? toString("G")) ?? "" }

    /// `ToString(format)` with InvariantCulture: standard ("d","D","f","F","g","G","M","O","R","s","t","T","u","U","Y")
    /// and custom formats. Throws `FormatException` for an invalid format.
    public func toString(_ format: String?) throws -> String {
        try DotNetDateFormat.format(self, offset: nil, format: format)
    }
}

/// `System.DateTimeOffset`: a local date/time plus an offset from UTC (whole minutes, ±14h).
public struct DotNetDateTimeOffset: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The local clock time (`DateTime` property, kind Unspecified).
    public let dateTime: DotNetDateTime
    /// `Offset`.
    public let offset: DotNetTimeSpan

    /// `new DateTimeOffset(dateTime, offset)`; validates the offset (whole minutes, ±14:00) and UTC range.
    public init(dateTime: DotNetDateTime, offset: DotNetTimeSpan) throws {
        guard offset.ticks % DotNetTimeSpan.ticksPerMinute == 0 else {
            throw DotNetException.argument("Offset must be specified in whole minutes. (Parameter 'offset')")
        }
        guard offset.ticks.magnitude <= UInt64(14 * DotNetTimeSpan.ticksPerHour) else {
            throw DotNetException.argumentOutOfRange("offset", "Offset must be within plus or minus 14 hours.")
        }
        let utc = dateTime.ticks - offset.ticks
        guard utc >= 0, utc <= DotNetDateTime.maxTicks else {
            throw DotNetException.argumentOutOfRange("offset", "The UTC time represented when the offset is applied must be between year 0 and 10,000.")
        }
        self.dateTime = dateTime.specifyKind(.unspecified)
        self.offset = offset
    }

    /// `new DateTimeOffset(dateTime)`: UTC kind → offset 0; others use the local offset (0 on the gateway).
    public init(_ dateTime: DotNetDateTime) {
        self.dateTime = dateTime.specifyKind(.unspecified)
        self.offset = .zero
    }

    /// `DateTimeOffset.UtcNow` from the virtual clock.
    public static func utcNow(unixMilliseconds: Int64) -> DotNetDateTimeOffset {
        DotNetDateTimeOffset(DotNetDateTime.utcNow(unixMilliseconds: unixMilliseconds))
    }

    /// `DateTimeOffset.FromUnixTimeSeconds`; throws `ArgumentOutOfRangeException` outside the valid range.
    public static func fromUnixTimeSeconds(_ seconds: Int64) throws -> DotNetDateTimeOffset {
        guard seconds >= -62_135_596_800, seconds <= 253_402_300_799 else {
            throw DotNetException.argumentOutOfRange("seconds", "Valid values are between -62135596800 and 253402300799, inclusive.")
        }
        return DotNetDateTimeOffset(DotNetDateTime(uncheckedTicks: seconds * DotNetTimeSpan.ticksPerSecond + DotNetDateTime.unixEpochTicks, kind: .utc))
    }

    /// `DateTimeOffset.FromUnixTimeMilliseconds`.
    public static func fromUnixTimeMilliseconds(_ ms: Int64) throws -> DotNetDateTimeOffset {
        guard ms >= -62_135_596_800_000, ms <= 253_402_300_799_999 else {
            throw DotNetException.argumentOutOfRange("milliseconds", "Valid values are between -62135596800000 and 253402300799999, inclusive.")
        }
        return DotNetDateTimeOffset(DotNetDateTime(uncheckedTicks: ms * DotNetTimeSpan.ticksPerMillisecond + DotNetDateTime.unixEpochTicks, kind: .utc))
    }

    /// `UtcDateTime` (kind Utc).
    public var utcDateTime: DotNetDateTime {
        DotNetDateTime(uncheckedTicks: dateTime.ticks - offset.ticks, kind: .utc)
    }
    /// `LocalDateTime` (kind Local; local zone is UTC).
    public var localDateTime: DotNetDateTime { utcDateTime.specifyKind(.local) }
    /// `UtcTicks`.
    public var utcTicks: Int64 { dateTime.ticks - offset.ticks }
    /// `Ticks` (of the local clock time).
    public var ticks: Int64 { dateTime.ticks }

    /// `ToUnixTimeSeconds()` (floor division, as .NET).
    public func toUnixTimeSeconds() -> Int64 {
        let s = utcTicks / DotNetTimeSpan.ticksPerSecond
        return s - 62_135_596_800
    }
    /// `ToUnixTimeMilliseconds()`.
    public func toUnixTimeMilliseconds() -> Int64 {
        let ms = utcTicks / DotNetTimeSpan.ticksPerMillisecond
        return ms - 62_135_596_800_000
    }

    /// `ToOffset(TimeSpan)`.
    public func toOffset(_ o: DotNetTimeSpan) throws -> DotNetDateTimeOffset {
        try DotNetDateTimeOffset(dateTime: DotNetDateTime(uncheckedTicks: utcTicks, kind: .unspecified).addTicks(o.ticks), offset: o)
    }
    /// `ToUniversalTime()`.
    public func toUniversalTime() -> DotNetDateTimeOffset { DotNetDateTimeOffset(utcDateTime) }

    /// `Add(TimeSpan)`.
    public func add(_ span: DotNetTimeSpan) throws -> DotNetDateTimeOffset {
        try DotNetDateTimeOffset(dateTime: dateTime.add(span), offset: offset)
    }
    /// `AddSeconds` etc. through a DateTime operation on the clock time.
    public func adding(_ op: (DotNetDateTime) throws -> DotNetDateTime) throws -> DotNetDateTimeOffset {
        try DotNetDateTimeOffset(dateTime: op(dateTime), offset: offset)
    }
    /// `AddTicks`.
    public func addTicks(_ v: Int64) throws -> DotNetDateTimeOffset { try adding { try $0.addTicks(v) } }
    /// `AddDays`.
    public func addDays(_ v: Double) throws -> DotNetDateTimeOffset { try adding { try $0.addDays(v) } }
    /// `AddHours`.
    public func addHours(_ v: Double) throws -> DotNetDateTimeOffset { try adding { try $0.addHours(v) } }
    /// `AddMinutes`.
    public func addMinutes(_ v: Double) throws -> DotNetDateTimeOffset { try adding { try $0.addMinutes(v) } }
    /// `AddSeconds`.
    public func addSeconds(_ v: Double) throws -> DotNetDateTimeOffset { try adding { try $0.addSeconds(v) } }
    /// `AddMilliseconds`.
    public func addMilliseconds(_ v: Double) throws -> DotNetDateTimeOffset { try adding { try $0.addMilliseconds(v) } }
    /// `AddMonths`.
    public func addMonths(_ v: Int) throws -> DotNetDateTimeOffset { try adding { try $0.addMonths(v) } }
    /// `AddYears`.
    public func addYears(_ v: Int) throws -> DotNetDateTimeOffset { try adding { try $0.addYears(v) } }

    /// `DateTimeOffset.Now` (local offset is +00:00 on the gateway).
    public static func now(unixMilliseconds: Int64) -> DotNetDateTimeOffset { utcNow(unixMilliseconds: unixMilliseconds) }

    /// `Year`, `Month`, … of the clock time.
    public var year: Int { dateTime.year }
    public var month: Int { dateTime.month }
    public var day: Int { dateTime.day }
    public var hour: Int { dateTime.hour }
    public var minute: Int { dateTime.minute }
    public var second: Int { dateTime.second }
    public var millisecond: Int { dateTime.millisecond }
    public var dayOfWeek: DotNetDayOfWeek { dateTime.dayOfWeek }
    /// `Date` (clock date at midnight, kind Unspecified).
    public var date: DotNetDateTime { dateTime.date }

    /// `a - b`.
    public func subtract(_ other: DotNetDateTimeOffset) -> DotNetTimeSpan { DotNetTimeSpan(ticks: utcTicks - other.utcTicks) }

    /// Comparison and equality use the UTC instant, as in .NET.
    public static func < (a: DotNetDateTimeOffset, b: DotNetDateTimeOffset) -> Bool { a.utcTicks < b.utcTicks }
    public static func == (a: DotNetDateTimeOffset, b: DotNetDateTimeOffset) -> Bool { a.utcTicks == b.utcTicks }
    public func hash(into h: inout Hasher) { h.combine(utcTicks) }

    /// `ToString()` with InvariantCulture: `MM/dd/yyyy HH:mm:ss zzz`.
    public var description: String { (try? toString(nil)) ?? "" }

    /// `ToString(format)`.
    public func toString(_ format: String?) throws -> String {
        guard let format, !format.isEmpty else {
            return try DotNetDateFormat.format(dateTime, offset: offset, format: "MM/dd/yyyy HH:mm:ss zzz")
        }
        switch format {
        case "r", "R", "u":
            return try DotNetDateFormat.format(utcDateTime, offset: .zero, format: format)
        default:
            return try DotNetDateFormat.format(dateTime, offset: offset, format: format)
        }
    }
}
