import DotNet
import Foundation

/// Wires the pure-Swift .NET building blocks of the `DotNet` target (Newtonsoft-style JSON, .NET number
/// and date formatting) into the evaluator: conversions between ``Value`` and their types, and
/// the JSON types' static members and constructors.
enum DotNetBridge {
    /// A `DotNetException` from the building blocks as the evaluator's error.
    static func error(_ exception: DotNetException) -> ExpressionRuntimeError {
        if exception.type == "LimitExceededException" { return .limit(exception.message) }
        let namespace: String = switch exception.type {
        case "JsonReaderException", "JsonSerializationException", "JsonWriterException": "Newtonsoft.Json."
        case "KeyNotFoundException": "System.Collections.Generic."
        case "RegexMatchTimeoutException", "RegexParseException": "System.Text.RegularExpressions."
        default: "System."
        }
        return ExpressionRuntimeError(namespace + exception.type, exception.message)
    }

    /// Runs a building-block call, translating its exceptions.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exception as DotNetException {
            throw error(exception)
        }
    }

    // MARK: Value ↔ JSON

    static func dateTime(_ value: DateTimeValue) -> DotNetDateTime? {
        let kind: DotNetDateTimeKind = switch value.kind {
        case .utc: .utc
        case .local: .local
        case .unspecified: .unspecified
        }
        return try? DotNetDateTime(ticks: value.ticks, kind: kind)
    }

    static func dateTimeOffset(_ value: DateTimeOffsetValue) -> DotNetDateTimeOffset? {
        guard let local = dateTime(value.localDateTime) else { return nil }
        return try? DotNetDateTimeOffset(dateTime: local, offset: DotNetTimeSpan(ticks: Int64(value.offsetMinutes) * Ticks.perMinute))
    }

    static func dateTimeValue(_ value: DotNetDateTime) -> DateTimeValue {
        let kind: DateTimeValue.Kind = switch value.kind {
        case .utc: .utc
        case .local: .local
        case .unspecified: .unspecified
        }
        return DateTimeValue(ticks: value.ticks, kind: kind)
    }

    /// The `Value` of a JSON primitive (`JValue.Value`).
    static func value(_ content: JValue.Content) -> Value {
        switch content {
        case .null, .undefined: .null
        case .string(let s), .comment(let s), .raw(let s), .uri(let s): .string(s)
        case .integer(let i): .long(i)
        case .bigInteger(let s): .double(Double(s) ?? 0)
        case .float(let d): .double(d)
        case .decimal(let d): .decimal(d)
        case .boolean(let b): .bool(b)
        case .date(let d): .dateTime(dateTimeValue(d))
        case .dateOffset(let d): .dateTimeOffset(DateTimeOffsetValue(utcTicks: d.utcTicks, offsetMinutes: Int(d.offset.ticks / Ticks.perMinute)))
        case .guid(let g): .guid(GuidValue(bytes: g.toByteArray()))
        case .timeSpan(let t): .timeSpan(t.ticks)
        case .bytes(let b): Conversions.byteArray(b)
        }
    }

    /// A token for a value, as `new JValue(x)` / `JToken.FromObject(x)` would build it.
    static func token(_ value: Value, depth: Int = 0) throws -> JToken {
        guard depth <= 64 else {
            throw ExpressionRuntimeError("Newtonsoft.Json.JsonSerializationException", "Self referencing loop or nesting deeper than 64 levels detected.")
        }
        switch value {
        case .null: return JValue.null()
        case .bool(let b): return JValue(b)
        case .char(let c): return JValue(String(decoding: [c], as: UTF16.self))
        case .byte(let b): return JValue(Int64(b))
        case .int(let i): return JValue(Int64(i))
        case .long(let i): return JValue(i)
        case .ulong(let u): return u <= UInt64(Int64.max) ? JValue(Int64(u)) : JValue(.bigInteger(String(u)))
        case .float(let f): return JValue(Double(f))
        case .double(let d): return JValue(d)
        case .decimal(let d): return JValue(.decimal(d))
        case .string(let s): return JValue(s)
        case .dateTime(let d): return dateTime(d).map { JValue(.date($0)) } ?? JValue(d.roundTripString)
        case .dateTimeOffset(let d): return JValue(d.roundTripString)
        case .timeSpan(let t): return JValue(.timeSpan(DotNetTimeSpan(ticks: t)))
        case .guid(let g): return (try? DotNetGuid(byteArray: g.bytes)).map { JValue(.guid($0)) } ?? JValue(g.formatted())
        case .array(let array):
            if array.elementType == "byte" { return JValue(.bytes(try Conversions.toBytes(value))) }
            let items = try array.items.map { try token($0, depth: depth + 1) }
            return try run { try JArray(items) }
        case .list(let list):
            let items = try list.items.map { try token($0, depth: depth + 1) }
            return try run { try JArray(items) }
        case .dictionary(let dictionary):
            let object = JObject()
            for (key, item) in zip(dictionary.keys, dictionary.values) { try run { try object.set(.name(key.dotNetString), try token(item, depth: depth + 1)) } }
            return object
        case .object(let object):
            if let wrapped = object as? JTokenObject { return wrapped.token }
            if let anonymous = object as? AnonymousObject {
                let result = JObject()
                for (name, item) in anonymous.members { try run { try result.set(.name(name), try token(item, depth: depth + 1)) } }
                return result
            }
            if let elements = object.enumerated() {
                let items = try elements.map { try token($0, depth: depth + 1) }
                return try run { try JArray(items) }
            }
            return JValue(object.dotNetString())
        case .function:
            throw ExpressionRuntimeError.unsupported("serialising a delegate to JSON")
        }
    }

    /// Wraps a token (nil stays C# null).
    static func wrap(_ token: JToken?) -> Value {
        guard let token else { return .null }
        return .object(JTokenObject(token))
    }

    // MARK: Static members and constructors

    static func staticProperty(_ type: String, _ name: String, _ evaluation: Evaluation) throws -> Value? {
        switch (type, name) {
        case ("JValue", "CreateNull"): return wrap(JValue.null())
        default: return nil
        }
    }

    static func callStatic(_ type: String, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (type, name) {
        case ("JObject", "Parse"), ("JArray", "Parse"), ("JToken", "Parse"), ("JValue", "Parse"), ("JContainer", "Parse"):
            guard count >= 1 else { return nil }
            let text = try Conversions.toStringArgument(arguments[0], "json")
            try evaluation.charge(json: text.utf8.count)
            return wrap(try run { () throws -> JToken in
                switch type {
                case "JObject": return try JObject.parse(text)
                case "JArray": return try JArray.parse(text)
                default: return try JToken.parse(text)
                }
            })
        case ("JObject", "FromObject"), ("JToken", "FromObject"), ("JArray", "FromObject"):
            guard count >= 1 else { return nil }
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("o") }
            let made = try token(arguments[0])
            if type == "JObject", !(made is JObject) {
                throw ExpressionRuntimeError.argument("Object serialized to \(made.type.name). JObject instance expected.")
            }
            return wrap(made)
        case ("JValue", "CreateString"):
            guard count == 1 else { return nil }
            return wrap(JValue.string(try Conversions.toStringOrNull(arguments[0])))
        case ("JValue", "CreateNull"):
            return wrap(JValue.null())
        case ("JToken", "DeepEquals"):
            guard count == 2 else { return nil }
            return .bool(JToken.deepEquals(jsonToken(arguments[0]), jsonToken(arguments[1])))
        case ("JsonConvert", "SerializeObject"):
            guard count >= 1 else { return nil }
            var formatting = JsonFormatting.none
            if count >= 2, case .object(let object) = arguments[1], let option = object as? EnumValue, option.enumType == "Formatting", option.rawValue == 1 {
                formatting = .indented
            }
            if case .string(let s) = arguments[0] { return .string(JToken.serializeObject(JValue(s), formatting)) }
            return .string(JToken.serializeObject(try token(arguments[0]), formatting))
        case ("JsonConvert", "DeserializeObject"):
            guard count >= 1 else { return nil }
            let text = try Conversions.toStringOrNull(arguments[0]) ?? ""
            try evaluation.charge(json: text.utf8.count)
            let parsed = try run { try JToken.deserializeObject(text) }
            if let target = typeArguments.first, let parsed {
                return try JTokenObject(parsed).toObject(target)
            }
            return wrap(parsed)
        case ("JsonConvert", "ToString"):
            guard count == 1 else { return nil }
            return .string(JToken.serializeObject(try token(arguments[0])))
        default:
            return nil
        }
    }

    static func jsonToken(_ value: Value) -> JToken? {
        if case .object(let object) = value, let wrapped = object as? JTokenObject { return wrapped.token }
        return nil
    }

    /// `new JObject(...)`, `new JArray(...)`, `new JProperty(name, value)`, `new JValue(x)`.
    static func construct(_ type: String, _ written: TypeRef, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        switch type {
        case "JObject":
            let object = JObject()
            for argument in flattened(arguments) { try add(argument, to: object) }
            return wrap(object)
        case "JArray":
            let array = JArray()
            for argument in flattened(arguments) {
                let item = try token(argument)
                try run { try array.add(item) }
            }
            return wrap(array)
        case "JProperty":
            guard let first = arguments.first else { return nil }
            let name = try Conversions.toStringArgument(first, "name")
            let rest = Array(arguments.dropFirst())
            if rest.count == 1, !isArrayContent(rest[0]) { return wrap(JProperty(name, try token(rest[0]))) }
            if rest.count == 1 { return wrap(JProperty(name, try token(rest[0]))) }
            let items = try rest.map { try token($0) }
            return wrap(JProperty(name, try run { try JArray(items) }))
        case "JValue":
            guard arguments.count == 1 else { return nil }
            return wrap(try token(arguments[0]))
        default:
            return nil
        }
    }

    private static func isArrayContent(_ value: Value) -> Bool {
        switch value {
        case .array, .list: true
        default: false
        }
    }

    /// `params object[] content`: a single array/list argument spreads its items.
    private static func flattened(_ arguments: [Value]) -> [Value] {
        if arguments.count == 1 {
            switch arguments[0] {
            case .array(let array) where array.elementType != "byte": return array.items
            case .list(let list): return list.items
            case .object(let object) where object is EnumerableObject || object is OrderedEnumerableObject: return object.enumerated() ?? []
            default: break
            }
        }
        return arguments
    }

    /// `JObject.Add(content)`: properties are added; anything else is an ArgumentException.
    static func add(_ content: Value, to object: JObject) throws {
        if let property = jsonToken(content) as? JProperty {
            try run { try object.add(property) }
            return
        }
        if case .object(let o) = content, let pair = o as? KeyValuePairObject {
            try run { try object.add(pair.key.dotNetString, try token(pair.value)) }
            return
        }
        if content.isNull { return }
        let tokenValue = try token(content)
        throw ExpressionRuntimeError.argument("Can not add \(qualifiedTypeName(tokenValue is JArray ? "JArray" : "JValue")) to \(qualifiedTypeName("JObject")).")
    }

    /// `Body.As<JObject>()`, `As<JArray>()`, `As<JToken>()`.
    static func parseBody(_ bytes: [UInt8], as typeName: String, _ evaluation: Evaluation) throws -> Value? {
        try evaluation.charge(json: bytes.count)
        let text = String(decoding: bytes, as: UTF8.self)
        switch typeName {
        case "JObject": return wrap(try run { try JObject.parse(text) })
        case "JArray": return wrap(try run { try JArray.parse(text) })
        case "JToken": return wrap(try run { try JToken.parse(text) })
        default: return nil
        }
    }
}
