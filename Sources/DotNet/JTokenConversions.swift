/// A .NET target type for JSON/`System.Convert` conversions; `rawValue` is the .NET type name.
public enum DotNetConversionTarget: String, Sendable, Hashable, CaseIterable {
    case string = "String", int32 = "Int32", int64 = "Int64", double = "Double", single = "Single"
    case decimal = "Decimal", boolean = "Boolean", dateTime = "DateTime", dateTimeOffset = "DateTimeOffset"
    case guid = "Guid", timeSpan = "TimeSpan", char = "Char", byte = "Byte", int16 = "Int16", uint32 = "UInt32", uint64 = "UInt64"
}

extension JValue.Content {
    /// The .NET runtime type name of the stored value (`Int64`, `Double`, `String`, …).
    public var dotNetTypeName: String {
        switch self {
        case .null, .undefined: return "Object"
        case .string, .comment, .raw: return "String"
        case .integer: return "Int64"
        case .bigInteger: return "BigInteger"
        case .float: return "Double"
        case .decimal: return "Decimal"
        case .boolean: return "Boolean"
        case .date: return "DateTime"
        case .dateOffset: return "DateTimeOffset"
        case .guid: return "Guid"
        case .uri: return "Uri"
        case .timeSpan: return "TimeSpan"
        case .bytes: return "Byte[]"
        }
    }
}

/// `System.Convert.ToXxx(object, CultureInfo.InvariantCulture)` over JSON primitive values.
public enum DotNetValueConvert {
    static func overflow(_ t: String) -> DotNetException {
        DotNetException.overflow("Value was either too large or too small for \(t == "Int32" || t == "Int64" || t == "Int16" || t == "UInt32" || t == "UInt64" ? "an" : "a") \(t).")
    }

    static func invalidCast(_ from: String, _ to: String) -> DotNetException {
        DotNetException.invalidCast("Invalid cast from '\(from)' to '\(to)'.")
    }

    /// Round-half-even of a double to an integer range (Convert.ToInt32/ToInt64(double)).
    static func roundToInteger(_ d: Double, min: Double, max: Double, name: String) throws -> Int64 {
        guard !d.isNaN else { throw overflow(name) }
        let r = d.rounded(.toNearestOrEven)
        guard r >= min, r <= max else { throw overflow(name) }
        return Int64(r)
    }

    /// `Convert.ToInt64(value)`.
    public static func toInt64(_ c: JValue.Content) throws -> Int64 {
        switch c {
        case .null, .undefined: return 0
        case .integer(let i): return i
        case .bigInteger: throw overflow("Int64")
        case .float(let d): return try roundToInteger(d, min: -9.223372036854775808e18, max: 9.223372036854775807e18.nextDown, name: "Int64")
        case .decimal(let d): return try d.rounded(decimals: 0).toInt64()
        case .boolean(let b): return b ? 1 : 0
        case .string(let s), .comment(let s), .raw(let s): return try DotNetNumberParsing.parseInt64(s)
        default: throw invalidCast(c.dotNetTypeName, "Int64")
        }
    }

    /// `Convert.ToInt32(value)`.
    public static func toInt32(_ c: JValue.Content) throws -> Int32 {
        switch c {
        case .string(let s), .comment(let s), .raw(let s): return try DotNetNumberParsing.parseInt32(s)
        case .float(let d): return Int32(try roundToInteger(d, min: -2147483648, max: 2147483647, name: "Int32"))
        case .bigInteger: throw overflow("Int32")
        default:
            let v: Int64
            do { v = try toInt64(c) } catch let e as DotNetException where e.type == "OverflowException" { throw overflow("Int32") }
            guard let r = Int32(exactly: v) else { throw overflow("Int32") }
            return r
        }
    }

    /// `Convert.ToDouble(value)`.
    public static func toDouble(_ c: JValue.Content) throws -> Double {
        switch c {
        case .null, .undefined: return 0
        case .integer(let i): return Double(i)
        case .bigInteger(let s): return Double(s) ?? 0
        case .float(let d): return d
        case .decimal(let d): return d.doubleValue
        case .boolean(let b): return b ? 1 : 0
        case .string(let s), .comment(let s), .raw(let s): return try DotNetNumberParsing.parseDouble(s)
        default: throw invalidCast(c.dotNetTypeName, "Double")
        }
    }

    /// `Convert.ToDecimal(value)`.
    public static func toDecimal(_ c: JValue.Content) throws -> DotNetDecimal {
        switch c {
        case .null, .undefined: return .zero
        case .integer(let i): return DotNetDecimal(i)
        case .bigInteger(let s): return try DotNetNumberParsing.parseDecimal(s)
        case .float(let d): return try DotNetDecimal(d)
        case .decimal(let d): return d
        case .boolean(let b): return b ? .one : .zero
        case .string(let s), .comment(let s), .raw(let s): return try DotNetNumberParsing.parseDecimal(s)
        default: throw invalidCast(c.dotNetTypeName, "Decimal")
        }
    }

    /// `Convert.ToBoolean(value)`.
    public static func toBoolean(_ c: JValue.Content) throws -> Bool {
        switch c {
        case .null, .undefined: return false
        case .integer(let i): return i != 0
        case .bigInteger(let s): return s != "0"
        case .float(let d): return d != 0
        case .decimal(let d): return !d.isZero
        case .boolean(let b): return b
        case .string(let s), .comment(let s), .raw(let s): return try DotNetNumberParsing.parseBoolean(s)
        default: throw invalidCast(c.dotNetTypeName, "Boolean")
        }
    }

    /// `Convert.ToString(value, InvariantCulture)` (null gives "").
    public static func toString(_ c: JValue.Content) -> String {
        switch c {
        case .bytes(let b): return DotNetConvert.toBase64String(b)
        default: return JValue(c).description
        }
    }

    /// `Convert.ToDateTime(value)`.
    public static func toDateTime(_ c: JValue.Content) throws -> DotNetDateTime {
        switch c {
        case .null, .undefined: return .minValue
        case .date(let d): return d
        case .dateOffset(let d): return d.dateTime
        case .string(let s), .comment(let s), .raw(let s): return try DotNetDateTime.parse(s)
        default: throw invalidCast(c.dotNetTypeName, "DateTime")
        }
    }

    /// `Convert.ChangeType(value, target, InvariantCulture)` as Newtonsoft's `Value<T>()` uses it.
    /// A null value converts to nil for reference/nullable targets and throws `InvalidCastException`
    /// "Null object cannot be converted to a value type." otherwise.
    public static func changeType(_ c: JValue.Content, to target: DotNetConversionTarget, nullable: Bool = false) throws -> JValue.Content {
        if case .null = c {
            if target == .string || nullable { return .null }
            throw DotNetException.invalidCast("Null object cannot be converted to a value type.")
        }
        if case .undefined = c {
            if target == .string || nullable { return .null }
            throw DotNetException.invalidCast("Null object cannot be converted to a value type.")
        }
        switch target {
        case .string: return .string(toString(c))
        case .int32: return .integer(Int64(try toInt32(c)))
        case .int64: return .integer(try toInt64(c))
        case .int16, .byte, .uint32, .uint64, .char:
            let v = try toInt64(c)
            let ok: Bool
            switch target {
            case .int16: ok = Int16(exactly: v) != nil
            case .byte: ok = UInt8(exactly: v) != nil
            case .uint32: ok = UInt32(exactly: v) != nil
            case .char: ok = UInt16(exactly: v) != nil
            default: ok = v >= 0
            }
            if !ok { throw overflow(target.rawValue) }
            return .integer(v)
        case .double: return .float(try toDouble(c))
        case .single: return .float(Double(Float(try toDouble(c))))
        case .decimal: return .decimal(try toDecimal(c))
        case .boolean: return .boolean(try toBoolean(c))
        case .dateTime: return .date(try toDateTime(c))
        case .dateTimeOffset:
            switch c {
            case .dateOffset: return c
            case .date(let d): return .dateOffset(DotNetDateTimeOffset(d))
            case .string(let s): return .dateOffset(try DotNetDateTimeOffset.parse(s))
            default: throw invalidCast(c.dotNetTypeName, "DateTimeOffset")
            }
        case .guid:
            switch c {
            case .guid: return c
            case .string(let s): return .guid(try DotNetGuid.parse(s))
            default: throw invalidCast(c.dotNetTypeName, "Guid")
            }
        case .timeSpan:
            switch c {
            case .timeSpan: return c
            case .string(let s): return .timeSpan(try DotNetTimeSpan.parse(s))
            default: throw invalidCast(c.dotNetTypeName, "TimeSpan")
            }
        }
    }
}

extension JToken {
    static let booleanTypes: Set<JTokenType> = [.integer, .float, .string, .comment, .raw, .boolean]
    static let numberTypes: Set<JTokenType> = [.integer, .float, .string, .comment, .raw, .boolean]
    static let stringTypes: Set<JTokenType> = [.date, .integer, .float, .string, .comment, .raw, .boolean, .bytes, .guid, .timeSpan, .uri]
    static let guidTypes: Set<JTokenType> = [.string, .comment, .raw, .guid, .bytes]
    static let timeSpanTypes: Set<JTokenType> = [.string, .comment, .raw, .timeSpan]
    static let dateTimeTypes: Set<JTokenType> = [.date, .string, .comment, .raw]
    static let charTypes: Set<JTokenType> = [.integer, .float, .string, .comment, .raw]

    static func validTypes(_ t: DotNetConversionTarget) -> Set<JTokenType> {
        switch t {
        case .string: return stringTypes
        case .boolean: return booleanTypes
        case .guid: return guidTypes
        case .timeSpan: return timeSpanTypes
        case .dateTime, .dateTimeOffset: return dateTimeTypes
        case .char: return charTypes
        default: return numberTypes
        }
    }

    /// Newtonsoft's explicit conversion operators: `(string)token`, `(int)token`, `(long?)token`, …
    ///
    /// - A nil token gives nil for `string` and nullable targets; for value types it throws
    ///   `ArgumentNullException` "Value cannot be null. (Parameter 'value')".
    /// - Objects, arrays and unsupported value kinds throw `ArgumentException` "Can not convert Object to Int32.".
    /// - A null JValue gives nil for `string`/nullable targets and `ArgumentException` "Can not convert Null to Int32." otherwise.
    /// - The value itself is converted with `System.Convert` (strings parsed invariantly, doubles rounded half-to-even).
    public static func explicitCast(_ token: JToken?, to target: DotNetConversionTarget, nullable: Bool = false) throws -> JValue.Content {
        guard var t = token else {
            if target == .string || nullable { return .null }
            throw DotNetException.argumentNull("value")
        }
        if let p = t as? JProperty { t = p.value }
        let allowNull = target == .string || nullable
        guard let v = t as? JValue, validTypes(target).contains(v.type) || (allowNull && (v.type == .null || v.type == .undefined)) else {
            throw DotNetException.argument("Can not convert \(t.type.name) to \(target.rawValue).")
        }
        switch v.content {
        case .null, .undefined: return .null
        default: break
        }
        switch target {
        case .string:
            return .string(DotNetValueConvert.toString(v.content))
        case .dateTime:
            if case .dateOffset(let o) = v.content { return .date(o.dateTime) }
            return .date(try DotNetValueConvert.toDateTime(v.content))
        case .guid:
            if case .bytes(let b) = v.content { return .guid(try DotNetGuid(byteArray: b)) }
            if case .guid = v.content { return v.content }
            return .guid(try DotNetGuid.parse(DotNetValueConvert.toString(v.content)))
        case .timeSpan:
            if case .timeSpan = v.content { return v.content }
            return .timeSpan(try DotNetTimeSpan.parse(DotNetValueConvert.toString(v.content)))
        default:
            return try DotNetValueConvert.changeType(v.content, to: target, nullable: nullable)
        }
    }

    /// `(string)token`.
    public static func toDotNetString(_ token: JToken?) throws -> String? {
        if case .string(let s) = try explicitCast(token, to: .string) { return s }
        return nil
    }
    /// `(int)token`.
    public static func toInt32(_ token: JToken?) throws -> Int32 {
        if case .integer(let i) = try explicitCast(token, to: .int32) { return Int32(truncatingIfNeeded: i) }
        return 0
    }
    /// `(long)token`.
    public static func toInt64(_ token: JToken?) throws -> Int64 {
        if case .integer(let i) = try explicitCast(token, to: .int64) { return i }
        return 0
    }
    /// `(double)token`.
    public static func toDouble(_ token: JToken?) throws -> Double {
        if case .float(let d) = try explicitCast(token, to: .double) { return d }
        return 0
    }
    /// `(bool)token`.
    public static func toBoolean(_ token: JToken?) throws -> Bool {
        if case .boolean(let b) = try explicitCast(token, to: .boolean) { return b }
        return false
    }
    /// `(decimal)token`.
    public static func toDecimal(_ token: JToken?) throws -> DotNetDecimal {
        if case .decimal(let d) = try explicitCast(token, to: .decimal) { return d }
        return .zero
    }
    /// `(DateTime)token`.
    public static func toDateTime(_ token: JToken?) throws -> DotNetDateTime {
        if case .date(let d) = try explicitCast(token, to: .dateTime) { return d }
        return .minValue
    }

    /// `token.Value<T>(key)`: `this[key]` then `Convert.ChangeType`; a missing key gives nil
    /// (C# `default(T)`: the evaluator maps nil to 0/false/null for the target).
    /// A non-JValue result throws `InvalidCastException` "Cannot cast Newtonsoft.Json.Linq.JObject to Newtonsoft.Json.Linq.JToken.".
    public func value(_ key: JTokenKey, as target: DotNetConversionTarget, nullable: Bool = false) throws -> JValue.Content? {
        guard let t = try get(key) else { return nil }
        return try JToken.valueConvert(t, to: target, nullable: nullable)
    }

    /// `token.Value<T>()` (the extension on a token itself).
    public static func valueConvert(_ t: JToken, to target: DotNetConversionTarget, nullable: Bool = false) throws -> JValue.Content {
        guard let v = t as? JValue else {
            throw DotNetException.invalidCast("Cannot cast \(JToken.dotNetTypeName(t)) to Newtonsoft.Json.Linq.JToken.")
        }
        return try DotNetValueConvert.changeType(v.content, to: target, nullable: nullable)
    }

    /// `token.Values<T>()`: children converted like `Value<T>()` (for an object: its property values).
    public func values(as target: DotNetConversionTarget, nullable: Bool = false) throws -> [JValue.Content] {
        try children().map { c in
            let t = (c as? JProperty)?.value ?? c
            return try JToken.valueConvert(t, to: target, nullable: nullable)
        }
    }

    /// `token.ToObject<T>()` for primitive targets: the same rules as the explicit cast operators.
    public func toObject(as target: DotNetConversionTarget, nullable: Bool = false) throws -> JValue.Content {
        try JToken.explicitCast(self, to: target, nullable: nullable)
    }

    /// `array.ToObject<T[]>()` / `ToObject<List<T>>()` for a primitive `T`: each item converted as `ToObject<T>()`.
    /// A non-array throws `JsonSerializationException` like Newtonsoft's serializer.
    public func toObjectArray(as target: DotNetConversionTarget, nullable: Bool = false) throws -> [JValue.Content] {
        guard let a = self as? JArray else {
            throw DotNetException("JsonSerializationException", "Cannot deserialize the current JSON \(type == .object ? "object" : "value") into type 'System.\(target.rawValue)[]' because the type requires a JSON array to deserialize correctly.")
        }
        return try a.values.map { try $0.toObject(as: target, nullable: nullable) }
    }

    /// `JToken.FromObject` for primitives: wraps a value as a `JValue`.
    public static func fromContent(_ c: JValue.Content) -> JValue { JValue(c) }
}

/// `Newtonsoft.Json.JsonConvert` entry points for JToken-compatible values.
public enum JsonConvert {
    /// `JsonConvert.SerializeObject(value)` (compact unless `.indented`; nil → "null").
    public static func serializeObject(_ token: JToken?, _ formatting: JsonFormatting = .none, newLine: String = JToken.defaultNewLine) -> String {
        JToken.serializeObject(token, formatting, newLine: newLine)
    }

    /// `JsonConvert.SerializeObject(primitive)`: JSON text of a primitive (`"a\"b"`, `1.0`, `true`, `null`,
    /// dates as ISO 8601 in quotes).
    public static func serializeObject(_ value: JValue.Content) -> String { JsonTextWriter.valueText(value) }

    /// `JsonConvert.ToString(string)`: a quoted, escaped JSON string.
    public static func toString(_ s: String) -> String { JsonTextWriter.quote(s) }

    /// `JsonConvert.DeserializeObject(json)` to a JToken (blank text → nil).
    public static func deserializeObject(_ json: String) throws -> JToken? { try JToken.deserializeObject(json) }

    /// `JsonConvert.DeserializeObject<T>(json)` for a primitive `T` (reads a token, then converts as `ToObject<T>`).
    public static func deserializeObject(_ json: String, as target: DotNetConversionTarget, nullable: Bool = false) throws -> JValue.Content {
        let allowsNull = target == .string || nullable
        guard let t = try JToken.deserializeObject(json) else {
            if allowsNull { return .null }
            throw DotNetException("JsonSerializationException", "No JSON content found and type 'System.\(target.rawValue)' is not nullable.")
        }
        if let v = t as? JValue, v.type == .null, !allowsNull {
            let end = json.trimmingDotNetWhitespace().utf16.count
            throw DotNetException("JsonSerializationException", "Error converting value {null} to type 'System.\(target.rawValue)'. Path '', line 1, position \(end).")
        }
        return try t.toObject(as: target, nullable: nullable)
    }
}
