import Foundation

/// Static members of `DateTime`, `DateTimeOffset` and `TimeSpan` (parsing and factories).
enum DateParsing {
    static let badDate = ExpressionRuntimeError("System.FormatException", "String was not recognized as a valid DateTime.")

    static func call(_ type: String, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (type, name, count) {
        case ("DateTime", "Parse", _) where count >= 1:
            return try parseDateTime(try Conversions.toStringArgument(arguments[0], "s"))
        case ("DateTime", "ParseExact", _) where count >= 2:
            return try parseDateTime(try Conversions.toStringArgument(arguments[0], "s"))
        case ("DateTime", "TryParse", _) where count >= 2, ("DateTime", "TryParseExact", _) where count >= 3:
            let text = try? Conversions.toStringOrNull(arguments[0])
            if let text, let value = try? parseDateTime(text) {
                evaluation.outValues = [value]
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
        case ("DateTimeOffset", "Parse", _) where count >= 1, ("DateTimeOffset", "ParseExact", _) where count >= 2:
            return .dateTimeOffset(try parseOffset(try Conversions.toStringArgument(arguments[0], "input")))
        case ("DateTimeOffset", "TryParse", _) where count >= 2:
            let text = try? Conversions.toStringOrNull(arguments[0])
            if let text, let value = try? parseOffset(text) {
                evaluation.outValues = [.dateTimeOffset(value)]
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
            guard let ticks = parseTimeSpan(try Conversions.toStringArgument(arguments[0], "input")) else {
                throw ExpressionRuntimeError("System.FormatException", "String '\(arguments[0].dotNetString)' was not recognized as a valid TimeSpan.")
            }
            return .timeSpan(ticks)
        case ("TimeSpan", "TryParse", _) where count >= 2:
            let text = try? Conversions.toStringOrNull(arguments[0])
            let ticks = text.flatMap { $0 }.flatMap(parseTimeSpan)
            evaluation.outValues = [.timeSpan(ticks ?? 0)]
            return .bool(ticks != nil)
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

    /// `[-][d.]hh:mm[:ss[.fffffff]]` or a whole number of days.
    static func parseTimeSpan(_ raw: String) -> Int64? {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        var negative = false
        if text.hasPrefix("-") { negative = true; text = text.dropFirst() }
        if let days = Int64(text) {
            guard days <= 10_675_199 else { return nil }
            return (negative ? -1 : 1) * days * Ticks.perDay
        }
        var days: Int64 = 0
        if let dot = text.firstIndex(of: "."), let colon = text.firstIndex(of: ":"), dot < colon {
            guard let d = Int64(text[..<dot]), d <= 10_675_198 else { return nil }
            days = d
            text = text[text.index(after: dot)...]
        }
        var fraction: Int64 = 0
        if let dot = text.lastIndex(of: ".") {
            let digits = text[text.index(after: dot)...]
            guard !digits.isEmpty, digits.count <= 7, let f = Int64(digits) else { return nil }
            fraction = f * Int64(pow(10.0, Double(7 - digits.count)))
            text = text[..<dot]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int64($0) }
        guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        let h = parts[0] ?? 0, m = parts[1] ?? 0, s = parts.count == 3 ? (parts[2] ?? 0) : 0
        guard h < 24, m < 60, s < 60 else { return nil }
        let total = days * Ticks.perDay + h * Ticks.perHour + m * Ticks.perMinute + s * Ticks.perSecond + fraction
        return negative ? -total : total
    }

    /// Parses the date forms policies meet: ISO 8601 (with `T` or space, optional fraction and
    /// `Z`/offset), RFC 1123 (`Mon, 02 Jan 2006 15:04:05 GMT`), and en-US `M/d/yyyy h:mm:ss tt`.
    /// A `Z` or offset converts to local time, which is UTC on the gateway.
    static func parseDateTime(_ raw: String) throws -> Value {
        guard let (date, offset) = parseComponents(raw) else { throw badDate }
        guard let offset else { return .dateTime(date) }
        return .dateTime(DateTimeValue(ticks: date.ticks - Int64(offset) * Ticks.perMinute, kind: .local))
    }

    static func parseOffset(_ raw: String) throws -> DateTimeOffsetValue {
        guard let (date, offset) = parseComponents(raw) else {
            throw ExpressionRuntimeError("System.FormatException", "The string '\(raw)' was not recognized as a valid DateTime.")
        }
        let minutes = offset ?? 0
        return DateTimeOffsetValue(utcTicks: date.ticks - Int64(minutes) * Ticks.perMinute, offsetMinutes: minutes)
    }

    /// The local date and time written, and the offset in minutes when one was written.
    static func parseComponents(_ raw: String) -> (DateTimeValue, Int?)? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let iso = parseISO(text) { return iso }
        if let rfc = parseRFC1123(text) { return (rfc, 0) }
        return parseUS(text).map { ($0, nil) }
    }

    private static func number(_ text: Substring) -> Int? { text.allSatisfy(\.isASCII) ? Int(text) : nil }

    private static func parseISO(_ text: String) -> (DateTimeValue, Int?)? {
        let chars = Array(text)
        guard chars.count >= 10, chars[4] == "-", chars[7] == "-",
              let year = number(Substring(String(chars[0..<4]))), let month = number(Substring(String(chars[5..<7]))), let day = number(Substring(String(chars[8..<10]))) else { return nil }
        var hour = 0, minute = 0, second = 0, fraction = 0
        var offset: Int?
        var index = 10
        if index < chars.count, chars[index] == "T" || chars[index] == " " {
            index += 1
            guard index + 5 <= chars.count, chars[index + 2] == ":",
                  let h = number(Substring(String(chars[index..<(index + 2)]))), let m = number(Substring(String(chars[(index + 3)..<(index + 5)]))) else { return nil }
            hour = h
            minute = m
            index += 5
            if index + 3 <= chars.count, chars[index] == ":", let s = number(Substring(String(chars[(index + 1)..<(index + 3)]))) {
                second = s
                index += 3
                if index < chars.count, chars[index] == "." {
                    index += 1
                    var digits = ""
                    while index < chars.count, chars[index].isNumber { digits.append(chars[index]); index += 1 }
                    guard !digits.isEmpty else { return nil }
                    let padded = String((digits + "0000000").prefix(7))
                    fraction = Int(padded) ?? 0
                }
            }
        }
        if index < chars.count {
            let rest = String(chars[index...]).trimmingCharacters(in: .whitespaces)
            if rest == "Z" || rest == "z" {
                offset = 0
            } else if let sign = rest.first, sign == "+" || sign == "-" {
                let digits = rest.dropFirst().replacingOccurrences(of: ":", with: "")
                guard digits.count == 4 || digits.count == 2, let value = Int(digits) else { return nil }
                let minutes = digits.count == 4 ? (value / 100) * 60 + value % 100 : value * 60
                offset = sign == "-" ? -minutes : minutes
            } else if !rest.isEmpty {
                return nil
            }
        }
        guard var date = DateTimeValue(year: year, month: month, day: day, hour: hour, minute: minute, second: second) else { return nil }
        date.ticks += Int64(fraction)
        if offset == 0, text.hasSuffix("Z") || text.hasSuffix("z") { date.kind = .utc }
        return (date, offset)
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func parseRFC1123(_ text: String) -> DateTimeValue? {
        var parts = text.replacingOccurrences(of: ",", with: " ").split(separator: " ")
        if let first = parts.first, Int(first) == nil { parts.removeFirst() }
        guard parts.count >= 4, let day = Int(parts[0]), let month = monthNames.firstIndex(of: parts[1].prefix(3).lowercased()),
              let year = Int(parts[2]) else { return nil }
        let time = parts[3].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        if parts.count > 4, !["GMT", "UTC", "Z"].contains(parts[4].uppercased()) { return nil }
        return DateTimeValue(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2], kind: .utc)
    }

    private static func parseUS(_ text: String) -> DateTimeValue? {
        let parts = text.split(separator: " ")
        guard let datePart = parts.first else { return nil }
        let fields = datePart.split(separator: "/").compactMap { Int($0) }
        guard fields.count == 3 else { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count >= 2 {
            let time = parts[1].split(separator: ":").compactMap { Int($0) }
            guard time.count >= 2 else { return nil }
            hour = time[0]
            minute = time[1]
            second = time.count > 2 ? time[2] : 0
            if parts.count >= 3 {
                let marker = parts[2].uppercased()
                if marker == "PM", hour < 12 { hour += 12 }
                if marker == "AM", hour == 12 { hour = 0 }
            }
        }
        return DateTimeValue(year: fields[2], month: fields[0], day: fields[1], hour: hour, minute: minute, second: second)
    }
}

/// Percent-encoding for the request URL model (query parsing and `QueryString`).
enum UrlCoding {
    /// RFC 3986 unreserved characters, left alone by `escape`.
    static let unreserved: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    static func escape(_ text: String, keep: Set<UInt8>) -> String {
        var result = ""
        for byte in text.utf8 {
            if keep.contains(byte) { result.unicodeScalars.append(Unicode.Scalar(byte)) } else { result += "%" + StaticMethods.hexByte(byte, upper: true) }
        }
        return result
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
