import Foundation

/// `ToString(format)`, interpolation holes `{x:F2}` and `string.Format` composite formatting,
/// delegating each value's format to the invariant-culture formatters of `DotNet/`.
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
            guard let date = DotNetBridge.dateTime(d) else { return value.dotNetString }
            return try DotNetBridge.run { try date.toString(format) }
        case .dateTimeOffset(let d):
            guard let date = DotNetBridge.dateTimeOffset(d) else { return value.dotNetString }
            return try DotNetBridge.run { try date.toString(format) }
        case .timeSpan(let t): return try DotNetBridge.run { try DotNetTimeSpan(ticks: t).toString(format) }
        case .guid(let g): return g.formatted(format)
        default: return value.dotNetString
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
