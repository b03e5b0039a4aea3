import DotNet
import Foundation
import PolicySource

/// A run-time value of a policy expression, with .NET's type distinctions where they change
/// results (Int32 vs Int64 arithmetic, decimal vs double, char vs string). Reference types of
/// .NET (arrays, List, Dictionary, StringBuilder, JToken, …) are classes here too, so mutation
/// through one reference is seen through every other, as in .NET.
///
/// Values are `Sendable` so prepared expressions can be shared; one evaluation is single-threaded.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case char(UInt16)
    case byte(UInt8)
    case int(Int32)
    case long(Int64)
    case ulong(UInt64)
    case float(Float)
    case double(Double)
    /// `decimal`: 96-bit mantissa and scale, so `1.50m` keeps its trailing zero.
    case decimal(DotNetDecimal)
    case string(String)
    /// `DateTime`: ticks (100 ns since 0001-01-01) and kind.
    case dateTime(DateTimeValue)
    /// `DateTimeOffset`: UTC ticks and the offset in minutes.
    case dateTimeOffset(DateTimeOffsetValue)
    /// `TimeSpan` in ticks.
    case timeSpan(Int64)
    case guid(GuidValue)
    /// `T[]` (a fixed-size reference type).
    case array(ArrayObject)
    /// `List<T>`
    case list(ListObject)
    /// `Dictionary<K,V>` and the read-only dictionaries of the context.
    case dictionary(DictionaryObject)
    /// A lambda or other delegate.
    case function(FunctionValue)
    /// Any other reference object: context objects, StringBuilder, Regex matches, JWT, JSON tokens…
    case object(any DotNetObject)

    /// True for `null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The .NET type name (`Int32`, `String`, `JObject`, …), as `GetType().Name` prints it.
    public var typeName: String {
        switch self {
        case .null: "Object"
        case .bool: "Boolean"
        case .char: "Char"
        case .byte: "Byte"
        case .int: "Int32"
        case .long: "Int64"
        case .ulong: "UInt64"
        case .float: "Single"
        case .double: "Double"
        case .decimal: "Decimal"
        case .string: "String"
        case .dateTime: "DateTime"
        case .dateTimeOffset: "DateTimeOffset"
        case .timeSpan: "TimeSpan"
        case .guid: "Guid"
        case .array(let array): array.elementType + "[]"
        case .list: "List`1"
        case .dictionary(let dictionary): dictionary.typeName
        case .function: "Func`1"
        case .object(let object): object.typeName
        }
    }

    /// The elements when this value is enumerable (`IEnumerable`), else nil.
    /// Strings enumerate their chars; dictionaries their KeyValuePairs.
    public var elements: [Value]? {
        switch self {
        case .array(let array): return array.items
        case .list(let list): return list.items
        case .dictionary(let dictionary): return dictionary.pairs
        case .string(let text): return text.utf16.map { .char($0) }
        case .object(let object): return object.enumerated()
        default: return nil
        }
    }
}

/// A .NET reference object that is not one of the built-in collection cases of ``Value``.
/// Conforming classes implement their own member lookup; evaluation is single-threaded.
public protocol DotNetObject: AnyObject, Sendable {
    /// The .NET type name, e.g. `StringBuilder`, `IUrl`, `JObject`.
    var typeName: String { get }
    /// Reads a property or field; returns nil when there is no such member.
    func property(_ name: String, in evaluation: Evaluation) throws -> Value?
    /// Calls a method; returns nil when there is no such method.
    func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value?
    /// Assigns a property; returns false when there is no such settable member.
    func setProperty(_ name: String, _ value: Value, in evaluation: Evaluation) throws -> Bool
    /// `ToString()`
    func dotNetString() -> String
    /// The elements when the object is enumerable.
    func enumerated() -> [Value]?
    /// Indexer get; nil when there is no indexer.
    func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value?
    /// Indexer set; false when there is no settable indexer.
    func setIndex(_ arguments: [Value], _ value: Value, in evaluation: Evaluation) throws -> Bool
    /// .NET `Equals(object)`; identity by default.
    func dotNetEquals(_ other: any DotNetObject) -> Bool
    /// `x is T` for a .NET type name without namespace (`JToken`, `IEnumerable`); default: own name.
    func isInstance(of typeName: String) -> Bool
    /// An explicit conversion operator `(T)x` to a .NET type name (`String`, `Int32`…); nil when none.
    func convert(to typeName: String) throws -> Value?
}

extension DotNetObject {
    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? { nil }
    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? { nil }
    public func setProperty(_ name: String, _ value: Value, in evaluation: Evaluation) throws -> Bool { false }
    public func dotNetString() -> String { typeName }
    public func enumerated() -> [Value]? { nil }
    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? { nil }
    public func setIndex(_ arguments: [Value], _ value: Value, in evaluation: Evaluation) throws -> Bool { false }
    public func dotNetEquals(_ other: any DotNetObject) -> Bool { self === other }
    public func isInstance(of typeName: String) -> Bool { typeName == self.typeName }
    public func convert(to typeName: String) throws -> Value? { nil }
}

/// A .NET array: fixed length, mutable elements, reference semantics.
public final class ArrayObject: @unchecked Sendable {
    public var items: [Value]
    /// Element type name as written in C# (`string`, `byte`, `object`, `JObject`…).
    public let elementType: String

    public init(_ items: [Value], elementType: String) {
        self.items = items
        self.elementType = elementType
    }
}

/// A `List<T>` (also used for `HashSet<T>`, `Queue<T>` and `Stack<T>`, told apart by `kind`).
public final class ListObject: @unchecked Sendable {
    public enum Kind: String, Sendable { case list = "List", hashSet = "HashSet", queue = "Queue", stack = "Stack" }
    public var items: [Value]
    public let elementType: String
    public let kind: Kind
    /// For a `HashSet` built with `StringComparer.OrdinalIgnoreCase`.
    public let ignoreCase: Bool

    public init(_ items: [Value], elementType: String = "object", kind: Kind = .list, ignoreCase: Bool = false) {
        self.items = items
        self.elementType = elementType
        self.kind = kind
        self.ignoreCase = ignoreCase
    }
}

/// A dictionary with .NET `Dictionary<K,V>` behaviour: insertion-ordered enumeration, keys
/// compared with .NET equality (ordinal strings, or ordinal-ignore-case when asked), and
/// `KeyNotFoundException` from the indexer on a missing key.
public final class DictionaryObject: @unchecked Sendable {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var slots: [ValueKey: Int] = [:]
    public let ignoreCase: Bool
    /// `Dictionary`2`, or an interface name for the context's read-only dictionaries.
    public let typeName: String
    public let isReadOnly: Bool

    public init(ignoreCase: Bool = false, typeName: String = "Dictionary`2", isReadOnly: Bool = false) {
        self.ignoreCase = ignoreCase
        self.typeName = typeName
        self.isReadOnly = isReadOnly
    }

    private func key(_ value: Value) -> ValueKey { ValueKey(value, ignoreCase: ignoreCase) }

    public var count: Int { keys.count }

    public func get(_ key: Value) -> Value? {
        guard let slot = slots[self.key(key)] else { return nil }
        return values[slot]
    }

    public func contains(_ key: Value) -> Bool { slots[self.key(key)] != nil }

    /// Sets or replaces (the indexer setter).
    public func set(_ key: Value, _ value: Value) {
        let hashed = self.key(key)
        if let slot = slots[hashed] {
            values[slot] = value
        } else {
            slots[hashed] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// Adds; false when the key already exists (`Add` then throws ArgumentException).
    public func add(_ key: Value, _ value: Value) -> Bool {
        if contains(key) { return false }
        set(key, value)
        return true
    }

    @discardableResult
    public func remove(_ key: Value) -> Bool {
        guard let slot = slots[self.key(key)] else { return false }
        keys.remove(at: slot)
        values.remove(at: slot)
        slots = [:]
        for (index, key) in keys.enumerated() { slots[self.key(key)] = index }
        return true
    }

    public func removeAll(keepingCapacity: Bool = false) {
        keys.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
        slots.removeAll(keepingCapacity: keepingCapacity)
    }

    /// The entries as `KeyValuePair` values.
    public var pairs: [Value] {
        zip(keys, values).map { .object(KeyValuePairObject(key: $0.0, value: $0.1)) }
    }
}

/// `KeyValuePair<K,V>`.
public final class KeyValuePairObject: DotNetObject, @unchecked Sendable {
    public let key: Value
    public let value: Value
    public var typeName: String { "KeyValuePair`2" }

    public init(key: Value, value: Value) {
        self.key = key
        self.value = value
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Key": key
        case "Value": value
        default: nil
        }
    }

    public func dotNetString() -> String { "[\(key.dotNetString), \(value.dotNetString)]" }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        guard let other = other as? KeyValuePairObject else { return false }
        return key.dotNetEquals(other.key) && value.dotNetEquals(other.value)
    }
}

/// A hashable wrapper giving .NET `Equals`/`GetHashCode` semantics to values used as keys.
struct ValueKey: Hashable {
    let value: Value
    let ignoreCase: Bool

    init(_ value: Value, ignoreCase: Bool) {
        self.value = value
        self.ignoreCase = ignoreCase
    }

    static func == (lhs: ValueKey, rhs: ValueKey) -> Bool {
        if lhs.ignoreCase, case .string(let a) = lhs.value, case .string(let b) = rhs.value {
            return ordinalIgnoreCaseEquals(a, b)
        }
        return lhs.value.dotNetEquals(rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        switch value {
        case .string(let text):
            if ignoreCase {
                for unit in text.utf16 { hasher.combine(upperInvariant(unit)) }
            } else {
                var copy = text
                copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        case .int(let v): hasher.combine(Int64(v))
        case .long(let v): hasher.combine(v)
        case .bool(let v): hasher.combine(v)
        case .char(let v): hasher.combine(v)
        case .guid(let v): hasher.combine(v)
        case .double(let v): hasher.combine(v)
        default: hasher.combine(value.typeName)
        }
    }
}

/// A lambda (or other delegate): its parameters count and a Swift closure to call.
public final class FunctionValue: @unchecked Sendable {
    public let parameterCount: Int
    let body: (Evaluation, [Value]) throws -> Value

    init(parameterCount: Int, body: @escaping (Evaluation, [Value]) throws -> Value) {
        self.parameterCount = parameterCount
        self.body = body
    }

    /// Invokes the delegate; counts one evaluation step.
    public func invoke(_ arguments: [Value], in evaluation: Evaluation) throws -> Value {
        try evaluation.step()
        evaluation.callDepth += 1
        defer { evaluation.callDepth -= 1 }
        if evaluation.callDepth > ExpressionLimits.maxCallDepth {
            throw ExpressionRuntimeError.limit("expression exceeded the call depth limit of \(ExpressionLimits.maxCallDepth) nested calls")
        }
        return try body(evaluation, arguments)
    }
}

/// A `Guid`: 16 bytes in .NET's `ToByteArray()` order, kept inline (bytes 0–7 in `low`, 8–15
/// in `high`, least significant first) so that making one — a request id per request — allocates
/// nothing.
public struct GuidValue: Sendable, Hashable {
    private var low: UInt64
    private var high: UInt64

    /// The 16 bytes in `ToByteArray()` order.
    public var bytes: [UInt8] {
        get {
            [UInt8](unsafeUninitializedCapacity: 16) { buffer, count in
                for index in 0..<16 {
                    buffer[index] = UInt8(truncatingIfNeeded: (index < 8 ? low : high) >> UInt64(8 * (index & 7)))
                }
                count = 16
            }
        }
        set { (low, high) = Self.words(newValue) }
    }

    /// 16 bytes (anything else is the empty GUID).
    public init(bytes: [UInt8]) {
        (low, high) = Self.words(bytes)
    }

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    private static func words(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        guard bytes.count == 16 else { return (0, 0) }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0..<8 {
            low |= UInt64(bytes[index]) << UInt64(8 * index)
            high |= UInt64(bytes[index + 8]) << UInt64(8 * index)
        }
        return (low, high)
    }

    public static let empty = GuidValue(low: 0, high: 0)

    /// A version-4 GUID from a seeded generator.
    public static func random(using generator: inout SeededRandom) -> GuidValue {
        var low = generator.next()
        var high = generator.next()
        low = (low & ~(0xF0 << 56)) | (0x40 << 56)  // version 4: byte 7 (the high byte of Data3) is 0x4?
        high = (high & ~0xC0) | 0x80  // variant: byte 8 is 10??????
        return GuidValue(low: low, high: high)
    }

    /// Parses the `D`, `N`, `B` and `P` forms.
    public init?(parsing text: String) {
        var hex = text.trimmingCharacters(in: .whitespaces)
        if (hex.hasPrefix("{") && hex.hasSuffix("}")) || (hex.hasPrefix("(") && hex.hasSuffix(")")) {
            hex = String(hex.dropFirst().dropLast())
        }
        let groups = hex.split(separator: "-", omittingEmptySubsequences: false)
        if groups.count == 5 {
            guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return nil }
            hex = groups.joined()
        } else if groups.count != 1 || hex.count != 32 {
            return nil
        }
        var raw: [UInt8] = []
        var iterator = hex.unicodeScalars.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = UInt8(String(high), radix: 16),
                  let l = UInt8(String(low), radix: 16) else { return nil }
            raw.append(h << 4 | l)
        }
        guard raw.count == 16 else { return nil }
        // Text order is big-endian per group; .NET bytes are little-endian for the first three groups.
        let bytes = [raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8...]
        self.init(bytes: Array(bytes))
    }

    /// Formats as `D` (default), `N`, `B` or `P`.
    public func formatted(_ format: String = "D") -> String {
        let b = bytes
        let ordered = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + Array(b[8...])
        let hex = ordered.map { byte -> String in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        let n = hex.joined()
        func dashed() -> String {
            let parts = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
            return parts.joined(separator: "-")
        }
        switch format.uppercased() {
        case "N": return n
        case "B": return "{" + dashed() + "}"
        case "P": return "(" + dashed() + ")"
        default: return dashed()
        }
    }
}

extension Value {
    /// The Boolean when this is a `bool` (for `condition` attributes), else nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The Int32 when this is an `int` (or a smaller integral type), else nil.
    public var intValue: Int32? {
        switch self {
        case .int(let v): v
        case .byte(let v): Int32(v)
        case .char(let v): Int32(v)
        default: nil
        }
    }

    /// Whether `set-variable` may store this value: primitives, string, Guid, DateTime,
    /// TimeSpan, byte[] and JSON tokens (APIM rejects other types).
    public var isStorableInVariable: Bool {
        switch self {
        case .null, .bool, .char, .byte, .int, .long, .ulong, .float, .double, .decimal, .string, .dateTime, .dateTimeOffset, .timeSpan, .guid:
            return true
        case .array(let array):
            return array.elementType == "byte"
        case .object(let object):
            return object is JTokenObject
        case .list, .dictionary, .function:
            return false
        }
    }
}
