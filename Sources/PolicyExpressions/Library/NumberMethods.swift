import DotNet
import Foundation

/// `int.Parse`, `long.TryParse`, `double.Parse`, `bool.Parse`, … with .NET's rules
/// (NumberStyles.Integer / Float|AllowThousands, invariant-like culture).
enum NumberParsing {
    static func formatError() -> ExpressionRuntimeError { ExpressionRuntimeError.invalidFormat }

    static func overflow(_ type: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.OverflowException", "Value was either too large or too small for \(type == "Int32" || type == "Int64" || type == "Int16" ? "an" : "a") \(type).")
    }

    /// Trims the white space .NET's number parsing allows around a number.
    private static func trimmed(_ text: String) -> String {
        String(decoding: Array(text.utf16).drop(while: StringMembers.isWhiteSpace).reversed().drop(while: StringMembers.isWhiteSpace).reversed(), as: UTF16.self)
    }

    /// Parses to the value of `type`; throws FormatException / OverflowException as .NET does.
    static func parse(_ type: String, _ raw: String, hex: Bool = false) throws -> Value {
        let text = trimmed(raw)
        switch type {
        case "Boolean":
            if ordinalIgnoreCaseEquals(text, "True") { return .bool(true) }
            if ordinalIgnoreCaseEquals(text, "False") { return .bool(false) }
            throw ExpressionRuntimeError("System.FormatException", "String '\(raw)' was not recognized as a valid Boolean.")
        case "Double", "Single", "Decimal":
            let cleaned = text.replacingOccurrences(of: ",", with: "")
            guard !cleaned.isEmpty, cleaned.allSatisfy({ "0123456789+-.eE".contains($0) }) || ["NaN", "Infinity", "-Infinity", "∞", "-∞"].contains(cleaned) else {
                throw formatError()
            }
            if type == "Decimal" {
                return .decimal(try DotNetBridge.run { try DotNetNumberParsing.parseDecimal(text) })
            }
            let normalized = cleaned.replacingOccurrences(of: "∞", with: "Infinity")
            guard let value = Double(normalized) else { throw formatError() }
            return type == "Single" ? .float(Float(value)) : .double(value)
        default:
            var digits = Substring(text)
            var negative = false
            if !hex, let first = digits.first, first == "-" || first == "+" {
                negative = first == "-"
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.allSatisfy({ hex ? $0.isHexDigit : ("0"..."9").contains($0) }) else { throw formatError() }
            let magnitude = digits.drop { $0 == "0" }
            guard magnitude.count <= 20, let value = UInt64(magnitude.isEmpty ? "0" : String(magnitude), radix: hex ? 16 : 10) else { throw overflow(type) }
            let (minimum, maximum): (Int64, UInt64) = switch type {
            case "Int32": (Int64(Int32.min), UInt64(Int32.max))
            case "Int16": (Int64(Int16.min), UInt64(Int16.max))
            case "SByte": (Int64(Int8.min), UInt64(Int8.max))
            case "Byte": (0, UInt64(UInt8.max))
            case "UInt16": (0, UInt64(UInt16.max))
            case "UInt32": (0, UInt64(UInt32.max))
            case "UInt64": (0, UInt64.max)
            default: (Int64.min, UInt64(Int64.max))
            }
            if negative {
                guard value <= UInt64(-(minimum + 1)) + 1 else { throw overflow(type) }
                let signed = value == 0 ? 0 : -Int64(value - 1) - 1
                return make(type, signed: signed, unsigned: 0)
            }
            guard value <= maximum else { throw overflow(type) }
            return make(type, signed: Int64(truncatingIfNeeded: value), unsigned: value)
        }
    }

    private static func make(_ type: String, signed: Int64, unsigned: UInt64) -> Value {
        switch type {
        case "Int32", "Int16", "SByte", "UInt16": .int(Int32(truncatingIfNeeded: signed))
        case "Byte": .byte(UInt8(truncatingIfNeeded: signed))
        case "UInt64": .ulong(unsigned)
        default: .long(signed)
        }
    }

    static func call(_ type: String, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        var hex = false
        if count >= 2, case .object(let object) = arguments[1], let style = object as? EnumValue, style.enumType == "NumberStyles" {
            hex = style.rawValue & 512 != 0
        }
        switch name {
        case "Parse" where count >= 1:
            guard let text = try Conversions.toStringOrNull(arguments[0]) else {
                throw ExpressionRuntimeError.argumentNull(type == "Boolean" ? "value" : "s")
            }
            return try parse(type, text, hex: hex)
        case "TryParse" where count >= 2:
            let text = try? Conversions.toStringOrNull(arguments[0])
            if let text, let value = try? parse(type, text, hex: hex) {
                evaluation.outValues = [value]
                return .bool(true)
            }
            evaluation.outValues = [Conversions.defaultValue(type)]
            return .bool(false)
        case "IsNaN" where count == 1: return .bool(try Conversions.toDouble(arguments[0]).isNaN)
        case "IsInfinity" where count == 1: return .bool(try Conversions.toDouble(arguments[0]).isInfinite)
        case "IsPositiveInfinity" where count == 1: return .bool(try Conversions.toDouble(arguments[0]) == .infinity)
        case "IsNegativeInfinity" where count == 1: return .bool(try Conversions.toDouble(arguments[0]) == -.infinity)
        case "IsFinite" where count == 1: return .bool(try Conversions.toDouble(arguments[0]).isFinite)
        case "Max" where count == 2, "Min" where count == 2:
            return try MathMethods.call(name, arguments)
        default:
            return nil
        }
    }
}

/// `System.Convert`.
enum ConvertMethods {
    private static let integerTargets: [String: String] = [
        "ToInt32": "Int32", "ToInt64": "Int64", "ToInt16": "Int16", "ToByte": "Byte", "ToUInt32": "UInt32", "ToUInt64": "UInt64",
        "ToSByte": "SByte", "ToUInt16": "UInt16",
    ]

    static func call(_ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        guard count >= 1 else { return nil }
        let value = arguments[0]
        if let target = integerTargets[name] {
            if count == 2, case .string(let text) = value {
                // Convert.ToInt32(string, fromBase)
                let radix = try Conversions.toInt(arguments[1])
                guard [2, 8, 10, 16].contains(radix) else { throw ExpressionRuntimeError.argument("Invalid Base. (Parameter 'fromBase')") }
                var digits = text.trimmingCharacters(in: .whitespaces)
                if radix == 16, digits.lowercased().hasPrefix("0x") { digits = String(digits.dropFirst(2)) }
                guard let raw = UInt64(digits, radix: radix) else { throw ExpressionRuntimeError("System.FormatException", "Could not find any recognizable digits.") }
                switch target {
                case "Int32": return .int(Int32(truncatingIfNeeded: raw))
                case "Byte": return .byte(UInt8(truncatingIfNeeded: raw))
                default: return .long(Int64(bitPattern: raw))
                }
            }
            switch value {
            case .null: return Conversions.defaultValue(target)
            case .string(let text): return try NumberParsing.parse(target, text)
            case .bool(let b): return try Conversions.numericConversion(.int(b ? 1 : 0), to: target)
            case .double, .float, .decimal:
                // Convert rounds to even, and is checked.
                let number = try Conversions.toDouble(value).rounded(.toNearestOrEven)
                let limits: (Double, Double) = switch target {
                case "Int32": (-2_147_483_648.0, 2_147_483_647.0)
                case "Int16": (-32768, 32767)
                case "Byte": (0, 255)
                case "UInt32": (0, 4_294_967_295)
                case "SByte": (-128, 127)
                case "UInt16": (0, 65535)
                case "UInt64": (0, 1.8446744073709552e19)
                default: (-9.223372036854776e18, 9.223372036854775e18)
                }
                guard number >= limits.0, number <= limits.1 else { throw NumberParsing.overflow(target) }
                return try Conversions.numericConversion(.double(number), to: target)
            case .object(let object):
                if let converted = try object.convert(to: target) { return converted }
                throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: target)
            default:
                guard let number = NumericValue(value) else { throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: target) }
                let result = try Conversions.numericConversion(number, to: target)
                // Checked: the value must survive the round trip.
                guard let back = NumericValue(result), try NumericValue.compare(back, number) == 0 else { throw NumberParsing.overflow(target) }
                return result
            }
        }
        switch name {
        case "ToString":
            if count == 2, case .string = arguments[1] { return .string(try Formatting.format(value, try Conversions.toStringOrNull(arguments[1]))) }
            if count == 2, let radix = try? Conversions.toInt(arguments[1]), [2, 8, 10, 16].contains(radix) {
                switch value {
                case .int(let v): return .string(radix == 10 ? String(v) : String(UInt32(bitPattern: v), radix: radix))
                case .long(let v): return .string(radix == 10 ? String(v) : String(UInt64(bitPattern: v), radix: radix))
                case .byte(let v): return .string(String(v, radix: radix))
                default: break
                }
            }
            return .string(value.dotNetString)
        case "ToBoolean":
            switch value {
            case .null: return .bool(false)
            case .string(let text): return try NumberParsing.parse("Boolean", text)
            case .bool: return value
            default:
                if let number = NumericValue(value) { return .bool(number.asDouble != 0) }
                return .bool(try Conversions.toBool(value))
            }
        case "ToDouble", "ToSingle", "ToDecimal":
            let target = name == "ToDouble" ? "Double" : (name == "ToSingle" ? "Single" : "Decimal")
            switch value {
            case .null: return Conversions.defaultValue(target)
            case .string(let text): return try NumberParsing.parse(target, text)
            case .bool(let b): return try Conversions.numericConversion(.int(b ? 1 : 0), to: target)
            default:
                if case .object(let object) = value, let converted = try object.convert(to: target) { return converted }
                guard let number = NumericValue(value) else { throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: target) }
                return try Conversions.numericConversion(number, to: target)
            }
        case "ToChar":
            switch value {
            case .string(let text):
                guard text.utf16.count == 1, let unit = text.utf16.first else { throw ExpressionRuntimeError("System.FormatException", "String must be exactly one character long.") }
                return .char(unit)
            default:
                guard let number = NumericValue(value) else { throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Char") }
                return try Conversions.numericConversion(number, to: "Char")
            }
        case "ToDateTime":
            switch value {
            case .null: return Conversions.defaultValue("DateTime")
            case .string(let text): return .dateTime(try DateParsing.parseDateTime(text, evaluation))
            case .dateTime: return value
            default: throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "DateTime")
            }
        case "ToBase64String":
            var bytes = try Conversions.toBytes(value, "inArray")
            if count >= 3 {
                let offset = try Conversions.toInt(arguments[1]), length = try Conversions.toInt(arguments[2])
                guard offset >= 0, length >= 0, offset + length <= bytes.count else { throw ExpressionRuntimeError.argumentOutOfRange("offset", "Value must be positive.") }
                bytes = Array(bytes[offset..<(offset + length)])
            }
            let result = Data(bytes).base64EncodedString()
            try evaluation.checkLength(result.utf8.count)
            return .string(result)
        case "FromBase64String":
            let text = try Conversions.toStringOrNull(value)
            return Conversions.byteArray(try DotNetBridge.run { try DotNetConvert.fromBase64String(text) })
        case "ToHexString":
            return .string(try Conversions.toBytes(value, "inArray").map { StaticMethods.hexByte($0, upper: true) }.joined())
        case "ToHexStringLower":
            return .string(try Conversions.toBytes(value, "inArray").map { StaticMethods.hexByte($0, upper: false) }.joined())
        case "FromHexString":
            let text = Array(try Conversions.toStringArgument(value, "s").utf8)
            guard text.count % 2 == 0 else { throw ExpressionRuntimeError("System.FormatException", "The input is not a valid hex string as its length is not a multiple of 2.") }
            var bytes: [UInt8] = []
            for index in stride(from: 0, to: text.count, by: 2) {
                guard let byte = UInt8(String(decoding: text[index..<(index + 2)], as: UTF8.self), radix: 16) else {
                    throw ExpressionRuntimeError("System.FormatException", "The input is not a valid hex string as it contains a non-hex character.")
                }
                bytes.append(byte)
            }
            return Conversions.byteArray(bytes)
        default:
            return nil
        }
    }
}

/// `System.Math`.
enum MathMethods {
    static func call(_ name: String, _ arguments: [Value]) throws -> Value? {
        let count = arguments.count
        switch (name, count) {
        case ("Abs", 1):
            switch arguments[0] {
            case .int(let v):
                if v == Int32.min { throw ExpressionRuntimeError("System.OverflowException", "Negating the minimum value of a twos complement number is invalid.") }
                return .int(abs(v))
            case .long(let v):
                if v == Int64.min { throw ExpressionRuntimeError("System.OverflowException", "Negating the minimum value of a twos complement number is invalid.") }
                return .long(abs(v))
            case .decimal(let v): return .decimal(v.isNegative ? v.negated : v)
            case .float(let v): return .float(abs(v))
            default: return .double(abs(try Conversions.toDouble(arguments[0])))
            }
        case ("Max", 2), ("Min", 2):
            guard let a = NumericValue(arguments[0]), let b = NumericValue(arguments[1]) else { return nil }
            let (x, y) = NumericValue.promote(a, b)
            if case .double(let p) = x, case .double(let q) = y, p.isNaN || q.isNaN { return .double(.nan) }
            let order = try NumericValue.compare(x, y) ?? 0
            return name == "Max" ? (order >= 0 ? x.value : y.value) : (order <= 0 ? x.value : y.value)
        case ("Round", _) where count >= 1:
            var digits = 0
            var awayFromZero = false
            for argument in arguments.dropFirst() {
                if case .object(let object) = argument, let mode = object as? EnumValue { awayFromZero = mode.name == "AwayFromZero" }
                else { digits = try Conversions.toInt(argument) }
            }
            guard (0...15).contains(digits) else { throw ExpressionRuntimeError.argumentOutOfRange("digits", "Rounding digits must be between 0 and 15, inclusive.") }
            let rule: FloatingPointRoundingRule = awayFromZero ? .toNearestOrAwayFromZero : .toNearestOrEven
            if case .decimal(let d) = arguments[0] {
                return .decimal(try DotNetBridge.run { try d.rounded(decimals: digits, awayFromZero: awayFromZero) })
            }
            let value = try Conversions.toDouble(arguments[0])
            let scale = pow(10.0, Double(digits))
            return .double(digits == 0 ? value.rounded(rule) : (value * scale).rounded(rule) / scale)
        case ("Floor", 1), ("Ceiling", 1), ("Truncate", 1):
            let rule: FloatingPointRoundingRule = name == "Floor" ? .down : (name == "Ceiling" ? .up : .towardZero)
            if case .decimal(let d) = arguments[0] {
                return .decimal(rule == .down ? d.floor() : (rule == .up ? d.ceiling() : d.truncated()))
            }
            return .double(try Conversions.toDouble(arguments[0]).rounded(rule))
        case ("Pow", 2): return .double(pow(try Conversions.toDouble(arguments[0]), try Conversions.toDouble(arguments[1])))
        case ("Sqrt", 1): return .double(sqrt(try Conversions.toDouble(arguments[0])))
        case ("Exp", 1): return .double(exp(try Conversions.toDouble(arguments[0])))
        case ("Log", 1): return .double(log(try Conversions.toDouble(arguments[0])))
        case ("Log", 2): return .double(log(try Conversions.toDouble(arguments[0])) / log(try Conversions.toDouble(arguments[1])))
        case ("Log10", 1): return .double(log10(try Conversions.toDouble(arguments[0])))
        case ("Log2", 1): return .double(log2(try Conversions.toDouble(arguments[0])))
        case ("Sin", 1): return .double(sin(try Conversions.toDouble(arguments[0])))
        case ("Cos", 1): return .double(cos(try Conversions.toDouble(arguments[0])))
        case ("Tan", 1): return .double(tan(try Conversions.toDouble(arguments[0])))
        case ("Atan", 1): return .double(atan(try Conversions.toDouble(arguments[0])))
        case ("Sign", 1):
            if let number = NumericValue(arguments[0]) {
                if case .double(let d) = number, d.isNaN { throw ExpressionRuntimeError.invalidOperation("Function does not accept floating point Not-a-Number values.") }
                let d = number.asDouble
                return .int(d > 0 ? 1 : (d < 0 ? -1 : 0))
            }
            return nil
        case ("Clamp", 3):
            let low = try MathMethods.call("Max", [arguments[0], arguments[1]]) ?? arguments[0]
            return try MathMethods.call("Min", [low, arguments[2]])
        default:
            return nil
        }
    }
}
