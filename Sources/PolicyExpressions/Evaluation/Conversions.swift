import Foundation

/// Casts, `is`/`as` tests, implicit conversions and argument coercion with .NET rules.
enum Conversions {
    /// `Dictionary<string, int>` → `Dictionary`, `System.String` → `String`, `int?` → `Int32`.
    static func normalizedName(_ written: String) -> String {
        var name = written
        if let angle = name.firstIndex(of: "<") { name = String(name[..<angle]) }
        while name.hasSuffix("?") { name.removeLast() }
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        return dotNetTypeName(name)
    }

    static func defaultValue(_ typeName: String) -> Value {
        if typeName.hasSuffix("?") || typeName.hasSuffix("]") { return .null }
        switch normalizedName(typeName) {
        case "Int32", "Int16", "SByte", "UInt16": return .int(0)
        case "Int64", "UInt32": return .long(0)
        case "UInt64": return .ulong(0)
        case "Byte": return .byte(0)
        case "Char": return .char(0)
        case "Boolean": return .bool(false)
        case "Double": return .double(0)
        case "Single": return .float(0)
        case "Decimal": return .decimal(.zero)
        case "DateTime": return .dateTime(DateTimeValue(ticks: 0, kind: .unspecified))
        case "TimeSpan": return .timeSpan(0)
        case "Guid": return .guid(.empty)
        default: return .null
        }
    }

    /// Implicit conversion of a value to a declared type (`long x = 1;`, `double d = 2;`).
    static func coerce(_ value: Value, toElement typeName: String) throws -> Value {
        if typeName.hasSuffix("]") { return value }
        let target = normalizedName(typeName)
        switch (target, value) {
        case ("Int64", .int(let v)): return .long(Int64(v))
        case ("Int64", .byte(let v)): return .long(Int64(v))
        case ("Int64", .char(let v)): return .long(Int64(v))
        case ("UInt32", .int(let v)): return .long(Int64(v))
        case ("UInt64", .int(let v)): return .ulong(UInt64(truncatingIfNeeded: v))
        case ("UInt64", .long(let v)): return .ulong(UInt64(truncatingIfNeeded: v))
        case ("Double", .int), ("Double", .long), ("Double", .float), ("Double", .byte), ("Double", .char), ("Double", .ulong):
            return .double(NumericValue(value)?.asDouble ?? 0)
        case ("Single", .int), ("Single", .long), ("Single", .byte):
            return .float(Float(NumericValue(value)?.asDouble ?? 0))
        case ("Decimal", .int), ("Decimal", .long), ("Decimal", .byte), ("Decimal", .char):
            return .decimal(NumericValue(value)?.asDecimal ?? .zero)
        case ("Byte", .int(let v)) where (0...255).contains(v): return .byte(UInt8(v))
        case ("Int32", .char(let v)): return .int(Int32(v))
        case ("Int32", .byte(let v)): return .int(Int32(v))
        case ("Int16", .int), ("SByte", .int), ("UInt16", .int): return value
        case ("String", .object(let o)):
            // `string s = jtoken;` is not valid C#, but implicit conversions of JValue keep values.
            if let converted = try o.convert(to: "String") { return converted }
            return value
        default:
            return value
        }
    }

    static func cast(_ value: Value, to type: TypeRef) throws -> Value {
        if type.arrayRank > 0 || !type.arguments.isEmpty {
            if value.isNull || isInstance(value, of: type) { return value }
            throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: type.description)
        }
        if type.isNullable && value.isNull { return .null }
        return try cast(value, toName: type.name)
    }

    /// An explicit conversion `(T)value`.
    static func cast(_ value: Value, toName written: String) throws -> Value {
        let target = normalizedName(written)
        if case .object(let object) = value, let converted = try object.convert(to: target) { return converted }
        switch target {
        case "Object": return value
        case "String":
            switch value {
            case .null, .string: return value
            default: throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "String")
            }
        case "Boolean":
            if case .bool = value { return value }
        case "Int32", "Int64", "Double", "Single", "Decimal", "Byte", "Char", "UInt64", "Int16", "UInt32", "UInt16", "SByte":
            if case .null = value { throw ExpressionRuntimeError.nullReference }
            if let number = NumericValue(value) { return try numericConversion(number, to: target) }
        case "DateTime", "TimeSpan", "Guid", "DateTimeOffset":
            if value.typeName == target { return value }
            if case .null = value { throw ExpressionRuntimeError.nullReference }
        default:
            if value.isNull { return .null }
            if isInstance(value, ofName: target) { return value }
        }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: target)
    }

    /// Explicit numeric conversion, unchecked (truncating, wrapping) as C# by default.
    static func numericConversion(_ number: NumericValue, to target: String) throws -> Value {
        switch target {
        case "Int32":
            switch number {
            case .int(let v): return .int(v)
            case .long(let v): return .int(Int32(truncatingIfNeeded: v))
            case .ulong(let v): return .int(Int32(truncatingIfNeeded: v))
            case .float(let v): return .int(truncatingInt32(Double(v)))
            case .double(let v): return .int(truncatingInt32(v))
            case .decimal(let v):
                let d = v.truncated().doubleValue
                guard d > -2_147_483_649.0, d < 2_147_483_648.0 else { throw ExpressionRuntimeError("System.OverflowException", "Value was either too large or too small for an Int32.") }
                return .int(truncatingInt32(d))
            }
        case "Int16": return .int(Int32(Int16(truncatingIfNeeded: number.asLong)))
        case "SByte": return .int(Int32(Int8(truncatingIfNeeded: number.asLong)))
        case "UInt16": return .int(Int32(UInt16(truncatingIfNeeded: number.asLong)))
        case "UInt32": return .long(Int64(UInt32(truncatingIfNeeded: number.asLong)))
        case "Int64": return .long(number.asLong)
        case "UInt64":
            if case .ulong(let v) = number { return .ulong(v) }
            return .ulong(UInt64(bitPattern: number.asLong))
        case "Byte": return .byte(UInt8(truncatingIfNeeded: number.asLong))
        case "Char": return .char(UInt16(truncatingIfNeeded: number.asLong))
        case "Double": return .double(number.asDouble)
        case "Single": return .float(Float(number.asDouble))
        case "Decimal": return .decimal(try number.checkedDecimal())
        default: break
        }
        throw ExpressionRuntimeError.invalidCast(from: number.value.typeName, to: target)
    }

    static func isInstance(_ value: Value, of type: TypeRef) -> Bool {
        if value.isNull { return false }
        if type.arrayRank > 0 {
            guard case .array(let array) = value else { return false }
            let element = normalizedName(type.elementType.description)
            return element == "Object" || normalizedName(array.elementType) == element
        }
        // Type names never carry `<…>` or `?` here (those live in `arguments`/`isNullable`).
        return isInstance(value, ofName: type.name.utf8.contains(UInt8(ascii: ".")) ? normalizedName(type.name) : dotNetTypeName(type.name))
    }

    static func isInstance(_ value: Value, ofName name: String) -> Bool {
        switch name {
        case "Object": return !value.isNull
        case "IEnumerable", "ICollection", "IList", "IEnumerable`1", "IReadOnlyCollection", "IReadOnlyList":
            switch value {
            case .array, .list, .dictionary, .string: return true
            case .object(let o): return o.enumerated() != nil
            default: return false
            }
        case "IDictionary", "IReadOnlyDictionary", "Dictionary":
            if case .dictionary = value { return true }
            return false
        case "List":
            if case .list(let l) = value { return l.kind == .list }
            return false
        case "HashSet", "ISet":
            if case .list(let l) = value { return l.kind == .hashSet }
            return false
        case "Array":
            if case .array = value { return true }
            return false
        case "ValueType":
            switch value {
            case .bool, .char, .byte, .int, .long, .ulong, .float, .double, .decimal, .dateTime, .dateTimeOffset, .timeSpan, .guid: return true
            default: return false
            }
        default:
            if case .object(let o) = value { return o.isInstance(of: name) }
            return value.typeName == name
        }
    }

    // MARK: Argument helpers

    /// An `int` argument (implicit conversions from byte/char/short allowed; long is not implicit
    /// in C#, but accepted when it fits; OverflowException otherwise). Always within Int32's
    /// range, so sums of two results cannot overflow `Int`.
    static func toInt(_ value: Value) throws -> Int {
        switch value {
        case .int(let v): return Int(v)
        case .byte(let v): return Int(v)
        case .char(let v): return Int(v)
        case .long(let v):
            guard v >= Int64(Int32.min), v <= Int64(Int32.max) else { throw ExpressionRuntimeError.overflow }
            return Int(v)
        case .ulong(let v):
            guard v <= UInt64(Int32.max) else { throw ExpressionRuntimeError.overflow }
            return Int(v)
        case .null: throw ExpressionRuntimeError.nullReference
        case .object(let o):
            if let converted = try o.convert(to: "Int32"), case .int(let v) = converted { return Int(v) }
        default: break
        }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Int32")
    }

    static func toInt64(_ value: Value) throws -> Int64 {
        switch value {
        case .int(let v): return Int64(v)
        case .long(let v): return v
        case .byte(let v): return Int64(v)
        case .char(let v): return Int64(v)
        case .ulong(let v): return Int64(truncatingIfNeeded: v)
        case .null: throw ExpressionRuntimeError.nullReference
        case .object(let o):
            if let converted = try o.convert(to: "Int64"), case .long(let v) = converted { return v }
        default: break
        }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Int64")
    }

    static func toDouble(_ value: Value) throws -> Double {
        if let number = NumericValue(value) { return number.asDouble }
        if case .object(let o) = value, let converted = try o.convert(to: "Double"), case .double(let v) = converted { return v }
        if value.isNull { throw ExpressionRuntimeError.nullReference }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Double")
    }

    static func toBool(_ value: Value) throws -> Bool {
        if case .bool(let b) = value { return b }
        if case .object(let o) = value, let converted = try o.convert(to: "Boolean"), case .bool(let b) = converted { return b }
        if value.isNull { throw ExpressionRuntimeError.nullReference }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Boolean")
    }

    /// A `string` argument: nil for null. A char is accepted where .NET has a char overload.
    static func toStringOrNull(_ value: Value) throws -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        case .char(let c): return String(decoding: [c], as: UTF16.self)
        case .object(let o):
            if let converted = try o.convert(to: "String"), case .string(let s) = converted { return s }
            if o.typeName == "JValue" { return o.dotNetString() }
        default: break
        }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "String")
    }

    /// A `string` argument that must not be null (ArgumentNullException otherwise).
    static func toStringArgument(_ value: Value, _ parameter: String) throws -> String {
        guard let text = try toStringOrNull(value) else { throw ExpressionRuntimeError.argumentNull(parameter) }
        return text
    }

    /// The bytes of a `byte[]` value.
    static func toBytes(_ value: Value, _ parameter: String = "inArray") throws -> [UInt8] {
        switch value {
        case .array(let array):
            return try array.items.map { item -> UInt8 in
                switch item {
                case .byte(let b): return b
                case .int(let v): return UInt8(truncatingIfNeeded: v)
                default: throw ExpressionRuntimeError.invalidCast(from: item.typeName, to: "Byte")
                }
            }
        case .null: throw ExpressionRuntimeError.argumentNull(parameter)
        default: throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Byte[]")
        }
    }

    static func byteArray(_ bytes: [UInt8]) -> Value {
        .array(ArrayObject(bytes.map { .byte($0) }, elementType: "byte"))
    }

    static func stringArray(_ strings: [String]) -> Value {
        .array(ArrayObject(strings.map { .string($0) }, elementType: "string"))
    }

    /// The exception a `throw` statement raises for a thrown value.
    static func exception(from value: Value) -> ExpressionRuntimeError {
        if case .object(let object) = value, let exception = object as? ExceptionObject { return exception.error }
        if value.isNull { return ExpressionRuntimeError.nullReference }
        return ExpressionRuntimeError("System.InvalidCastException", "Unable to cast object of type '\(qualifiedTypeName(value.typeName))' to type 'System.Exception'.")
    }
}
