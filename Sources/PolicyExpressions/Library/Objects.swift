import DotNet
import Foundation
import PolicySource

/// `typeof(T)` / `x.GetType()` and static-type references used as values.
public final class TypeObject: DotNetObject, @unchecked Sendable {
    public let name: String
    public var typeName: String { "Type" }

    public init(name: String) { self.name = name }

    public func property(_ member: String, in evaluation: Evaluation) throws -> Value? {
        switch member {
        case "Name": .string(name)
        case "FullName": .string(qualifiedTypeName(name))
        default: nil
        }
    }

    public func dotNetString() -> String { qualifiedTypeName(name) }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        (other as? TypeObject)?.name == name
    }
}

/// An instance of an anonymous type `new { a = 1 }`.
public final class AnonymousObject: DotNetObject, @unchecked Sendable {
    public let members: [(String, Value)]
    public var typeName: String { "<>f__AnonymousType0" }

    public init(_ members: [(String, Value)]) { self.members = members }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        members.first { $0.0 == name }?.1
    }

    public func dotNetString() -> String {
        "{ " + members.map { "\($0.0) = \($0.1.dotNetString)" }.joined(separator: ", ") + " }"
    }
}

/// A caught or constructed exception (`catch (Exception ex)`, `new Exception("…")`).
public final class ExceptionObject: DotNetObject, @unchecked Sendable {
    public let error: ExpressionRuntimeError
    public let innerException: Value
    public var typeName: String { error.shortTypeName }

    public init(_ error: ExpressionRuntimeError, inner: Value = .null) {
        self.error = error
        self.innerException = inner
    }

    /// Whether a `catch (type)` clause catches this error.
    static func matches(_ error: ExpressionRuntimeError, _ type: TypeRef?) -> Bool {
        guard let type else { return true }
        let name = Conversions.normalizedName(type.name)
        if name == "Exception" || name == "SystemException" { return true }
        if name == error.shortTypeName { return true }
        if name == "ArgumentException" { return ["ArgumentNullException", "ArgumentOutOfRangeException"].contains(error.shortTypeName) }
        if name == "ArithmeticException" { return ["DivideByZeroException", "OverflowException"].contains(error.shortTypeName) }
        if name == "FormatException" { return error.shortTypeName == "UriFormatException" }
        if name == "TimeoutException" { return error.shortTypeName == "RegexMatchTimeoutException" }
        return false
    }

    public func isInstance(of typeName: String) -> Bool {
        ExceptionObject.matches(error, TypeRef(name: typeName, offset: 0))
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Message": .string(error.message)
        case "InnerException": innerException
        case "StackTrace": .string("")
        case "Source": .null
        case "HResult": .int(-2_146_233_088)
        default: nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "GetBaseException": .object(self)
        default: nil
        }
    }

    public func dotNetString() -> String { "\(error.exceptionType): \(error.message)" }
}

/// A value of a .NET enum (`StringComparison.OrdinalIgnoreCase`, `Formatting.Indented`, …).
public final class EnumValue: DotNetObject, @unchecked Sendable {
    public let enumType: String
    public let name: String
    public let rawValue: Int
    public var typeName: String { enumType }

    public init(_ enumType: String, _ name: String, _ rawValue: Int) {
        self.enumType = enumType
        self.name = name
        self.rawValue = rawValue
    }

    public func dotNetString() -> String { name }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        guard let other = other as? EnumValue else { return false }
        return other.enumType == enumType && other.rawValue == rawValue
    }

    public func convert(to typeName: String) throws -> Value? {
        switch typeName {
        case "Int32": .int(Int32(truncatingIfNeeded: rawValue))
        case "Int64": .long(Int64(rawValue))
        default: nil
        }
    }

    /// The known members of the enums policies use.
    static let members: [String: [String: Int]] = [
        "StringComparison": ["CurrentCulture": 0, "CurrentCultureIgnoreCase": 1, "InvariantCulture": 2, "InvariantCultureIgnoreCase": 3, "Ordinal": 4, "OrdinalIgnoreCase": 5],
        "StringSplitOptions": ["None": 0, "RemoveEmptyEntries": 1, "TrimEntries": 2],
        "Formatting": ["None": 0, "Indented": 1],
        "RegexOptions": ["None": 0, "IgnoreCase": 1, "Multiline": 2, "ExplicitCapture": 4, "Compiled": 8, "Singleline": 16, "IgnorePatternWhitespace": 32, "RightToLeft": 64, "ECMAScript": 256, "CultureInvariant": 512],
        "DateTimeKind": ["Unspecified": 0, "Utc": 1, "Local": 2],
        "JTokenType": ["None": 0, "Object": 1, "Array": 2, "Constructor": 3, "Property": 4, "Comment": 5, "Integer": 6, "Float": 7, "String": 8, "Boolean": 9, "Null": 10, "Undefined": 11, "Date": 12, "Raw": 13, "Bytes": 14, "Guid": 15, "Uri": 16, "TimeSpan": 17],
        "NumberStyles": ["None": 0, "Integer": 7, "HexNumber": 515, "Number": 111, "Float": 167, "Any": 511, "AllowHexSpecifier": 512],
        "DateTimeStyles": ["None": 0, "AdjustToUniversal": 16, "AssumeLocal": 32, "AssumeUniversal": 64, "RoundtripKind": 128],
        "UriKind": ["RelativeOrAbsolute": 0, "Absolute": 1, "Relative": 2],
        "UriPartial": ["Scheme": 0, "Authority": 1, "Path": 2, "Query": 3],
        "CarbonIntensityCategory": ["NotAvailable": 0, "VeryLow": 1, "Low": 2, "Medium": 3, "High": 4, "VeryHigh": 5],
        "MidpointRounding": ["ToEven": 0, "AwayFromZero": 1, "ToZero": 2, "ToNegativeInfinity": 3, "ToPositiveInfinity": 4],
        "Base64FormattingOptions": ["None": 0, "InsertLineBreaks": 1],
    ]

    static func make(_ type: String, _ name: String) -> EnumValue? {
        guard let value = members[type]?[name] else { return nil }
        return EnumValue(type, name, value)
    }

    /// `RegexOptions.IgnoreCase | RegexOptions.Multiline` and similar flag combinations.
    func combined(with other: EnumValue, _ op: BinaryOperator) -> EnumValue {
        let raw: Int
        switch op {
        case .bitOr: raw = rawValue | other.rawValue
        case .bitAnd: raw = rawValue & other.rawValue
        default: raw = rawValue ^ other.rawValue
        }
        let name = EnumValue.members[enumType]?.first { $0.value == raw }?.key ?? String(raw)
        return EnumValue(enumType, name, raw)
    }
}

/// `StringComparer.Ordinal` / `OrdinalIgnoreCase` (and the culture variants, treated as ordinal).
public final class StringComparerObject: DotNetObject, @unchecked Sendable {
    public let ignoreCase: Bool
    public var typeName: String { "StringComparer" }

    public init(ignoreCase: Bool) { self.ignoreCase = ignoreCase }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 2 else { return nil }
        let a = try Conversions.toStringOrNull(arguments[0]), b = try Conversions.toStringOrNull(arguments[1])
        switch name {
        case "Equals":
            guard let a, let b else { return .bool(a == nil && b == nil) }
            return .bool(ignoreCase ? ordinalIgnoreCaseEquals(a, b) : ordinalEquals(a, b))
        case "Compare":
            guard let a, let b else { return .int(a == nil ? (b == nil ? 0 : -1) : 1) }
            let order = ignoreCase ? ordinalIgnoreCaseCompare(a, b) : ordinalCompare(a, b)
            return .int(Int32(order.signum()))
        default:
            return nil
        }
    }
}

/// `System.Text.StringBuilder`.
public final class StringBuilderObject: DotNetObject, @unchecked Sendable {
    public var text: String
    public var typeName: String { "StringBuilder" }

    public init(_ text: String = "") { self.text = text }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Length": .int(Int32(clamping: text.utf16.count))
        case "Capacity": .int(Int32(clamping: max(16, text.utf16.count)))
        default: nil
        }
    }

    public func setProperty(_ name: String, _ value: Value, in evaluation: Evaluation) throws -> Bool {
        guard name == "Length" else { return false }
        let length = try Conversions.toInt(value)
        let units = Array(text.utf16)
        guard length >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("value", "Length cannot be less than zero.") }
        try evaluation.checkLength(length)
        text = length <= units.count ? String(decoding: units[0..<length], as: UTF16.self) : text + String(repeating: "\0", count: length - units.count)
        return true
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        let lengthBefore = text.utf8.count
        switch (name, arguments.count) {
        case ("Append", 1):
            text += arguments[0].dotNetString
        case ("Append", 2):
            // Append(char, repeatCount)
            let count = try Conversions.toInt(arguments[1])
            guard count >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("repeatCount", "Count cannot be less than zero.") }
            try evaluation.checkLength(text.utf16.count + count)
            text += String(repeating: arguments[0].dotNetString, count: count)
        case ("AppendLine", 0):
            text += JToken.defaultNewLine
        case ("AppendLine", 1):
            text += arguments[0].dotNetString + JToken.defaultNewLine
        case ("AppendFormat", _) where !arguments.isEmpty:
            text += try Formatting.compositeFormat(Conversions.toStringArgument(arguments[0], "format"), Array(arguments.dropFirst()))
        case ("Insert", 2):
            let index = try Conversions.toInt(arguments[0])
            var units = Array(text.utf16)
            guard index >= 0, index <= units.count else { throw ExpressionRuntimeError.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than or equal to the size of the collection.") }
            units.insert(contentsOf: arguments[1].dotNetString.utf16, at: index)
            text = String(decoding: units, as: UTF16.self)
        case ("Remove", 2):
            let start = try Conversions.toInt(arguments[0]), length = try Conversions.toInt(arguments[1])
            var units = Array(text.utf16)
            guard start >= 0, length >= 0, start + length <= units.count else { throw ExpressionRuntimeError.argumentOutOfRange("length", "Index was out of range. Must be non-negative and less than the size of the collection.") }
            units.removeSubrange(start..<(start + length))
            text = String(decoding: units, as: UTF16.self)
        case ("Replace", 2):
            let old = try Conversions.toStringArgument(arguments[0], "oldValue")
            guard !old.isEmpty else { throw ExpressionRuntimeError.argument("The value cannot be an empty string. (Parameter 'oldValue')") }
            text = StringMembers.replaceOrdinal(text, old, try Conversions.toStringOrNull(arguments[1]) ?? "")
        case ("Clear", 0):
            text = ""
        case ("ToString", 0):
            return .string(text)
        case ("ToString", 2):
            return try StringMembers.call(text, "Substring", arguments, evaluation)
        default:
            return nil
        }
        try evaluation.checkLength(text.utf8.count)
        // Appending costs what it adds; Insert, Remove and Replace rewrite the whole text.
        try evaluation.charge(utf8: name.hasPrefix("Append") ? max(0, text.utf8.count - lengthBefore) : text.utf8.count)
        return .object(self)
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        let position = try Conversions.toInt(arguments[0])
        let units = Array(text.utf16)
        guard position >= 0, position < units.count else { throw ExpressionRuntimeError.indexOutOfRange }
        return .char(units[position])
    }

    public func dotNetString() -> String { text }
}

/// `System.Random`, drawing from the scenario's seeded generator.
public final class RandomObject: DotNetObject, @unchecked Sendable {
    private var generator: SeededRandom
    public var typeName: String { "Random" }

    public init(generator: SeededRandom) { self.generator = generator }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("Next", 0):
            return .int(Int32(generator.next() % UInt64(Int32.max)))
        case ("Next", 1):
            let max = try Conversions.toInt(arguments[0])
            guard max >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("maxValue", "'maxValue' must be greater than or equal to zero.") }
            return .int(max == 0 ? 0 : Int32(generator.next() % UInt64(max)))
        case ("Next", 2):
            let min = try Conversions.toInt(arguments[0]), max = try Conversions.toInt(arguments[1])
            guard min <= max else { throw ExpressionRuntimeError.argumentOutOfRange("minValue", "'minValue' cannot be greater than maxValue.") }
            let range = UInt64(max - min)
            return .int(range == 0 ? Int32(min) : Int32(min + Int(generator.next() % range)))
        case ("NextDouble", 0):
            return .double(generator.nextUnitDouble())
        case ("NextBytes", 1):
            guard case .array(let array) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("buffer") }
            for index in array.items.indices { array.items[index] = .byte(UInt8(truncatingIfNeeded: generator.next())) }
            return .null
        default:
            return nil
        }
    }
}

/// `Encoding.UTF8`, `Encoding.ASCII`, `Encoding.Unicode`, …
public final class EncodingObject: DotNetObject, @unchecked Sendable {
    public enum Kind: String, Sendable { case utf8 = "Utf8Encoding", ascii = "ASCIIEncoding", unicode = "UnicodeEncoding", latin1 = "Latin1Encoding", utf32 = "UTF32Encoding", bigEndianUnicode = "BigEndianUnicode" }
    public let kind: Kind
    public var typeName: String { kind == .utf8 ? "UTF8Encoding" : kind.rawValue }

    public init(_ kind: Kind) { self.kind = kind }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "WebName", "BodyName", "HeaderName":
            switch kind {
            case .utf8: .string("utf-8")
            case .ascii: .string("us-ascii")
            case .unicode: .string("utf-16")
            case .latin1: .string("iso-8859-1")
            case .utf32: .string("utf-32")
            case .bigEndianUnicode: .string("utf-16BE")
            }
        case "CodePage":
            switch kind {
            case .utf8: .int(65001)
            case .ascii: .int(20127)
            case .unicode: .int(1200)
            case .latin1: .int(28591)
            case .utf32: .int(12000)
            case .bigEndianUnicode: .int(1201)
            }
        default: nil
        }
    }

    func encode(_ text: String) -> [UInt8] {
        switch kind {
        case .utf8: return Array(text.utf8)
        case .ascii: return text.utf16.map { $0 < 0x80 ? UInt8($0) : 0x3F }
        case .latin1: return text.utf16.map { $0 < 0x100 ? UInt8($0) : 0x3F }
        case .unicode: return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .bigEndianUnicode: return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .utf32: return text.unicodeScalars.flatMap { s -> [UInt8] in
            let v = s.value
            return [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        }
        }
    }

    func decode(_ bytes: ArraySlice<UInt8>) -> String {
        switch kind {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .ascii: return String(decoding: bytes.map { $0 < 0x80 ? UInt16($0) : 0x3F }, as: UTF16.self)
        case .latin1: return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
        case .unicode, .bigEndianUnicode:
            var units: [UInt16] = []
            var iterator = bytes.makeIterator()
            while let a = iterator.next() {
                guard let b = iterator.next() else { units.append(0xFFFD); break }
                units.append(kind == .unicode ? UInt16(a) | UInt16(b) << 8 : UInt16(a) << 8 | UInt16(b))
            }
            return String(decoding: units, as: UTF16.self)
        case .utf32:
            var scalars = String.UnicodeScalarView()
            var array = Array(bytes)
            while array.count % 4 != 0 { array.append(0) }
            for index in stride(from: 0, to: array.count, by: 4) {
                let v = UInt32(array[index]) | UInt32(array[index + 1]) << 8 | UInt32(array[index + 2]) << 16 | UInt32(array[index + 3]) << 24
                scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
            }
            return String(scalars)
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("GetBytes", 1):
            if case .array(let chars) = arguments[0] {
                let units = chars.items.compactMap { if case .char(let c) = $0 { c } else { nil } }
                return Conversions.byteArray(encode(String(decoding: units, as: UTF16.self)))
            }
            return Conversions.byteArray(encode(try Conversions.toStringArgument(arguments[0], "s")))
        case ("GetString", 1):
            return .string(decode(try Conversions.toBytes(arguments[0], "bytes")[...]))
        case ("GetString", 3):
            let bytes = try Conversions.toBytes(arguments[0], "bytes")
            let index = try Conversions.toInt(arguments[1]), count = try Conversions.toInt(arguments[2])
            guard index >= 0, count >= 0, index + count <= bytes.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("bytes", "Index and count must refer to a location within the buffer.")
            }
            return .string(decode(bytes[index..<(index + count)]))
        case ("GetByteCount", 1):
            return .int(Int32(clamping: encode(try Conversions.toStringArgument(arguments[0], "s")).count))
        case ("GetPreamble", 0):
            switch kind {
            case .utf8: return Conversions.byteArray([0xEF, 0xBB, 0xBF])
            case .unicode: return Conversions.byteArray([0xFF, 0xFE])
            default: return Conversions.byteArray([])
            }
        default:
            return nil
        }
    }

    public func dotNetString() -> String { "System.Text." + typeName }
}
