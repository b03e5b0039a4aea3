import DotNet
import Foundation
import PolicySource

/// Static members and constructors of the allowed .NET types.
extension Library {
    // MARK: Static properties

    static func staticProperty(_ type: String, _ name: String, _ evaluation: Evaluation) throws -> Value {
        if KnownTypes.disallowed.contains(type) {
            throw ExpressionRuntimeError("PolicyCheck.DisallowedTypeException", "type '\(type)' is not allowed in policy expressions", isCatchable: false)
        }
        if let value = EnumValue.make(type, name) { return .object(value) }
        switch (type, name) {
        case ("String", "Empty"): return .string("")
        case ("Regex", "InfiniteMatchTimeout"): return .timeSpan(RegexObject.infiniteTimeoutTicks)
        case ("Int32", "MaxValue"): return .int(Int32.max)
        case ("Int32", "MinValue"): return .int(Int32.min)
        case ("Int64", "MaxValue"): return .long(Int64.max)
        case ("Int64", "MinValue"): return .long(Int64.min)
        case ("UInt64", "MaxValue"): return .ulong(UInt64.max)
        case ("UInt64", "MinValue"): return .ulong(0)
        case ("UInt32", "MaxValue"): return .long(Int64(UInt32.max))
        case ("Int16", "MaxValue"): return .int(Int32(Int16.max))
        case ("Int16", "MinValue"): return .int(Int32(Int16.min))
        case ("Byte", "MaxValue"): return .byte(UInt8.max)
        case ("Byte", "MinValue"): return .byte(0)
        case ("Char", "MaxValue"): return .char(UInt16.max)
        case ("Char", "MinValue"): return .char(0)
        case ("Double", "MaxValue"): return .double(Double.greatestFiniteMagnitude)
        case ("Double", "MinValue"): return .double(-Double.greatestFiniteMagnitude)
        case ("Double", "Epsilon"): return .double(Double.leastNonzeroMagnitude)
        case ("Double", "NaN"): return .double(Double.nan)
        case ("Double", "PositiveInfinity"): return .double(Double.infinity)
        case ("Double", "NegativeInfinity"): return .double(-Double.infinity)
        case ("Single", "MaxValue"): return .float(Float.greatestFiniteMagnitude)
        case ("Single", "MinValue"): return .float(-Float.greatestFiniteMagnitude)
        case ("Decimal", "Zero"): return .decimal(.zero)
        case ("Decimal", "One"): return .decimal(.one)
        case ("Decimal", "MinusOne"): return .decimal(DotNetDecimal.one.negated)
        case ("Decimal", "MaxValue"): return .decimal(.maxValue)
        case ("Decimal", "MinValue"): return .decimal(.minValue)
        case ("Boolean", "TrueString"): return .string("True")
        case ("Boolean", "FalseString"): return .string("False")
        case ("DateTime", "UtcNow"): return .dateTime(evaluation.context.now)
        case ("DateTime", "Now"): return .dateTime(DateTimeValue(ticks: evaluation.context.now.ticks, kind: .local))
        case ("DateTime", "Today"): return .dateTime(DateTimeValue(ticks: evaluation.context.now.ticks - evaluation.context.now.ticks % Ticks.perDay, kind: .local))
        case ("DateTime", "MinValue"): return .dateTime(DateTimeValue(ticks: 0, kind: .unspecified))
        case ("DateTime", "MaxValue"): return .dateTime(DateTimeValue(ticks: Ticks.max, kind: .unspecified))
        case ("DateTime", "UnixEpoch"): return .dateTime(DateTimeValue(ticks: Ticks.unixEpoch, kind: .utc))
        case ("DateTimeOffset", "UtcNow"), ("DateTimeOffset", "Now"): return .dateTimeOffset(DateTimeOffsetValue(utcTicks: evaluation.context.now.ticks))
        case ("DateTimeOffset", "MinValue"): return .dateTimeOffset(DateTimeOffsetValue(utcTicks: 0))
        case ("DateTimeOffset", "MaxValue"): return .dateTimeOffset(DateTimeOffsetValue(utcTicks: Ticks.max))
        case ("DateTimeOffset", "UnixEpoch"): return .dateTimeOffset(DateTimeOffsetValue(utcTicks: Ticks.unixEpoch))
        case ("TimeSpan", "Zero"): return .timeSpan(0)
        case ("TimeSpan", "MaxValue"): return .timeSpan(Int64.max)
        case ("TimeSpan", "MinValue"): return .timeSpan(Int64.min)
        case ("TimeSpan", "TicksPerSecond"): return .long(Ticks.perSecond)
        case ("TimeSpan", "TicksPerMillisecond"): return .long(Ticks.perMillisecond)
        case ("TimeSpan", "TicksPerMinute"): return .long(Ticks.perMinute)
        case ("TimeSpan", "TicksPerHour"): return .long(Ticks.perHour)
        case ("TimeSpan", "TicksPerDay"): return .long(Ticks.perDay)
        case ("Guid", "Empty"): return .guid(.empty)
        case ("Math", "PI"): return .double(Double.pi)
        case ("Math", "E"): return .double(M_E)
        case ("Encoding", "UTF8"), ("Encoding", "Default"): return .object(EncodingObject(.utf8))
        case ("Encoding", "ASCII"): return .object(EncodingObject(.ascii))
        case ("Encoding", "Unicode"): return .object(EncodingObject(.unicode))
        case ("Encoding", "BigEndianUnicode"): return .object(EncodingObject(.bigEndianUnicode))
        case ("Encoding", "Latin1"): return .object(EncodingObject(.latin1))
        case ("Encoding", "UTF32"): return .object(EncodingObject(.utf32))
        case ("StringComparer", "Ordinal"), ("StringComparer", "InvariantCulture"), ("StringComparer", "CurrentCulture"):
            return .object(StringComparerObject(ignoreCase: false))
        case ("StringComparer", "OrdinalIgnoreCase"), ("StringComparer", "InvariantCultureIgnoreCase"), ("StringComparer", "CurrentCultureIgnoreCase"):
            return .object(StringComparerObject(ignoreCase: true))
        case ("CultureInfo", "InvariantCulture"), ("CultureInfo", "CurrentCulture"), ("CultureInfo", "CurrentUICulture"):
            return .object(CultureInfoObject(name: name == "InvariantCulture" ? "" : "en-US"))
        case ("BitConverter", "IsLittleEndian"): return .bool(true)
        default: break
        }
        if let value = try DotNetBridge.staticProperty(type, name, evaluation) { return value }
        if KnownTypes.allowedUnsupported.contains(type) { throw ExpressionRuntimeError.unsupported("'\(type).\(name)'") }
        throw ExpressionRuntimeError.missingMember(name, on: type)
    }

    // MARK: Static methods

    static func callStatic(_ type: String, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value {
        evaluation.outValues = []
        if KnownTypes.disallowed.contains(type) {
            throw ExpressionRuntimeError("PolicyCheck.DisallowedTypeException", "type '\(type)' is not allowed in policy expressions", isCatchable: false)
        }
        if let result = try StaticMethods.call(type, name, arguments, typeArguments, evaluation) { return result }
        if let result = try DotNetBridge.callStatic(type, name, arguments, typeArguments, evaluation) { return result }
        if KnownTypes.allowedUnsupported.contains(type) { throw ExpressionRuntimeError.unsupported("'\(type).\(name)'") }
        throw ExpressionRuntimeError.missingMember(name, on: type)
    }

    // MARK: Constructors

    static func construct(_ type: String, _ written: TypeRef, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value {
        let count = arguments.count
        let elementType = written.arguments.first?.description ?? "object"
        switch type {
        case "StringBuilder":
            if count >= 1, case .string(let s) = arguments[0] { return .object(StringBuilderObject(s)) }
            return .object(StringBuilderObject())
        case "Random":
            var generator = evaluation.context.random.derived("Random")
            if count == 1 { generator = SeededRandom(seed: UInt64(bitPattern: Int64(try Conversions.toInt(arguments[0])))) }
            evaluation.context.random = evaluation.context.random.derived("next")
            return .object(RandomObject(generator: generator))
        case "List", "HashSet", "Queue", "Stack":
            let kind = ListObject.Kind(rawValue: type) ?? .list
            var items: [Value] = []
            var ignoreCase = false
            for argument in arguments {
                if case .object(let object) = argument, let comparer = object as? StringComparerObject { ignoreCase = comparer.ignoreCase; continue }
                if case .int = argument { continue } // capacity
                if let elements = argument.elements { items = elements }
            }
            if kind == .hashSet {
                var seen = Set<ValueKey>()
                items = items.filter { seen.insert(ValueKey($0, ignoreCase: ignoreCase)).inserted }
            }
            return .list(ListObject(items, elementType: elementType, kind: kind, ignoreCase: ignoreCase))
        case "Dictionary":
            var ignoreCase = false
            var source: DictionaryObject?
            for argument in arguments {
                if case .object(let object) = argument, let comparer = object as? StringComparerObject { ignoreCase = comparer.ignoreCase }
                if case .dictionary(let d) = argument { source = d; ignoreCase = ignoreCase || d.ignoreCase }
            }
            let dictionary = DictionaryObject(ignoreCase: ignoreCase)
            if let source { for (key, value) in zip(source.keys, source.values) { dictionary.set(key, value) } }
            return .dictionary(dictionary)
        case "KeyValuePair":
            guard count == 2 else { break }
            return .object(KeyValuePairObject(key: arguments[0], value: arguments[1]))
        case "String":
            if count == 2, case .char(let c) = arguments[0] {
                let repeats = try Conversions.toInt(arguments[1])
                guard repeats >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("count", "Non-negative number required.") }
                try evaluation.checkLength(repeats)
                return .string(String(decoding: Array(repeating: c, count: repeats), as: UTF16.self))
            }
            if count >= 1, case .array(let chars) = arguments[0] {
                var units = chars.items.compactMap { if case .char(let c) = $0 { c } else { nil } }
                if count == 3 {
                    let start = try Conversions.toInt(arguments[1]), length = try Conversions.toInt(arguments[2])
                    guard start >= 0, length >= 0, start + length <= units.count else { throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.") }
                    units = Array(units[start..<(start + length)])
                }
                return .string(String(decoding: units, as: UTF16.self))
            }
        case "DateTime":
            let fields = try arguments.prefix(7).map { value -> Int in
                if case .object = value { return 0 }
                return try Conversions.toInt(value)
            }
            var kind = DateTimeValue.Kind.unspecified
            if let last = arguments.last, case .object(let object) = last, let kindValue = object as? EnumValue, kindValue.enumType == "DateTimeKind" {
                kind = kindValue.rawValue == 1 ? .utc : (kindValue.rawValue == 2 ? .local : .unspecified)
            }
            if count == 1 || (count == 2 && fields.count == 2 && kind != .unspecified) {
                let ticks = try Conversions.toInt64(arguments[0])
                guard ticks >= 0, ticks <= Ticks.max else { throw ExpressionRuntimeError.argumentOutOfRange("ticks", "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.") }
                return .dateTime(DateTimeValue(ticks: ticks, kind: kind))
            }
            guard fields.count >= 3 else { break }
            let f = fields + Array(repeating: 0, count: 7)
            guard let date = DateTimeValue(year: f[0], month: f[1], day: f[2], hour: f[3], minute: f[4], second: f[5], millisecond: count >= 7 ? f[6] : 0, kind: kind) else {
                throw ExpressionRuntimeError.argumentOutOfRange("year", "Year, Month, and Day parameters describe an un-representable DateTime.")
            }
            return .dateTime(date)
        case "DateTimeOffset":
            if count == 1, case .dateTime(let date) = arguments[0] {
                return .dateTimeOffset(DateTimeOffsetValue(utcTicks: date.ticks))
            }
            if count == 2, case .dateTime(let date) = arguments[0], case .timeSpan(let offset) = arguments[1] {
                return .dateTimeOffset(DateTimeOffsetValue(utcTicks: date.ticks &- offset, offsetMinutes: Int(offset / Ticks.perMinute)))
            }
            if count >= 7, case .timeSpan(let offset) = arguments[count - 1] {
                let f = try arguments.prefix(count - 1).map { try Conversions.toInt($0) } + [0, 0, 0]
                guard let date = DateTimeValue(year: f[0], month: f[1], day: f[2], hour: f[3], minute: f[4], second: f[5], millisecond: count == 8 ? f[6] : 0) else {
                    throw ExpressionRuntimeError.argumentOutOfRange("year", "Year, Month, and Day parameters describe an un-representable DateTime.")
                }
                return .dateTimeOffset(DateTimeOffsetValue(utcTicks: date.ticks &- offset, offsetMinutes: Int(offset / Ticks.perMinute)))
            }
        case "TimeSpan":
            let f = try arguments.map { try Conversions.toInt64($0) }
            let units: [Int64]
            switch f.count {
            case 1: return .timeSpan(f[0])
            case 3: units = [Ticks.perHour, Ticks.perMinute, Ticks.perSecond]
            case 4: units = [Ticks.perDay, Ticks.perHour, Ticks.perMinute, Ticks.perSecond]
            case 5: units = [Ticks.perDay, Ticks.perHour, Ticks.perMinute, Ticks.perSecond, Ticks.perMillisecond]
            default: units = []
            }
            guard !units.isEmpty else { break }
            // Summed in Double first: .NET throws instead of wrapping when the span is too long.
            let total = zip(f, units).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            guard abs(total) < 9.2e18 else {
                throw ExpressionRuntimeError.argumentOutOfRange("ticks", "TimeSpan overflowed because the duration is too long.")
            }
            return .timeSpan(zip(f, units).reduce(Int64(0)) { $0 &+ $1.0 &* $1.1 })
        case "Guid":
            if count == 1, case .string(let text) = arguments[0] {
                guard let guid = GuidValue(parsing: text) else { throw ExpressionRuntimeError("System.FormatException", "Unrecognized Guid format.") }
                return .guid(guid)
            }
            if count == 1, case .array = arguments[0] {
                let bytes = try Conversions.toBytes(arguments[0], "b")
                guard bytes.count == 16 else { throw ExpressionRuntimeError.argument("Byte array for Guid must be exactly 16 bytes long. (Parameter 'b')") }
                return .guid(GuidValue(bytes: bytes))
            }
        case "Uri":
            if count == 1 { return .object(try UriObject(parsing: try Conversions.toStringArgument(arguments[0], "uriString"))) }
            if count == 2, case .object(let base) = arguments[0], let baseUri = base as? UriObject {
                return .object(try baseUri.resolving(try Conversions.toStringArgument(arguments[1], "relativeUri")))
            }
            if count == 2 { return .object(try UriObject(parsing: try Conversions.toStringArgument(arguments[0], "uriString"))) }
        case "Regex":
            guard count >= 1 else { break }
            return .object(try RegexObject(pattern: try Conversions.toStringArgument(arguments[0], "pattern"), options: count > 1 ? arguments[1] : .null,
                                           matchTimeout: count > 2 ? arguments[2] : .null))
        case "Tuple":
            return .object(TupleObject(arguments))
        default:
            if type.hasSuffix("Exception") {
                let message = count > 0 ? (try Conversions.toStringOrNull(arguments[0]) ?? "") : "Exception of type '\(qualifiedTypeName(type))' was thrown."
                let inner = count > 1 ? arguments[1] : .null
                let fullName = type == "KeyNotFoundException" ? "System.Collections.Generic.KeyNotFoundException" : "System." + type
                return .object(ExceptionObject(ExpressionRuntimeError(fullName, message), inner: inner))
            }
            if let hash = try HashAlgorithmObject.make(type, arguments) { return .object(hash) }
            if let value = try DotNetBridge.construct(type, written, arguments, evaluation) { return value }
        }
        if KnownTypes.allowedUnsupported.contains(type) { throw ExpressionRuntimeError.unsupported("'new \(type)(…)'") }
        throw ExpressionRuntimeError.missingMember("constructor with \(count) arguments", on: type)
    }
}

/// `CultureInfo.InvariantCulture` and friends: accepted as format providers, formatting stays en-US.
public final class CultureInfoObject: DotNetObject, @unchecked Sendable {
    public let name: String
    public var typeName: String { "CultureInfo" }

    public init(name: String) { self.name = name }

    public func property(_ member: String, in evaluation: Evaluation) throws -> Value? {
        member == "Name" ? .string(name) : nil
    }

    public func dotNetString() -> String { name }
}

/// `Tuple<…>` with `Item1`…`Item7`.
public final class TupleObject: DotNetObject, @unchecked Sendable {
    public let items: [Value]
    public var typeName: String { "Tuple`\(items.count)" }

    public init(_ items: [Value]) { self.items = items }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        guard name.hasPrefix("Item"), let index = Int(name.dropFirst(4)), index >= 1, index <= items.count else { return nil }
        return items[index - 1]
    }

    public func dotNetString() -> String { "(" + items.map(\.dotNetString).joined(separator: ", ") + ")" }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        guard let other = other as? TupleObject, other.items.count == items.count else { return false }
        return zip(items, other.items).allSatisfy { $0.dotNetEquals($1) }
    }
}
