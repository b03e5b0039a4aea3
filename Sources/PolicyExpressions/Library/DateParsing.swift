import DotNet
import Foundation

/// Static members of `DateTime`, `DateTimeOffset` and `TimeSpan` (parsing and factories).
enum DateParsing {
    static func call(_ type: String, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (type, name, count) {
        case ("DateTime", "Parse", _) where count >= 1:
            let text = try Conversions.toStringArgument(arguments[0], "s")
            return .dateTime(try parseDateTime(text, styles: styles(arguments.dropFirst()), evaluation))
        case ("DateTime", "ParseExact", _) where count >= 2:
            let text = try Conversions.toStringArgument(arguments[0], "s")
            let formats = try formatList(arguments[1])
            let parsed = try DotNetBridge.run { try DotNetDateTime.parseExact(text, formats: formats, styles: styles(arguments.dropFirst(2))) }
            return .dateTime(DotNetBridge.dateTimeValue(parsed))
        case ("DateTime", "TryParse", _) where count >= 2:
            let text = try? Conversions.toStringOrNull(arguments[0])
            if let text, let value = try? parseDateTime(text, styles: styles(arguments.dropFirst().dropLast()), evaluation) {
                evaluation.outValues = [.dateTime(value)]
                return .bool(true)
            }
            evaluation.outValues = [Conversions.defaultValue("DateTime")]
            return .bool(false)
        case ("DateTime", "TryParseExact", _) where count >= 3:
            let text = try? Conversions.toStringOrNull(arguments[0])
            let formats = try formatList(arguments[1])
            if let text, let parsed = try? DotNetDateTime.parseExact(text, formats: formats, styles: styles(arguments.dropFirst(2).dropLast())) {
                evaluation.outValues = [.dateTime(DotNetBridge.dateTimeValue(parsed))]
                return .bool(true)
            }
            evaluation.outValues = [Conversions.defaultValue("DateTime")]
            return .bool(false)
        case ("DateTime", "SpecifyKind", 2):
            guard case .dateTime(let date) = arguments[0], case .object(let object) = arguments[1], let kind = object as? EnumValue else { return nil }
            return .dateTime(DateTimeValue(ticks: date.ticks, kind: kind.rawValue == 1 ? .utc : (kind.rawValue == 2 ? .local : .unspecified)))
        case ("DateTime", "DaysInMonth", 2):
            let year = try Conversions.toInt(arguments[0]), month = try Conversions.toInt(arguments[1])
            guard (1...12).contains(month) else { throw ExpressionRuntimeError.argumentOutOfRange("month", "Month must be between one and twelve.") }
            return .int(Int32(DateTimeValue.daysInMonth(year, month)))
        case ("DateTime", "IsLeapYear", 1):
            return .bool(DateTimeValue.isLeap(try Conversions.toInt(arguments[0])))
        case ("DateTime", "Compare", 2), ("DateTimeOffset", "Compare", 2), ("TimeSpan", "Compare", 2):
            if try Operators.compare(.less, arguments[0], arguments[1]) { return .int(-1) }
            return .int(Operators.equals(arguments[0], arguments[1]) ? 0 : 1)
        case ("DateTimeOffset", "FromUnixTimeSeconds", 1):
            let seconds = try Conversions.toInt64(arguments[0])
            guard seconds >= -62_135_596_800, seconds <= 253_402_300_799 else {
                throw ExpressionRuntimeError.argumentOutOfRange("seconds", "Valid values are between -62135596800 and 253402300799, inclusive.")
            }
            return .dateTimeOffset(DateTimeOffsetValue(utcTicks: seconds * Ticks.perSecond + Ticks.unixEpoch))
        case ("DateTimeOffset", "FromUnixTimeMilliseconds", 1):
            let milliseconds = try Conversions.toInt64(arguments[0])
            guard milliseconds >= -62_135_596_800_000, milliseconds <= 253_402_300_799_999 else {
                throw ExpressionRuntimeError.argumentOutOfRange("milliseconds", "Valid values are between -62135596800000 and 253402300799999, inclusive.")
            }
            return .dateTimeOffset(DateTimeOffsetValue(utcTicks: milliseconds * Ticks.perMillisecond + Ticks.unixEpoch))
        case ("DateTimeOffset", "Parse", _) where count >= 1:
            let text = try Conversions.toStringArgument(arguments[0], "input")
            return .dateTimeOffset(offsetValue(try DotNetBridge.run { try DotNetDateTimeOffset.parse(text) }))
        case ("DateTimeOffset", "ParseExact", _) where count >= 2:
            let text = try Conversions.toStringArgument(arguments[0], "input")
            let format = try Conversions.toStringArgument(arguments[1], "format")
            return .dateTimeOffset(offsetValue(try DotNetBridge.run { try DotNetDateTimeOffset.parseExact(text, format) }))
        case ("DateTimeOffset", "TryParse", _) where count >= 2:
            let text = try? Conversions.toStringOrNull(arguments[0])
            if let text, let value = DotNetDateTimeOffset.tryParse(text) {
                evaluation.outValues = [.dateTimeOffset(offsetValue(value))]
                return .bool(true)
            }
            evaluation.outValues = [.dateTimeOffset(DateTimeOffsetValue(utcTicks: 0))]
            return .bool(false)
        case ("TimeSpan", "FromTicks", 1): return .timeSpan(try Conversions.toInt64(arguments[0]))
        case ("TimeSpan", "FromMilliseconds", 1): return .timeSpan(try timeSpan(arguments[0], Ticks.perMillisecond))
        case ("TimeSpan", "FromSeconds", 1): return .timeSpan(try timeSpan(arguments[0], Ticks.perSecond))
        case ("TimeSpan", "FromMinutes", 1): return .timeSpan(try timeSpan(arguments[0], Ticks.perMinute))
        case ("TimeSpan", "FromHours", 1): return .timeSpan(try timeSpan(arguments[0], Ticks.perHour))
        case ("TimeSpan", "FromDays", 1): return .timeSpan(try timeSpan(arguments[0], Ticks.perDay))
        case ("TimeSpan", "Parse", _) where count >= 1:
            let text = try Conversions.toStringOrNull(arguments[0])
            return .timeSpan(try DotNetBridge.run { try DotNetTimeSpan.parse(text) }.ticks)
        case ("TimeSpan", "TryParse", _) where count >= 2:
            let text = try? Conversions.toStringOrNull(arguments[0])
            let span = DotNetTimeSpan.tryParse(text ?? nil)
            evaluation.outValues = [.timeSpan(span?.ticks ?? 0)]
            return .bool(span != nil)
        default:
            return nil
        }
    }

    private static func timeSpan(_ value: Value, _ unit: Int64) throws -> Int64 {
        switch value {
        case .int(let v): return Int64(v) &* unit
        case .long(let v): return v &* unit
        default:
            let amount = try Conversions.toDouble(value) * Double(unit)
            guard amount.isFinite, abs(amount) < 9.2e18 else { throw ExpressionRuntimeError("System.OverflowException", "TimeSpan overflowed because the duration is too long.") }
            return Int64(amount.rounded())
        }
    }

    /// `DateTime.Parse` with the invariant culture; a date without a year uses the virtual clock's year.
    static func parseDateTime(_ text: String, styles: DotNetDateTimeStyles = [], _ evaluation: Evaluation? = nil) throws -> DateTimeValue {
        let now = evaluation.flatMap { DotNetBridge.dateTime($0.context.now) }
        return DotNetBridge.dateTimeValue(try DotNetBridge.run { try DotNetDateTime.parse(text, styles: styles, now: now) })
    }

    static func offsetValue(_ value: DotNetDateTimeOffset) -> DateTimeOffsetValue {
        DateTimeOffsetValue(utcTicks: value.utcTicks, offsetMinutes: Int(value.offset.ticks / Ticks.perMinute))
    }

    /// A `DateTimeStyles` argument among the remaining arguments (format providers are ignored).
    private static func styles(_ arguments: ArraySlice<Value>) -> DotNetDateTimeStyles {
        for argument in arguments {
            if case .object(let object) = argument, let value = object as? EnumValue, value.enumType == "DateTimeStyles" {
                return DotNetDateTimeStyles(rawValue: value.rawValue)
            }
        }
        return []
    }

    /// `ParseExact`'s format: one string or a `string[]`.
    private static func formatList(_ value: Value) throws -> [String] {
        if case .array(let array) = value { return try array.items.map { try Conversions.toStringArgument($0, "formats") } }
        return [try Conversions.toStringArgument(value, "format")]
    }
}

/// Percent-encoding for the request URL model (query parsing and `QueryString`).
enum UrlCoding {
    /// RFC 3986 unreserved characters, left alone by `escape`.
    static let unreserved: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    static func escape(_ text: String, keep: Set<UInt8>) -> String {
        escape(text) { keep.contains($0) }
    }

    /// Escapes everything but RFC 3986 unreserved characters (query names and values).
    static func escapeUnreserved(_ text: String) -> String {
        escape(text, keeping: isUnreserved)
    }

    @inline(__always) static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// Percent-encodes (upper-case hex) every byte `keeping` rejects; the text itself when none is.
    @inline(__always) static func escape(_ text: String, keeping: (UInt8) -> Bool) -> String {
        if text.utf8.allSatisfy(keeping) { return text }
        let hex: StaticString = "0123456789ABCDEF"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        hex.withUTF8Buffer { digits in
            for byte in text.utf8 {
                if keeping(byte) {
                    bytes.append(byte)
                } else {
                    bytes.append(UInt8(ascii: "%"))
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0x0F)])
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func urlDecode(_ text: String, plusIsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+"), plusIsSpace {
                output.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                      let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                output.append(value)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
