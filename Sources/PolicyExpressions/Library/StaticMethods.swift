import DotNet
import Foundation

/// Static methods of the primitive types, `string`, `Convert`, `Math`, `DateTime`, `Guid`,
/// `WebUtility`, `Uri`, `BitConverter`, `Array`, `Enumerable`, `Char`, `Encoding`, `Regex`.
enum StaticMethods {
    static func call(_ type: String, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch type {
        case "String": return try stringStatic(name, arguments, evaluation)
        case "Int32", "Int64", "Double", "Single", "Decimal", "Boolean", "Byte", "Int16", "UInt32", "UInt64", "SByte", "UInt16":
            return try NumberParsing.call(type, name, arguments, evaluation)
        case "Char": return try charStatic(name, arguments)
        case "Convert": return try ConvertMethods.call(name, arguments, evaluation)
        case "Math": return try MathMethods.call(name, arguments)
        case "DateTime", "DateTimeOffset", "TimeSpan": return try DateParsing.call(type, name, arguments, evaluation)
        case "Guid":
            switch (name, count) {
            case ("NewGuid", 0):
                return .guid(GuidValue.random(using: &evaluation.context.random))
            case ("Parse", 1):
                guard let guid = GuidValue(parsing: try Conversions.toStringArgument(arguments[0], "input")) else {
                    throw ExpressionRuntimeError("System.FormatException", "Unrecognized Guid format.")
                }
                return .guid(guid)
            case ("TryParse", 2):
                let guid = (try? Conversions.toStringOrNull(arguments[0])).flatMap { $0 }.flatMap(GuidValue.init(parsing:))
                evaluation.outValues = [.guid(guid ?? .empty)]
                return .bool(guid != nil)
            default: return nil
            }
        case "WebUtility", "HttpUtility":
            guard count == 1 else { return nil }
            guard let text = try Conversions.toStringOrNull(arguments[0]) else { return .null }
            switch name {
            case "UrlEncode":
                return stringOrNull(type == "HttpUtility" ? DotNetWebUtility.httpUtilityUrlEncode(text) : DotNetWebUtility.urlEncode(text))
            case "UrlDecode": return stringOrNull(DotNetWebUtility.urlDecode(text))
            case "HtmlEncode": return stringOrNull(DotNetWebUtility.htmlEncode(text))
            case "HtmlDecode": return stringOrNull(DotNetWebUtility.htmlDecode(text))
            default: return nil
            }
        case "Uri":
            switch (name, count) {
            case ("EscapeDataString", 1):
                let text = try Conversions.toStringOrNull(arguments[0])
                return .string(try DotNetBridge.run { try DotNetUri.escapeDataString(text) })
            case ("EscapeUriString", 1):
                return .string(DotNetUri.escapeUriString(try Conversions.toStringArgument(arguments[0], "stringToEscape")))
            case ("UnescapeDataString", 1):
                let text = try Conversions.toStringOrNull(arguments[0])
                return .string(try DotNetBridge.run { try DotNetUri.unescapeDataString(text) })
            case ("IsWellFormedUriString", 2):
                guard let text = try Conversions.toStringOrNull(arguments[0]) else { return .bool(false) }
                let absolute = (try? UriObject(parsing: text)) != nil
                if case .object(let kind) = arguments[1], let kindValue = kind as? EnumValue, kindValue.rawValue == 2 {
                    return .bool(!absolute && !text.contains(" "))
                }
                return .bool(absolute && !text.contains(" "))
            case ("TryCreate", 3):
                let text = try Conversions.toStringOrNull(arguments[0])
                let uri = text.flatMap { try? UriObject(parsing: $0) }
                evaluation.outValues = [uri.map { .object($0) } ?? .null]
                return .bool(uri != nil)
            default: return nil
            }
        case "BitConverter": return try bitConverter(name, arguments)
        case "Array": return try arrayStatic(name, arguments, typeArguments, evaluation)
        case "Enumerable":
            switch (name, count) {
            case ("Range", 2):
                let start = try Conversions.toInt(arguments[0]), length = try Conversions.toInt(arguments[1])
                guard length >= 0, Int64(start) + Int64(length) - 1 <= Int64(Int32.max) else { throw ExpressionRuntimeError.argumentOutOfRange("count", "Specified argument was out of the range of valid values.") }
                try evaluation.checkCount(length)
                return .object(EnumerableObject((0..<length).map { .int(Int32(start + $0)) }))
            case ("Repeat", 2):
                let length = try Conversions.toInt(arguments[1])
                guard length >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("count", "Specified argument was out of the range of valid values.") }
                try evaluation.checkCount(length)
                return .object(EnumerableObject(Array(repeating: arguments[0], count: length)))
            case ("Empty", 0): return .object(EnumerableObject([]))
            default:
                // Enumerable.Where(source, …) and friends called statically.
                guard count >= 1, let items = arguments[0].elements else { return nil }
                return try Linq.call(items, name, Array(arguments.dropFirst()), typeArguments, evaluation)
            }
        case "Encoding":
            if name == "GetEncoding", count == 1 {
                let label = (try Conversions.toStringOrNull(arguments[0]) ?? "").lowercased()
                switch label {
                case "utf-8", "utf8": return .object(EncodingObject(.utf8))
                case "ascii", "us-ascii": return .object(EncodingObject(.ascii))
                case "utf-16", "unicode": return .object(EncodingObject(.unicode))
                case "iso-8859-1", "latin1": return .object(EncodingObject(.latin1))
                default: throw ExpressionRuntimeError.argument("'\(label)' is not a supported encoding name. (Parameter 'name')")
                }
            }
            return nil
        case "Regex": return try RegexObject.callStatic(name, arguments, evaluation)
        case "Tuple":
            return name == "Create" ? .object(TupleObject(arguments)) : nil
        case "KeyValuePair":
            return name == "Create" && count == 2 ? .object(KeyValuePairObject(key: arguments[0], value: arguments[1])) : nil
        case "Object":
            switch (name, count) {
            case ("Equals", 2): return .bool(arguments[0].dotNetEquals(arguments[1]))
            case ("ReferenceEquals", 2): return .bool(Operators.equals(arguments[0], arguments[1]))
            default: return nil
            }
        case "SHA1", "SHA256", "SHA384", "SHA512", "MD5", "HMACSHA1", "HMACSHA256", "HMACSHA384", "HMACSHA512", "HMACMD5":
            switch (name, count) {
            case ("Create", 0): return try HashAlgorithmObject.make(type, []).map { .object($0) }
            case ("HashData", 1): return Conversions.byteArray(try HashAlgorithmObject.hash(type, data: try Conversions.toBytes(arguments[0], "source"), key: nil))
            case ("HashData", 2):
                return Conversions.byteArray(try HashAlgorithmObject.hash(type, data: try Conversions.toBytes(arguments[1], "source"), key: try Conversions.toBytes(arguments[0], "key")))
            default: return nil
            }
        case "ExpressionSyntaxExtensions":
            guard let receiver = arguments.first else { return nil }
            return try Extensions.call(receiver, name, Array(arguments.dropFirst()), evaluation)
        case "Nullable":
            return nil
        default:
            return nil
        }
    }

    private static func stringStatic(_ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (name, count) {
        case ("IsNullOrEmpty", 1):
            guard let text = try Conversions.toStringOrNull(arguments[0]) else { return .bool(true) }
            return .bool(text.isEmpty)
        case ("IsNullOrWhiteSpace", 1):
            guard let text = try Conversions.toStringOrNull(arguments[0]) else { return .bool(true) }
            return .bool(text.utf16.allSatisfy(StringMembers.isWhiteSpace))
        case ("Format", _) where count >= 1:
            var rest = arguments
            if case .object(let object) = rest[0], object is CultureInfoObject { rest.removeFirst() }
            guard let format = rest.first else { return nil }
            var values = Array(rest.dropFirst())
            if values.count == 1, case .array(let array) = values[0], array.elementType == "object" { values = array.items }
            let result = try Formatting.compositeFormat(try Conversions.toStringArgument(format, "format"), values)
            try evaluation.checkLength(result.utf8.count)
            return .string(result)
        case ("Join", _) where count >= 2:
            let separator = try Conversions.toStringOrNull(arguments[0]) ?? ""
            var items: [Value]
            if count == 2, let elements = arguments[1].elements, !isString(arguments[1]) { items = elements } else { items = Array(arguments.dropFirst()) }
            if count == 4, case .array(let array) = arguments[1] {
                let start = try Conversions.toInt(arguments[2]), length = try Conversions.toInt(arguments[3])
                guard start >= 0, length >= 0, start + length <= array.items.count else { throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.") }
                items = Array(array.items[start..<(start + length)])
            }
            let result = items.map(\.dotNetString).joined(separator: separator)
            try evaluation.checkLength(result.utf8.count)
            return .string(result)
        case ("Concat", _):
            var items = arguments
            if count == 1, let elements = arguments[0].elements, !isString(arguments[0]) { items = elements }
            let result = items.map(\.dotNetString).joined()
            try evaluation.checkLength(result.utf8.count)
            return .string(result)
        case ("Equals", 2), ("Equals", 3):
            let a = try Conversions.toStringOrNull(arguments[0]), b = try Conversions.toStringOrNull(arguments[1])
            guard let a, let b else { return .bool(a == nil && b == nil) }
            let ignoreCase = count == 3 ? (StringMembers.ignoresCase(arguments[2]) ?? false) : false
            return .bool(ignoreCase ? ordinalIgnoreCaseEquals(a, b) : ordinalEquals(a, b))
        case ("Compare", 2), ("Compare", 3), ("CompareOrdinal", 2):
            let a = try Conversions.toStringOrNull(arguments[0]), b = try Conversions.toStringOrNull(arguments[1])
            guard let a, let b else { return .int(a == nil ? (b == nil ? 0 : -1) : 1) }
            var ignoreCase = false
            var ordinal = name == "CompareOrdinal"
            if count == 3 {
                if case .bool(let flag) = arguments[2] { ignoreCase = flag }
                if case .object(let object) = arguments[2], let comparison = object as? EnumValue {
                    ignoreCase = comparison.rawValue % 2 == 1
                    ordinal = comparison.rawValue >= 4
                }
            }
            if ordinal {
                let order = ignoreCase ? ordinalIgnoreCaseCompare(a, b) : ordinalCompare(a, b)
                return .int(Int32(clamping: name == "CompareOrdinal" ? order : order.signum()))
            }
            return .int(Int32(StringMembers.cultureCompare(a, b, ignoreCase: ignoreCase)))
        case ("Copy", 1):
            return .string(try Conversions.toStringArgument(arguments[0], "str"))
        default:
            return nil
        }
    }

    private static func isString(_ value: Value) -> Bool {
        if case .string = value { return true }
        return false
    }

    private static func charStatic(_ name: String, _ arguments: [Value]) throws -> Value? {
        guard let first = arguments.first else { return nil }
        var unit: UInt16
        switch first {
        case .char(let c): unit = c
        case .string(let s):
            guard arguments.count == 2 else { return nil }
            let index = try Conversions.toInt(arguments[1])
            let units = Array(s.utf16)
            guard index >= 0, index < units.count else { throw ExpressionRuntimeError.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than the size of the collection.") }
            unit = units[index]
        default: return nil
        }
        let scalar = Unicode.Scalar(UInt32(unit))
        let properties = scalar?.properties
        switch name {
        case "IsDigit": return .bool(properties?.generalCategory == .decimalNumber)
        case "IsNumber": return .bool(properties?.numericType != nil)
        case "IsLetter": return .bool(properties?.isAlphabetic == true && properties?.generalCategory != .decimalNumber)
        case "IsLetterOrDigit": return .bool(properties?.isAlphabetic == true || properties?.generalCategory == .decimalNumber)
        case "IsWhiteSpace": return .bool(StringMembers.isWhiteSpace(unit))
        case "IsUpper": return .bool(properties?.isUppercase == true)
        case "IsLower": return .bool(properties?.isLowercase == true)
        case "IsPunctuation":
            switch properties?.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation: return .bool(true)
            default: return .bool(false)
            }
        case "IsControl": return .bool(unit < 0x20 || (unit >= 0x7F && unit < 0xA0))
        case "ToUpper", "ToUpperInvariant": return .char(upperInvariant(unit))
        case "ToLower", "ToLowerInvariant":
            let lower = scalar.map { String($0).lowercased().utf16 }
            return .char(lower?.count == 1 ? (lower?.first ?? unit) : unit)
        case "ToString": return .string(String(decoding: [unit], as: UTF16.self))
        case "IsSurrogate": return .bool(unit >= 0xD800 && unit <= 0xDFFF)
        case "GetNumericValue": return .double(properties?.numericValue ?? -1)
        case "Parse":
            guard case .string(let s) = first, s.utf16.count == 1, let only = s.utf16.first else {
                throw ExpressionRuntimeError("System.FormatException", "String must be exactly one character long.")
            }
            return .char(only)
        default: return nil
        }
    }

    private static func bitConverter(_ name: String, _ arguments: [Value]) throws -> Value? {
        switch (name, arguments.count) {
        case ("GetBytes", 1):
            switch arguments[0] {
            case .int(let v): return Conversions.byteArray(withUnsafeBytes(of: v.littleEndian, Array.init))
            case .long(let v): return Conversions.byteArray(withUnsafeBytes(of: v.littleEndian, Array.init))
            case .ulong(let v): return Conversions.byteArray(withUnsafeBytes(of: v.littleEndian, Array.init))
            case .double(let v): return Conversions.byteArray(withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init))
            case .float(let v): return Conversions.byteArray(withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init))
            case .bool(let v): return Conversions.byteArray([v ? 1 : 0])
            case .char(let v): return Conversions.byteArray(withUnsafeBytes(of: v.littleEndian, Array.init))
            default: return nil
            }
        case ("ToString", _):
            guard arguments.count >= 1 else { return nil }
            var bytes = try Conversions.toBytes(arguments[0], "value")
            if arguments.count >= 2 {
                let start = try Conversions.toInt(arguments[1])
                let length = arguments.count == 3 ? try Conversions.toInt(arguments[2]) : bytes.count - start
                guard start >= 0, length >= 0, start + length <= bytes.count else { throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.") }
                bytes = Array(bytes[start..<(start + length)])
            }
            return .string(bytes.map { hexByte($0, upper: true) }.joined(separator: "-"))
        case ("ToInt32", 2), ("ToInt64", 2), ("ToInt16", 2), ("ToUInt32", 2), ("ToUInt64", 2), ("ToUInt16", 2):
            let bytes = try Conversions.toBytes(arguments[0], "value")
            let start = try Conversions.toInt(arguments[1])
            let width = name.hasSuffix("64") ? 8 : (name.hasSuffix("16") ? 2 : 4)
            guard start >= 0, start + width <= bytes.count else {
                throw ExpressionRuntimeError.argument("Destination array is not long enough to copy all the items in the collection. Check array index and length. (Parameter 'value')")
            }
            var raw: UInt64 = 0
            for index in 0..<width { raw |= UInt64(bytes[start + index]) << UInt64(8 * index) }
            switch name {
            case "ToInt32": return .int(Int32(truncatingIfNeeded: raw))
            case "ToInt16": return .int(Int32(Int16(truncatingIfNeeded: raw)))
            case "ToUInt16": return .int(Int32(UInt16(truncatingIfNeeded: raw)))
            case "ToUInt32": return .long(Int64(UInt32(truncatingIfNeeded: raw)))
            case "ToUInt64": return .ulong(raw)
            default: return .long(Int64(bitPattern: raw))
            }
        default:
            return nil
        }
    }

    static func hexByte(_ byte: UInt8, upper: Bool) -> String {
        let digits = Array(upper ? "0123456789ABCDEF" : "0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    private static func arrayStatic(_ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (name, count) {
        case ("Empty", 0):
            return .array(ArrayObject([], elementType: typeArguments.first?.description ?? "object"))
        case ("IndexOf", 2), ("LastIndexOf", 2):
            guard case .array(let array) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("array") }
            let found = name == "IndexOf" ? array.items.firstIndex { $0.dotNetEquals(arguments[1]) } : array.items.lastIndex { $0.dotNetEquals(arguments[1]) }
            return .int(Int32(found ?? -1))
        case ("Reverse", 1):
            guard case .array(let array) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("array") }
            array.items.reverse()
            return .null
        case ("Sort", 1):
            guard case .array(let array) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("array") }
            array.items = try Linq.sorted(array.items, keys: array.items, descending: false)
            return .null
        case ("Copy", 3):
            guard case .array(let source) = arguments[0], case .array(let target) = arguments[1] else { throw ExpressionRuntimeError.argumentNull("sourceArray") }
            let length = try Conversions.toInt(arguments[2])
            guard length >= 0, length <= source.items.count, length <= target.items.count else {
                throw ExpressionRuntimeError.argument("Source array was not long enough. Check the source index, length, and the array's lower bounds. (Parameter 'sourceArray')")
            }
            for index in 0..<length { target.items[index] = source.items[index] }
            return .null
        case ("Copy", 5):
            guard case .array(let source) = arguments[0], case .array(let target) = arguments[2] else { throw ExpressionRuntimeError.argumentNull("sourceArray") }
            let sourceIndex = try Conversions.toInt(arguments[1]), targetIndex = try Conversions.toInt(arguments[3]), length = try Conversions.toInt(arguments[4])
            guard sourceIndex >= 0, targetIndex >= 0, length >= 0, sourceIndex + length <= source.items.count, targetIndex + length <= target.items.count else {
                throw ExpressionRuntimeError.argument("Source array was not long enough. Check the source index, length, and the array's lower bounds. (Parameter 'sourceArray')")
            }
            let slice = Array(source.items[sourceIndex..<(sourceIndex + length)])
            for (offset, item) in slice.enumerated() { target.items[targetIndex + offset] = item }
            return .null
        case ("Exists", 2), ("Find", 2), ("FindAll", 2), ("TrueForAll", 2), ("ConvertAll", 2), ("FindIndex", 2):
            guard case .array(let array) = arguments[0], case .function(let function) = arguments[1] else { throw ExpressionRuntimeError.argumentNull("array") }
            switch name {
            case "ConvertAll":
                let converted = try array.items.map { try function.invoke([$0], in: evaluation) }
                return .array(ArrayObject(converted, elementType: Library.inferElementType(converted)))
            default:
                var matches: [Value] = []
                var firstIndex = -1
                for (index, item) in array.items.enumerated() where try Conversions.toBool(try function.invoke([item], in: evaluation)) {
                    if firstIndex < 0 { firstIndex = index }
                    matches.append(item)
                }
                switch name {
                case "Exists": return .bool(!matches.isEmpty)
                case "Find": return matches.first ?? .null
                case "FindIndex": return .int(Int32(firstIndex))
                case "TrueForAll": return .bool(matches.count == array.items.count)
                default: return .array(ArrayObject(matches, elementType: array.elementType))
                }
            }
        default:
            return nil
        }
    }
}
