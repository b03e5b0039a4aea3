import Foundation

/// Members of `DateTime`, `DateTimeOffset` and `TimeSpan`.
enum DateMembers {
    static func property(_ date: DateTimeValue, _ name: String) throws -> Value? {
        let c = date.components
        switch name {
        case "Year": return .int(Int32(c.year))
        case "Month": return .int(Int32(c.month))
        case "Day": return .int(Int32(c.day))
        case "Hour": return .int(Int32(c.hour))
        case "Minute": return .int(Int32(c.minute))
        case "Second": return .int(Int32(c.second))
        case "Millisecond": return .int(Int32(c.fraction / 10_000))
        case "Ticks": return .long(date.ticks)
        case "Date": return .dateTime(DateTimeValue(ticks: date.ticks - date.ticks % Ticks.perDay, kind: date.kind))
        case "TimeOfDay": return .timeSpan(date.ticks % Ticks.perDay)
        case "DayOfWeek": return .object(EnumValue("DayOfWeek", ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][date.dayOfWeek], date.dayOfWeek))
        case "DayOfYear": return .int(Int32(date.dayOfYear))
        case "Kind":
            switch date.kind {
            case .utc: return .object(EnumValue("DateTimeKind", "Utc", 1))
            case .local: return .object(EnumValue("DateTimeKind", "Local", 2))
            case .unspecified: return .object(EnumValue("DateTimeKind", "Unspecified", 0))
            }
        default: return nil
        }
    }

    static func offsetProperty(_ date: DateTimeOffsetValue, _ name: String) throws -> Value? {
        switch name {
        case "UtcDateTime": return .dateTime(date.utcDateTime)
        case "DateTime", "LocalDateTime": return .dateTime(date.localDateTime)
        case "Offset": return .timeSpan(Int64(date.offsetMinutes) * Ticks.perMinute)
        case "UtcTicks": return .long(date.utcTicks)
        case "Ticks": return .long(date.localDateTime.ticks)
        default: return try property(date.localDateTime, name)
        }
    }

    static func timeSpanProperty(_ ticks: Int64, _ name: String) -> Value? {
        switch name {
        case "Ticks": .long(ticks)
        case "Days": .int(Int32(ticks / Ticks.perDay))
        case "Hours": .int(Int32(ticks / Ticks.perHour % 24))
        case "Minutes": .int(Int32(ticks / Ticks.perMinute % 60))
        case "Seconds": .int(Int32(ticks / Ticks.perSecond % 60))
        case "Milliseconds": .int(Int32(ticks / Ticks.perMillisecond % 1000))
        case "TotalDays": .double(Double(ticks) / Double(Ticks.perDay))
        case "TotalHours": .double(Double(ticks) / Double(Ticks.perHour))
        case "TotalMinutes": .double(Double(ticks) / Double(Ticks.perMinute))
        case "TotalSeconds": .double(Double(ticks) / Double(Ticks.perSecond))
        case "TotalMilliseconds": .double(Double(ticks) / Double(Ticks.perMillisecond))
        default: nil
        }
    }

    /// Ticks for a double amount of a unit, rounded to the nearest millisecond as .NET's Add* do.
    static func ticks(_ amount: Double, _ unitTicks: Int64) throws -> Int64 {
        let milliseconds = (amount * Double(unitTicks) / Double(Ticks.perMillisecond)).rounded()
        guard milliseconds.isFinite, abs(milliseconds) < 9.2e14 else {
            throw ExpressionRuntimeError.argumentOutOfRange("value", "Value to add was out of range.")
        }
        return Int64(milliseconds) * Ticks.perMillisecond
    }

    static func call(_ value: Value, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch value {
        case .dateTime(let date):
            switch (name, count) {
            // ToString first: the most used member (`context.Timestamp.ToString("o")`).
            case ("ToString", 0): return .string(value.dotNetString)
            case ("ToString", _):
                let format = try Conversions.toStringOrNull(arguments[0])
                return .string(try Formatting.format(value, format))
            case ("AddTicks", 1): return .dateTime(try date.adding(ticks: try Conversions.toInt64(arguments[0])))
            case ("AddMilliseconds", 1): return .dateTime(try date.adding(ticks: try ticks(try Conversions.toDouble(arguments[0]), Ticks.perMillisecond)))
            case ("AddSeconds", 1): return .dateTime(try date.adding(ticks: try ticks(try Conversions.toDouble(arguments[0]), Ticks.perSecond)))
            case ("AddMinutes", 1): return .dateTime(try date.adding(ticks: try ticks(try Conversions.toDouble(arguments[0]), Ticks.perMinute)))
            case ("AddHours", 1): return .dateTime(try date.adding(ticks: try ticks(try Conversions.toDouble(arguments[0]), Ticks.perHour)))
            case ("AddDays", 1): return .dateTime(try date.adding(ticks: try ticks(try Conversions.toDouble(arguments[0]), Ticks.perDay)))
            case ("AddMonths", 1): return .dateTime(try date.addingMonths(try Conversions.toInt(arguments[0])))
            case ("AddYears", 1): return .dateTime(try date.addingMonths(12 * (try Conversions.toInt(arguments[0]))))
            case ("Add", 1):
                guard case .timeSpan(let t) = arguments[0] else { return nil }
                return .dateTime(try date.adding(ticks: t))
            case ("Subtract", 1):
                switch arguments[0] {
                case .timeSpan(let t): return .dateTime(try date.adding(ticks: 0 &- t))
                case .dateTime(let other): return .timeSpan(date.ticks &- other.ticks)
                default: return nil
                }
            case ("ToUniversalTime", 0): return .dateTime(DateTimeValue(ticks: date.ticks, kind: .utc))
            case ("ToLocalTime", 0): return .dateTime(DateTimeValue(ticks: date.ticks, kind: .local))
            case ("ToShortDateString", 0): return .string(try Formatting.format(value, "d"))
            case ("ToLongDateString", 0): return .string(try Formatting.format(value, "D"))
            case ("ToShortTimeString", 0): return .string(try Formatting.format(value, "t"))
            case ("ToLongTimeString", 0): return .string(try Formatting.format(value, "T"))
            case ("ToBinary", 0): return .long(date.ticks)
            case ("ToFileTimeUtc", 0), ("ToFileTime", 0): return .long(date.ticks - 504_911_232_000_000_000)
            default: return nil
            }
        case .dateTimeOffset(let date):
            switch (name, count) {
            case ("ToUnixTimeSeconds", 0): return .long(date.utcDateTime.unixSeconds)
            case ("ToUnixTimeMilliseconds", 0): return .long(date.utcDateTime.unixMilliseconds)
            case ("ToUniversalTime", 0): return .dateTimeOffset(DateTimeOffsetValue(utcTicks: date.utcTicks, offsetMinutes: 0))
            case ("ToString", 0): return .string(value.dotNetString)
            case ("ToString", _): return .string(try Formatting.format(value, try Conversions.toStringOrNull(arguments[0])))
            case ("Subtract", 1):
                switch arguments[0] {
                case .dateTimeOffset(let other): return .timeSpan(date.utcTicks &- other.utcTicks)
                case .timeSpan(let t): return .dateTimeOffset(DateTimeOffsetValue(utcTicks: try DateTimeValue(ticks: date.utcTicks).adding(ticks: 0 &- t).ticks, offsetMinutes: date.offsetMinutes))
                default: return nil
                }
            default:
                // AddX and friends: apply to the UTC instant, keep the offset.
                guard name.hasPrefix("Add"), case .dateTime(let moved)? = try call(.dateTime(date.utcDateTime), name, arguments, evaluation) else { return nil }
                return .dateTimeOffset(DateTimeOffsetValue(utcTicks: moved.ticks, offsetMinutes: date.offsetMinutes))
            }
        case .timeSpan(let t):
            switch (name, count) {
            case ("Add", 1):
                guard case .timeSpan(let other) = arguments[0] else { return nil }
                return try Operators.binary(.add, value, .timeSpan(other), evaluation)
            case ("Subtract", 1):
                guard case .timeSpan(let other) = arguments[0] else { return nil }
                return try Operators.binary(.subtract, value, .timeSpan(other), evaluation)
            case ("Negate", 0): return .timeSpan(0 &- t)
            case ("Duration", 0): return .timeSpan(t == Int64.min ? Int64.max : abs(t))
            case ("ToString", 0): return .string(timeSpanString(t))
            case ("ToString", _): return .string(try Formatting.format(value, try Conversions.toStringOrNull(arguments[0]) ?? "c"))
            default: return nil
            }
        default:
            return nil
        }
    }
}
