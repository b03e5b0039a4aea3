import Foundation

/// `ToString(format)`, interpolation holes `{x:F2}` and `string.Format` composite formatting,
/// for the standard and simple custom formats policies use (culture: en-US / invariant).
enum Formatting {
    /// Formats one value with an optional format string, as `IFormattable.ToString(format, null)`.
    static func format(_ value: Value, _ format: String?) throws -> String {
        guard let format, !format.isEmpty else { return value.dotNetString }
        switch value {
        case .int(let v): return try DotNetBridge.run { try DotNetFormatter.format(v, format) }
        case .long(let v): return try DotNetBridge.run { try DotNetFormatter.format(v, format) }
        case .byte(let v): return try DotNetBridge.run { try DotNetFormatter.format(Int32(v), format) }
        case .ulong(let v): return try DotNetBridge.run { try DotNetFormatter.format(unsigned: v, format) }
        case .double(let v): return try DotNetBridge.run { try DotNetFormatter.format(v, format) }
        case .float(let v): return try DotNetBridge.run { try DotNetFormatter.format(Double(v), format) }
        case .decimal(let d): return try DotNetBridge.run { try DotNetFormatter.format(d, format) }
        case .dateTime(let d):
            if let date = DotNetBridge.dateTime(d) { return try DotNetBridge.run { try date.toString(format) } }
            return try formatDateTime(d, format, offsetMinutes: d.kind == .utc ? 0 : nil)
        case .dateTimeOffset(let d):
            if let date = DotNetBridge.dateTimeOffset(d) { return try DotNetBridge.run { try date.toString(format) } }
            return try formatDateTime(d.localDateTime, format, offsetMinutes: d.offsetMinutes, isOffset: true)
        case .timeSpan(let t): return try DotNetBridge.run { try DotNetTimeSpan(ticks: t).toString(format) }
        case .guid(let g): return g.formatted(format)
        default: return value.dotNetString
        }
    }

    // MARK: Numbers

    static func formatNumber(_ number: NumericValue, _ format: String) throws -> String {
        let first = format.first ?? "G"
        let precisionText = format.dropFirst()
        let precision = precisionText.isEmpty ? nil : Int(precisionText)
        let isInteger: Bool
        switch number {
        case .int, .long, .ulong: isInteger = true
        default: isInteger = false
        }
        if precisionText.isEmpty || precision != nil {
            switch first {
            case "D", "d":
                guard isInteger else { throw ExpressionRuntimeError.invalidFormat }
                let negative = number.asLong < 0
                var digits = String(number.asLong.magnitude)
                if case .ulong(let v) = number { digits = String(v) }
                if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
                return (negative ? "-" : "") + digits
            case "X", "x":
                guard isInteger else { throw ExpressionRuntimeError.invalidFormat }
                var digits: String
                switch number {
                case .int(let v): digits = String(UInt32(bitPattern: v), radix: 16)
                case .ulong(let v): digits = String(v, radix: 16)
                default: digits = String(UInt64(bitPattern: number.asLong), radix: 16)
                }
                if first == "X" { digits = digits.uppercased() }
                if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
                return digits
            case "F", "f":
                return fixed(number, precision ?? 2, grouping: false)
            case "N", "n":
                return fixed(number, precision ?? 2, grouping: true)
            case "P", "p":
                let scaled = NumericValue.double(number.asDouble * 100)
                return fixed(scaled, precision ?? 2, grouping: true) + " %"
            case "E", "e":
                let value = number.asDouble
                let digits = precision ?? 6
                var text = String(format: "%.\(digits)e", value)
                // C prints e+05; .NET prints E+005.
                if let e = text.firstIndex(of: "e") {
                    let mantissa = text[..<e]
                    var exponent = String(text[text.index(after: e)...])
                    let sign = exponent.first == "-" ? "-" : "+"
                    exponent = String(exponent.drop { $0 == "+" || $0 == "-" })
                    while exponent.count < 3 { exponent = "0" + exponent }
                    text = mantissa + (first == "E" ? "E" : "e") + sign + exponent
                }
                return text
            case "G", "g", "R", "r":
                if let precision, !isInteger, precision > 0 {
                    return formatFloatingPoint(number.asDouble, shortest: String(format: "%.\(precision)g", number.asDouble))
                }
                return number.value.dotNetString
            case "C", "c":
                let text = fixed(number, precision ?? 2, grouping: true)
                return text.hasPrefix("-") ? "($" + text.dropFirst() + ")" : "$" + text
            default:
                break
            }
        }
        return customNumber(number, format)
    }

    private static func fixed(_ number: NumericValue, _ precision: Int, grouping: Bool) -> String {
        let digits = max(0, min(precision, 99))
        var text: String
        switch number {
        case .int(let v) where digits == 0: text = String(v)
        case .long(let v) where digits == 0: text = String(v)
        case .decimal(let d):
            text = (try? DotNetFormatter.format(d, "F\(digits)")) ?? d.description
        default:
            // .NET Core 3.0+ rounds the exact binary value half away from zero.
            text = String(format: "%.\(digits)f", number.asDouble)
        }
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        guard grouping else { return text }
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts.first ?? "0")
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer = String(integer.dropLast(3))
        }
        grouped = integer + grouped
        if parts.count > 1 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped
    }

    /// Custom numeric formats of the `0`, `#`, `.`, `,` kind (e.g. `0.00`, `#,##0`, `000`).
    private static func customNumber(_ number: NumericValue, _ format: String) -> String {
        let pattern = format.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? format
        let parts = pattern.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPattern = String(parts.first ?? "")
        let fractionPattern = parts.count > 1 ? String(parts[1]) : ""
        guard integerPattern.allSatisfy({ "0#,".contains($0) }), fractionPattern.allSatisfy({ "0#".contains($0) }) else {
            return number.value.dotNetString
        }
        let minFraction = fractionPattern.filter { $0 == "0" }.count
        let maxFraction = fractionPattern.count
        let minInteger = integerPattern.filter { $0 == "0" }.count
        var text = fixed(number, maxFraction, grouping: integerPattern.contains(","))
        if maxFraction > minFraction, text.contains(".") {
            var trimmed = text
            var removable = maxFraction - minFraction
            while removable > 0, trimmed.hasSuffix("0") { trimmed.removeLast(); removable -= 1 }
            if trimmed.hasSuffix(".") { trimmed.removeLast() }
            text = trimmed
        }
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        let integerDigits = text.prefix { $0 != "." }.filter { $0.isNumber }.count
        if integerDigits < minInteger { text = String(repeating: "0", count: minInteger - integerDigits) + text }
        if minInteger == 0, text.hasPrefix("0.") { text.removeFirst() }
        if minInteger == 0, text == "0" { text = "" }
        return (negative ? "-" : "") + text
    }

    // MARK: Dates

    static func formatDateTime(_ date: DateTimeValue, _ format: String, offsetMinutes: Int?, isOffset: Bool = false) throws -> String {
        let c = date.components
        let pad = DateTimeValue.padded
        func offsetText(_ colon: Bool, hoursOnly: Bool = false) -> String {
            guard let offsetMinutes else { return "" }
            let sign = offsetMinutes < 0 ? "-" : "+"
            let m = abs(offsetMinutes)
            if hoursOnly { return sign + String(m / 60) }
            return sign + pad(m / 60, 2) + (colon ? ":" : "") + pad(m % 60, 2)
        }
        if format.count == 1 {
            switch format {
            case "o", "O":
                if isOffset { return date.roundTripString + offsetText(true) }
                return date.roundTripString
            case "s": return try formatDateTime(date, "yyyy'-'MM'-'dd'T'HH':'mm':'ss", offsetMinutes: offsetMinutes)
            case "u":
                let utc = isOffset ? DateTimeValue(ticks: date.ticks - Int64(offsetMinutes ?? 0) * Ticks.perMinute) : date
                return try formatDateTime(utc, "yyyy'-'MM'-'dd HH':'mm':'ss'Z'", offsetMinutes: 0)
            case "r", "R":
                let utc = isOffset ? DateTimeValue(ticks: date.ticks - Int64(offsetMinutes ?? 0) * Ticks.perMinute) : date
                return try formatDateTime(utc, "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", offsetMinutes: 0)
            case "d": return "\(c.month)/\(c.day)/\(pad(c.year, 4))"
            case "D": return try formatDateTime(date, "dddd, MMMM d, yyyy", offsetMinutes: offsetMinutes)
            case "t": return try formatDateTime(date, "h:mm tt", offsetMinutes: offsetMinutes)
            case "T": return try formatDateTime(date, "h:mm:ss tt", offsetMinutes: offsetMinutes)
            case "g": return try formatDateTime(date, "M/d/yyyy h:mm tt", offsetMinutes: offsetMinutes)
            case "G": return date.defaultString
            case "f": return try formatDateTime(date, "dddd, MMMM d, yyyy h:mm tt", offsetMinutes: offsetMinutes)
            case "F": return try formatDateTime(date, "dddd, MMMM d, yyyy h:mm:ss tt", offsetMinutes: offsetMinutes)
            case "M", "m": return try formatDateTime(date, "MMMM d", offsetMinutes: offsetMinutes)
            case "Y", "y": return try formatDateTime(date, "MMMM yyyy", offsetMinutes: offsetMinutes)
            default: throw ExpressionRuntimeError("System.FormatException", "Input string was not in a correct format.")
            }
        }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let chars = Array(format)
        var result = ""
        var index = 0
        while index < chars.count {
            let ch = chars[index]
            var run = 1
            while index + run < chars.count, chars[index + run] == ch { run += 1 }
            switch ch {
            case "y":
                result += run == 2 ? pad(c.year % 100, 2) : (run == 1 ? String(c.year % 100) : pad(c.year, run))
            case "M":
                switch run {
                case 1: result += String(c.month)
                case 2: result += pad(c.month, 2)
                case 3: result += String(months[c.month - 1].prefix(3))
                default: result += months[c.month - 1]
                }
            case "d":
                switch run {
                case 1: result += String(c.day)
                case 2: result += pad(c.day, 2)
                case 3: result += String(days[date.dayOfWeek].prefix(3))
                default: result += days[date.dayOfWeek]
                }
            case "H": result += run == 1 ? String(c.hour) : pad(c.hour, 2)
            case "h":
                let h = c.hour % 12 == 0 ? 12 : c.hour % 12
                result += run == 1 ? String(h) : pad(h, 2)
            case "m": result += run == 1 ? String(c.minute) : pad(c.minute, 2)
            case "s": result += run == 1 ? String(c.second) : pad(c.second, 2)
            case "f", "F":
                let digits = min(run, 7)
                var text = String(pad(c.fraction, 7).prefix(digits))
                if ch == "F" {
                    while text.hasSuffix("0") { text.removeLast() }
                    if text.isEmpty, result.hasSuffix(".") { result.removeLast() }
                }
                result += text
            case "t": result += run == 1 ? (c.hour < 12 ? "A" : "P") : (c.hour < 12 ? "AM" : "PM")
            case "z":
                result += run == 1 ? offsetText(false, hoursOnly: true) : (run == 2 ? String(offsetText(false).prefix(3)) : offsetText(true))
            case "K":
                if isOffset { result += offsetText(true) } else if date.kind == .utc { result += "Z" }
                run = 1
            case "'", "\"":
                var end = index + 1
                while end < chars.count, chars[end] != ch { end += 1 }
                result += String(chars[min(index + 1, chars.count)..<min(end, chars.count)])
                index = end + 1
                continue
            case "\\":
                if index + 1 < chars.count { result.append(chars[index + 1]) }
                index += 2
                continue
            default:
                result += String(repeating: String(ch), count: run)
            }
            index += run
        }
        return result
    }

    static func formatTimeSpan(_ ticks: Int64, _ format: String) -> String {
        switch format {
        case "c", "t", "T", "g", "G": return timeSpanString(ticks)
        default:
            // Custom formats: hh, mm, ss, fff with literal text in quotes or escaped.
            let magnitude = ticks.magnitude
            let c = (
                day: Int(magnitude / UInt64(Ticks.perDay)),
                hour: Int(magnitude % UInt64(Ticks.perDay) / UInt64(Ticks.perHour)),
                minute: Int(magnitude % UInt64(Ticks.perHour) / UInt64(Ticks.perMinute)),
                second: Int(magnitude % UInt64(Ticks.perMinute) / UInt64(Ticks.perSecond)),
                fraction: Int(magnitude % UInt64(Ticks.perSecond))
            )
            let chars = Array(format)
            var result = ""
            var index = 0
            while index < chars.count {
                let ch = chars[index]
                var run = 1
                while index + run < chars.count, chars[index + run] == ch { run += 1 }
                switch ch {
                case "d": result += DateTimeValue.padded(c.day, run)
                case "h": result += DateTimeValue.padded(c.hour, run)
                case "m": result += DateTimeValue.padded(c.minute, run)
                case "s": result += DateTimeValue.padded(c.second, run)
                case "f", "F": result += String(DateTimeValue.padded(c.fraction, 7).prefix(min(run, 7)))
                case "\\":
                    if index + 1 < chars.count { result.append(chars[index + 1]) }
                    index += 2
                    continue
                case "'":
                    var end = index + 1
                    while end < chars.count, chars[end] != "'" { end += 1 }
                    result += String(chars[min(index + 1, chars.count)..<min(end, chars.count)])
                    index = end + 1
                    continue
                default: result += String(repeating: String(ch), count: run)
                }
                index += run
            }
            return result
        }
    }

    // MARK: Composite

    /// `string.Format(format, args)`: `{0}`, `{1,-5}`, `{2:F2}`, `{{` and `}}`.
    static func compositeFormat(_ format: String, _ arguments: [Value]) throws -> String {
        var result = ""
        let chars = Array(format.utf16)
        var index = 0
        let formatError = ExpressionRuntimeError("System.FormatException", "Input string was not in a correct format.")
        while index < chars.count {
            let unit = chars[index]
            if unit == 0x7B { // {
                if index + 1 < chars.count, chars[index + 1] == 0x7B { result += "{"; index += 2; continue }
                var end = index + 1
                while end < chars.count, chars[end] != 0x7D { end += 1 }
                guard end < chars.count else { throw formatError }
                let spec = String(decoding: chars[(index + 1)..<end], as: UTF16.self)
                var head = spec
                var itemFormat: String?
                if let colon = spec.firstIndex(of: ":") {
                    head = String(spec[..<colon])
                    itemFormat = String(spec[spec.index(after: colon)...])
                }
                var alignment = 0
                if let comma = head.firstIndex(of: ",") {
                    guard let width = Int(head[head.index(after: comma)...].trimmingCharacters(in: .whitespaces)) else { throw formatError }
                    alignment = max(-ExpressionLimits.maxStringLength, min(ExpressionLimits.maxStringLength, width))
                    head = String(head[..<comma])
                }
                guard let position = Int(head.trimmingCharacters(in: .whitespaces)) else { throw formatError }
                guard position >= 0, position < arguments.count else {
                    throw ExpressionRuntimeError("System.FormatException", "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.")
                }
                var text = try self.format(arguments[position], itemFormat)
                let length = text.utf16.count
                if abs(alignment) > length, abs(alignment) < ExpressionLimits.maxStringLength {
                    let padding = String(repeating: " ", count: abs(alignment) - length)
                    text = alignment > 0 ? padding + text : text + padding
                }
                result += text
                index = end + 1
            } else if unit == 0x7D { // }
                if index + 1 < chars.count, chars[index + 1] == 0x7D { result += "}"; index += 2; continue }
                throw formatError
            } else {
                var end = index
                while end < chars.count, chars[end] != 0x7B, chars[end] != 0x7D { end += 1 }
                result += String(decoding: chars[index..<end], as: UTF16.self)
                index = end
            }
        }
        return result
    }
}
