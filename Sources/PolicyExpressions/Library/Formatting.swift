import DotNet
import Foundation

/// `ToString(format)`, interpolation holes `{x:F2}` and `string.Format` composite formatting,
/// delegating each value's format to the invariant-culture formatters of the `DotNet` target.
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

    /// Whether .NET's composite-format parser accepts an alignment written with these digits:
    /// it reads digits while the width so far is below 1,000,000 and fails on a digit left over,
    /// so every width below 10,000,000 written with at most 7 digits passes and any longer one
    /// throws `FormatException` ("Input string was not in a correct format.").
    static func widthIsAccepted<Digits: Collection>(_ digits: Digits) -> Bool where Digits.Element == UInt8 {
        var width = 0
        var index = digits.startIndex
        repeat {
            width = width * 10 + Int(digits[index] - UInt8(ascii: "0"))
            index = digits.index(after: index)
        } while index != digits.endIndex && width < 1_000_000
        return index == digits.endIndex
    }

    /// `{x,width}` padding of an interpolation hole, with `string.Format`'s width rule.
    static func align(_ text: String, _ width: Int, _ evaluation: Evaluation) throws -> String {
        guard widthIsAccepted(String(width.magnitude).utf8) else {
            throw ExpressionRuntimeError("System.FormatException", "Input string was not in a correct format.")
        }
        let length = text.utf16.count
        guard Int(width.magnitude) > length else { return text }
        try evaluation.checkLength(Int(width.magnitude))
        let padding = String(repeating: " ", count: Int(width.magnitude) - length)
        return width > 0 ? padding + text : text + padding
    }

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
                    let written = head[head.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                    let digits = written.hasPrefix("-") ? written.dropFirst() : Substring(written)
                    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), Self.widthIsAccepted(digits.utf8) else { throw formatError }
                    alignment = Int(written) ?? 0
                    head = String(head[..<comma])
                }
                guard let position = Int(head.trimmingCharacters(in: .whitespaces)) else { throw formatError }
                guard position >= 0, position < arguments.count else {
                    throw ExpressionRuntimeError("System.FormatException", "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.")
                }
                var text = try self.format(arguments[position], itemFormat)
                let length = text.utf16.count
                if abs(alignment) > length {
                    let padding = String(repeating: " ", count: abs(alignment) - length)
                    text = alignment > 0 ? padding + text : text + padding
                }
                result += text
                if result.utf8.count > ExpressionLimits.maxStringLength {
                    throw ExpressionRuntimeError.limit("expression built a string longer than \(ExpressionLimits.maxStringLength) characters")
                }
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
