import DotNet
import Foundation

/// A Newtonsoft `JToken` (JObject, JArray, JProperty, JValue) as an expression value.
/// Two wrappers of the same token are the same .NET object.
public final class JTokenObject: DotNetObject, @unchecked Sendable {
    public let token: JToken

    public init(_ token: JToken) { self.token = token }

    public var typeName: String {
        switch token {
        case is JObject: "JObject"
        case is JArray: "JArray"
        case is JProperty: "JProperty"
        default: "JValue"
        }
    }

    public func isInstance(of name: String) -> Bool {
        switch name {
        case "JToken", "IEnumerable", "IEnumerable`1": return true
        case "JContainer": return token is JContainer
        default: return name == typeName
        }
    }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        guard let other = other as? JTokenObject else { return false }
        if let a = token as? JValue, let b = other.token as? JValue { return JToken.deepEquals(a, b) }
        return token === other.token
    }

    /// `ToString()`: JSON for containers (indented), the plain value for a JValue.
    public func dotNetString() -> String {
        if let value = token as? JValue { return value.description }
        return token.toString(.indented)
    }

    public func enumerated() -> [Value]? {
        switch token {
        case let object as JObject:
            return object.properties().map { .object(KeyValuePairObject(key: .string($0.name), value: DotNetBridge.wrap($0.value))) }
        case let container as JContainer:
            return container.children().map { DotNetBridge.wrap($0) }
        default:
            return nil
        }
    }

    private static let targets: [String: DotNetConversionTarget] = [
        "String": .string, "Int32": .int32, "Int64": .int64, "Double": .double, "Single": .single, "Decimal": .decimal,
        "Boolean": .boolean, "DateTime": .dateTime, "DateTimeOffset": .dateTimeOffset, "Guid": .guid, "TimeSpan": .timeSpan,
        "Char": .char, "Byte": .byte, "Int16": .int16, "UInt32": .uint32, "UInt64": .uint64,
    ]

    /// Explicit conversions `(string)token`, `(int)token`, … with Newtonsoft's rules and messages.
    public func convert(to typeName: String) throws -> Value? {
        guard let target = JTokenObject.targets[typeName] else { return nil }
        let content = try DotNetBridge.run { try JToken.explicitCast(token, to: target, nullable: typeName == "String") }
        return JTokenObject.typed(content, target)
    }

    /// A converted primitive as the value of the target type (`Int32` stays `int`).
    static func typed(_ content: JValue.Content, _ target: DotNetConversionTarget) -> Value {
        let value = DotNetBridge.value(content)
        switch (target, value) {
        case (.int32, .long(let v)), (.int16, .long(let v)): return .int(Int32(truncatingIfNeeded: v))
        case (.byte, .long(let v)): return .byte(UInt8(truncatingIfNeeded: v))
        case (.uint64, .long(let v)): return .ulong(UInt64(bitPattern: v))
        case (.single, .double(let d)): return .float(Float(d))
        case (.char, .string(let s)): return s.utf16.first.map { .char($0) } ?? .null
        default: return value
        }
    }

    /// `ToObject<T>()` / `JsonConvert.DeserializeObject<T>()`.
    func toObject(_ type: TypeRef) throws -> Value {
        let name = Conversions.normalizedName(type.name)
        if type.arrayRank > 0 || name == "List" {
            guard let array = token as? JArray else {
                throw ExpressionRuntimeError("Newtonsoft.Json.JsonSerializationException", "Cannot deserialize the current JSON object into type '\(type)'.")
            }
            let element = type.arrayRank > 0 ? type.elementType : (type.arguments.first ?? TypeRef(name: "object", offset: 0))
            let items = try array.values.map { try JTokenObject($0).toObject(element) }
            return type.arrayRank > 0 ? .array(ArrayObject(items, elementType: element.description)) : .list(ListObject(items, elementType: element.description))
        }
        if name == "Dictionary" || name == "IDictionary" {
            guard let object = token as? JObject else {
                throw ExpressionRuntimeError("Newtonsoft.Json.JsonSerializationException", "Cannot deserialize the current JSON array into type '\(type)'.")
            }
            let valueType = type.arguments.count == 2 ? type.arguments[1] : TypeRef(name: "object", offset: 0)
            let dictionary = DictionaryObject()
            for property in object.properties() { dictionary.set(.string(property.name), try JTokenObject(property.value).toObject(valueType)) }
            return .dictionary(dictionary)
        }
        switch name {
        case "JToken", "Object": return .object(self)
        case "JObject", "JArray", "JValue", "JProperty":
            guard typeName == name else { throw ExpressionRuntimeError.invalidCast(from: typeName, to: name) }
            return .object(self)
        default:
            if let converted = try convert(to: name) { return converted }
            throw ExpressionRuntimeError.unsupported("converting JSON to '\(type)'")
        }
    }

    private func key(_ value: Value) throws -> JTokenKey {
        switch value {
        case .string(let s): return .name(s)
        case .int, .long, .byte, .char: return .index(try Conversions.toInt(value))
        case .null: throw ExpressionRuntimeError.argumentNull("key")
        default:
            throw ExpressionRuntimeError.argument("Accessed \(typeName) values with invalid key value: \(value.dotNetString). Object property name expected.")
        }
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        let key = try key(arguments[0])
        return DotNetBridge.wrap(try DotNetBridge.run { try token.get(key) })
    }

    public func setIndex(_ arguments: [Value], _ value: Value, in evaluation: Evaluation) throws -> Bool {
        guard arguments.count == 1 else { return false }
        let key = try key(arguments[0])
        let newToken = try DotNetBridge.token(value)
        try DotNetBridge.run { try token.set(key, newToken) }
        return true
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Type": return EnumValue.make("JTokenType", token.type.name).map { .object($0) } ?? .null
        case "HasValues": return .bool(token.hasValues)
        case "Parent": return DotNetBridge.wrap(token.parent)
        case "Root": return DotNetBridge.wrap(token.root)
        case "Path": return .string(token.path)
        case "First": return DotNetBridge.wrap(token.first)
        case "Last": return DotNetBridge.wrap(token.last)
        case "Next": return DotNetBridge.wrap(token.next)
        case "Previous": return DotNetBridge.wrap(token.previous)
        case "Count":
            guard let container = token as? JContainer else { return nil }
            return .int(Int32(clamping: container.count))
        case "Name":
            guard let property = token as? JProperty else { return nil }
            return .string(property.name)
        case "Value":
            if let property = token as? JProperty { return DotNetBridge.wrap(property.value) }
            if let value = token as? JValue { return DotNetBridge.value(value.content) }
            return nil
        default:
            return nil
        }
    }

    public func setProperty(_ name: String, _ value: Value, in evaluation: Evaluation) throws -> Bool {
        switch (name, token) {
        case ("Value", let property as JProperty):
            let newValue = try DotNetBridge.token(value)
            try DotNetBridge.run { try property.setValue(checked: newValue) }
            return true
        case ("Value", let jsonValue as JValue):
            if let replacement = try DotNetBridge.token(value) as? JValue { jsonValue.content = replacement.content }
            return true
        default:
            return false
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (name, count) {
        case ("ToString", 0):
            return .string(dotNetString())
        case ("ToString", _):
            var formatting = JsonFormatting.none
            if case .object(let object) = arguments[0], let option = object as? EnumValue, option.enumType == "Formatting" {
                formatting = option.rawValue == 1 ? .indented : .none
            }
            if token is JValue, case .string(let format) = arguments[0], let value = token as? JValue {
                return .string(try Formatting.format(DotNetBridge.value(value.content), format))
            }
            return .string(token.toString(formatting))
        case ("Value", 0), ("Value", 1):
            // `token.Value<T>()` converts the token itself; `Value<T>(key)` a child.
            let key = arguments.isEmpty ? nil : try key(arguments[0])
            guard let found = try key.map({ key in try DotNetBridge.run { try token.valueToken(key) } }) ?? token else { return .null }
            if let target = typeArguments.first {
                let name = Conversions.normalizedName(target.name)
                if let conversion = JTokenObject.targets[name] {
                    let content = try DotNetBridge.run { try JToken.valueConvert(found, to: conversion, nullable: target.isNullable || name == "String") }
                    return JTokenObject.typed(content, conversion)
                }
            }
            return DotNetBridge.wrap(found)
        case ("Values", 0):
            let children = token.children().flatMap { child -> [JToken] in
                if let property = child as? JProperty { return [property.value] }
                return [child]
            }
            if let target = typeArguments.first, let conversion = JTokenObject.targets[Conversions.normalizedName(target.name)] {
                return .object(EnumerableObject(try children.map { child in
                    JTokenObject.typed(try DotNetBridge.run { try JToken.valueConvert(child, to: conversion, nullable: true) }, conversion)
                }))
            }
            return .object(EnumerableObject(children.map { DotNetBridge.wrap($0) }))
        case ("SelectToken", 1), ("SelectToken", 2):
            let path = try Conversions.toStringArgument(arguments[0], "path")
            let found = try DotNetBridge.run { try token.selectToken(path) }
            if found == nil, count == 2, (try? Conversions.toBool(arguments[1])) == true {
                throw ExpressionRuntimeError("Newtonsoft.Json.JsonException", "Property '\(path)' does not exist on \(typeName).")
            }
            return DotNetBridge.wrap(found)
        case ("SelectTokens", 1):
            let path = try Conversions.toStringArgument(arguments[0], "path")
            return .object(EnumerableObject(try DotNetBridge.run { try token.selectTokens(path) }.map { DotNetBridge.wrap($0) }))
        case ("Children", 0):
            return .object(EnumerableObject(token.children().map { DotNetBridge.wrap($0) }))
        case ("Descendants", 0):
            return .object(EnumerableObject(token.descendants().map { DotNetBridge.wrap($0) }))
        case ("Ancestors", 0):
            return .object(EnumerableObject(token.ancestors().map { DotNetBridge.wrap($0) }))
        case ("DeepClone", 0):
            return DotNetBridge.wrap(token.deepClone())
        case ("Remove", 0):
            try DotNetBridge.run { try token.remove() }
            return .null
        case ("Replace", 1):
            let replacement = try DotNetBridge.token(arguments[0])
            try DotNetBridge.run { try token.replace(with: replacement) }
            return .null
        case ("AddAfterSelf", 1), ("AddBeforeSelf", 1):
            let sibling = try DotNetBridge.token(arguments[0])
            try DotNetBridge.run { name == "AddAfterSelf" ? try token.addAfterSelf(sibling) : try token.addBeforeSelf(sibling) }
            return .null
        case ("ToObject", 0):
            guard let target = typeArguments.first else { return nil }
            return try toObject(target)
        default:
            break
        }
        switch token {
        case let object as JObject: return try objectCall(object, name, arguments, evaluation)
        case let array as JArray: return try arrayCall(array, name, arguments, evaluation)
        default: return nil
        }
    }

    private func objectCall(_ object: JObject, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("Add", 1):
            try DotNetBridge.add(arguments[0], to: object)
            return .null
        case ("Add", 2):
            let key = try Conversions.toStringArgument(arguments[0], "propertyName")
            let value = try DotNetBridge.token(arguments[1])
            try DotNetBridge.run { try object.add(key, value) }
            return .null
        case ("Property", 1), ("Property", 2):
            let key = try Conversions.toStringArgument(arguments[0], "name")
            if arguments.count == 2, StringMembers.ignoresCase(arguments[1]) == true {
                return DotNetBridge.wrap(object.properties().first { ordinalIgnoreCaseEquals($0.name, key) })
            }
            return DotNetBridge.wrap(object.property(key))
        case ("Properties", 0):
            return .object(EnumerableObject(object.properties().map { DotNetBridge.wrap($0) }))
        case ("ContainsKey", 1):
            return .bool(object.containsKey(try Conversions.toStringArgument(arguments[0], "propertyName")))
        case ("TryGetValue", 2):
            let found = object.tryGetValue(try Conversions.toStringArgument(arguments[0], "propertyName"))
            evaluation.outValues = [DotNetBridge.wrap(found)]
            return .bool(found != nil)
        case ("GetValue", 1), ("GetValue", 2):
            let key = try Conversions.toStringArgument(arguments[0], "propertyName")
            if arguments.count == 2, StringMembers.ignoresCase(arguments[1]) == true {
                return DotNetBridge.wrap((object.property(key) ?? object.properties().first { ordinalIgnoreCaseEquals($0.name, key) })?.value)
            }
            return DotNetBridge.wrap(object.tryGetValue(key))
        case ("Remove", 1):
            return .bool(object.remove(try Conversions.toStringArgument(arguments[0], "propertyName")))
        case ("RemoveAll", 0):
            object.removeAll()
            return .null
        default:
            return nil
        }
    }

    private func arrayCall(_ array: JArray, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("Add", 1):
            try evaluation.checkCount(array.count + 1)
            let item = try DotNetBridge.token(arguments[0])
            try DotNetBridge.run { try array.add(item) }
            return .null
        case ("Insert", 2):
            let position = try Conversions.toInt(arguments[0])
            let item = try DotNetBridge.token(arguments[1])
            try DotNetBridge.run { try array.insert(position, item) }
            return .null
        case ("RemoveAt", 1):
            let position = try Conversions.toInt(arguments[0])
            try DotNetBridge.run { try array.removeAt(position) }
            return .null
        case ("Remove", 1):
            guard let item = DotNetBridge.jsonToken(arguments[0]) else { return .bool(false) }
            return .bool(array.remove(item))
        case ("Clear", 0), ("RemoveAll", 0):
            array.removeAll()
            return .null
        case ("Contains", 1):
            guard let item = DotNetBridge.jsonToken(arguments[0]) else { return .bool(false) }
            return .bool(array.contains(item))
        case ("IndexOf", 1):
            guard let item = DotNetBridge.jsonToken(arguments[0]) else { return .int(-1) }
            return .int(Int32(array.indexOf(item)))
        default:
            return nil
        }
    }
}
