import Foundation

/// Member dispatch for every run-time value: properties, methods, indexers and assignments.
enum Library {
    /// Extension methods that run on a null receiver instead of throwing NullReferenceException.
    static func acceptsNullReceiver(_ name: String) -> Bool {
        switch name {
        case "AsJwt", "TryParseJwt", "AsBasic", "TryParseBasic", "GetValueOrDefault": true
        default: false
        }
    }

    static func inferElementType(_ items: [Value]) -> String {
        guard let first = items.first(where: { !$0.isNull }) else { return "object" }
        let name = first.typeName
        let allSame = items.allSatisfy { $0.isNull || $0.typeName == name }
        guard allSame else { return "object" }
        switch name {
        case "String": return "string"
        case "Int32": return "int"
        case "Int64": return "long"
        case "Byte": return "byte"
        case "Char": return "char"
        case "Boolean": return "bool"
        case "Double": return "double"
        default: return name
        }
    }

    static func enumerate(_ value: Value) -> [Value]? { value.elements }

    // MARK: Properties

    static func property(_ value: Value, _ name: String, _ evaluation: Evaluation) throws -> Value {
        switch value {
        case .object(let object):
            if let result = try object.property(name, in: evaluation) { return result }
        case .string(let text):
            if let result = StringMembers.property(text, name) { return result }
        case .array(let array):
            switch name {
            case "Length", "Count": return .int(Int32(clamping: array.items.count))
            case "LongLength": return .long(Int64(array.items.count))
            case "Rank": return .int(1)
            default: break
            }
        case .list(let list):
            switch name {
            case "Count": return .int(Int32(clamping: list.items.count))
            case "Capacity": return .int(Int32(clamping: list.items.count))
            default: break
            }
        case .dictionary(let dictionary):
            switch name {
            case "Count": return .int(Int32(clamping: dictionary.count))
            case "Keys": return .list(ListObject(dictionary.keys, elementType: "object"))
            case "Values": return .list(ListObject(dictionary.values, elementType: "object"))
            case "Comparer": return .object(StringComparerObject(ignoreCase: dictionary.ignoreCase))
            default: break
            }
        case .dateTime(let date):
            if let result = try DateMembers.property(date, name) { return result }
        case .dateTimeOffset(let date):
            if let result = try DateMembers.offsetProperty(date, name) { return result }
        case .timeSpan(let ticks):
            if let result = DateMembers.timeSpanProperty(ticks, name) { return result }
        case .null:
            throw ExpressionRuntimeError.nullReference
        default:
            break
        }
        // Nullable<T> members on a value that is present.
        switch name {
        case "HasValue": return .bool(!value.isNull)
        case "Value" where !isObject(value): return value
        default: break
        }
        throw ExpressionRuntimeError.missingMember(name, on: value.typeName)
    }

    private static func isObject(_ value: Value) -> Bool {
        if case .object = value { return true }
        return false
    }

    static func setProperty(_ value: Value, _ name: String, _ newValue: Value, _ evaluation: Evaluation) throws {
        if case .object(let object) = value, try object.setProperty(name, newValue, in: evaluation) { return }
        throw ExpressionRuntimeError.missingMember(name, on: value.typeName)
    }

    // MARK: Indexers

    static func index(_ value: Value, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value {
        switch value {
        case .string(let text):
            guard arguments.count == 1 else { break }
            let position = try Conversions.toInt(arguments[0])
            let units = text.utf16
            guard position >= 0, position < units.count else { throw ExpressionRuntimeError.indexOutOfRange }
            return .char(units[units.index(units.startIndex, offsetBy: position)])
        case .array(let array):
            guard arguments.count == 1 else { break }
            let position = try Conversions.toInt(arguments[0])
            guard position >= 0, position < array.items.count else { throw ExpressionRuntimeError.indexOutOfRange }
            return array.items[position]
        case .list(let list):
            guard arguments.count == 1, list.kind == .list else { break }
            let position = try Conversions.toInt(arguments[0])
            guard position >= 0, position < list.items.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than the size of the collection.")
            }
            return list.items[position]
        case .dictionary(let dictionary):
            guard arguments.count == 1 else { break }
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            guard let result = dictionary.get(arguments[0]) else { throw ExpressionRuntimeError.keyNotFound(arguments[0].dotNetString) }
            return result
        case .object(let object):
            if let result = try object.index(arguments, in: evaluation) { return result }
        default:
            break
        }
        throw ExpressionRuntimeError.missingMember("this[]", on: value.typeName)
    }

    static func setIndex(_ value: Value, _ arguments: [Value], _ newValue: Value, _ evaluation: Evaluation) throws {
        switch value {
        case .array(let array):
            guard arguments.count == 1 else { break }
            let position = try Conversions.toInt(arguments[0])
            guard position >= 0, position < array.items.count else { throw ExpressionRuntimeError.indexOutOfRange }
            array.items[position] = try Conversions.coerce(newValue, toElement: array.elementType)
            return
        case .list(let list):
            guard arguments.count == 1 else { break }
            let position = try Conversions.toInt(arguments[0])
            guard position >= 0, position < list.items.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than the size of the collection.")
            }
            list.items[position] = newValue
            return
        case .dictionary(let dictionary):
            guard arguments.count == 1, !dictionary.isReadOnly else { break }
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            try evaluation.checkCount(dictionary.count + 1)
            dictionary.set(arguments[0], newValue)
            return
        case .object(let object):
            if try object.setIndex(arguments, newValue, in: evaluation) { return }
        default:
            break
        }
        throw ExpressionRuntimeError.missingMember("this[] setter", on: value.typeName)
    }

    // MARK: Methods

    static func call(_ value: Value, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value {
        evaluation.outValues = []
        switch value {
        case .object(let object):
            if let result = try object.call(name, arguments, typeArguments: typeArguments, in: evaluation) { return result }
        case .string(let text):
            if let result = try StringMembers.call(text, name, arguments, evaluation) { return result }
            if let result = try Extensions.call(value, name, arguments, evaluation) { return result }
        case .array, .list, .dictionary:
            if let result = try CollectionMembers.call(value, name, arguments, typeArguments, evaluation) { return result }
        case .dateTime, .dateTimeOffset, .timeSpan:
            if let result = try DateMembers.call(value, name, arguments, evaluation) { return result }
        case .guid(let guid):
            switch (name, arguments.count) {
            case ("ToString", 0): return .string(guid.formatted())
            case ("ToString", 1): return .string(guid.formatted(try Conversions.toStringOrNull(arguments[0]) ?? "D"))
            case ("ToByteArray", 0): return Conversions.byteArray(guid.bytes)
            default: break
            }
        case .null:
            if let result = try Extensions.call(value, name, arguments, evaluation) { return result }
            throw ExpressionRuntimeError.nullReference
        default:
            break
        }
        // Members every value has.
        switch (name, arguments.count) {
        case ("ToString", 0):
            return .string(value.dotNetString)
        case ("ToString", 1):
            if case .string(let format) = arguments[0] { return .string(try Formatting.format(value, format)) }
            return .string(value.dotNetString) // ToString(IFormatProvider)
        case ("ToString", 2):
            return .string(try Formatting.format(value, try Conversions.toStringOrNull(arguments[0])))
        case ("GetType", 0):
            return .object(TypeObject(name: value.typeName))
        case ("Equals", 1):
            return .bool(value.dotNetEquals(arguments[0]))
        case ("GetHashCode", 0):
            return .int(Int32(truncatingIfNeeded: ValueKey(value, ignoreCase: false).hashValue))
        case ("CompareTo", 1):
            if arguments[0].isNull { return .int(1) }
            if try Operators.compare(.less, value, arguments[0]) { return .int(-1) }
            return .int(Operators.equals(value, arguments[0]) ? 0 : 1)
        case ("HasValue", 0):
            break
        case ("GetValueOrDefault", 0):
            return value
        default:
            break
        }
        var ordering: [([Value], Bool)]?
        if case .object(let object) = value, let ordered = object as? OrderedEnumerableObject { ordering = ordered.keys }
        if let items = value.elements, let result = try Linq.call(items, name, arguments, typeArguments, evaluation, ordering: ordering) {
            return result
        }
        if let result = try Extensions.call(value, name, arguments, evaluation) { return result }
        throw ExpressionRuntimeError.missingMember(name, on: value.typeName)
    }
}

/// `IEnumerable<T>` results of LINQ operators (lazy in .NET, materialised here).
public final class EnumerableObject: DotNetObject, @unchecked Sendable {
    public let items: [Value]
    public var typeName: String { "IEnumerable`1" }

    public init(_ items: [Value]) { self.items = items }

    public func enumerated() -> [Value]? { items }

    public func isInstance(of typeName: String) -> Bool {
        ["IEnumerable", "IEnumerable`1", "IOrderedEnumerable", "IOrderedEnumerable`1"].contains(typeName)
    }

    public func dotNetString() -> String { "System.Linq.Enumerable+Iterator`1[System.Object]" }
}

/// `IOrderedEnumerable<T>` from `OrderBy`: keeps its sort keys so `ThenBy` can refine the order.
public final class OrderedEnumerableObject: DotNetObject, @unchecked Sendable {
    public let items: [Value]
    let keys: [([Value], Bool)]
    public var typeName: String { "IOrderedEnumerable`1" }

    init(_ items: [Value], keys: [([Value], Bool)]) {
        self.items = items
        self.keys = keys
    }

    public func enumerated() -> [Value]? { items }

    public func isInstance(of typeName: String) -> Bool {
        ["IEnumerable", "IEnumerable`1", "IOrderedEnumerable", "IOrderedEnumerable`1"].contains(typeName)
    }
}

/// An `IGrouping<TKey, TElement>` from `GroupBy`.
public final class GroupingObject: DotNetObject, @unchecked Sendable {
    public let key: Value
    public let items: [Value]
    public var typeName: String { "IGrouping`2" }

    public init(key: Value, items: [Value]) {
        self.key = key
        self.items = items
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        name == "Key" ? key : nil
    }

    public func enumerated() -> [Value]? { items }
}
