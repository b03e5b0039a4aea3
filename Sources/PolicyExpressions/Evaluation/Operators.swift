import Foundation
import PolicySource

/// C# operators on run-time values.
enum Operators {
    /// .NET's `TimeSpan + TimeSpan` / `-` past its range.
    static var timeSpanOverflow: ExpressionRuntimeError {
        ExpressionRuntimeError("System.OverflowException", "TimeSpan overflowed because the duration is too long.")
    }

    /// A condition's value; C# only accepts `bool` here.
    @inline(__always)
    static func truth(_ value: Value) throws -> Bool {
        if case .bool(let b) = value { return b }
        if case .null = value { throw ExpressionRuntimeError.nullReference }
        throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Boolean")
    }

    /// `==`: ordinal for strings, numeric after promotion, references by identity (JSON values by value).
    @inline(__always)
    static func equals(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return ordinalEquals(a, b)
        default: return lhs.dotNetEquals(rhs)
        }
    }

    static func unary(_ op: UnaryOperator, _ value: Value) throws -> Value {
        switch op {
        case .not:
            if case .bool(let b) = value { return .bool(!b) }
        case .plus:
            if let number = NumericValue(value) { return number.value }
        case .minus:
            switch NumericValue(value) {
            case .int(let v): return .int(0 &- v)
            case .long(let v): return .long(0 &- v)
            case .ulong(let v): return .long(0 &- Int64(truncatingIfNeeded: v))
            case .float(let v): return .float(-v)
            case .double(let v): return .double(-v)
            case .decimal(let v): return .decimal(v.negated)
            case nil: if case .timeSpan(let t) = value { return .timeSpan(0 &- t) }
            }
        case .complement:
            switch NumericValue(value) {
            case .int(let v): return .int(~v)
            case .long(let v): return .long(~v)
            case .ulong(let v): return .ulong(~v)
            default: break
            }
        }
        if value.isNull { return .null } // lifted operators on nullable types
        throw ExpressionRuntimeError.invalidOperation("Operator '\(op.rawValue)' cannot be applied to operand of type '\(value.typeName)'")
    }

    static func increment(_ value: Value, by delta: Value) throws -> Value {
        switch value {
        case .char(let c): return .char(c &+ UInt16(bitPattern: Int16(truncatingIfNeeded: (try? Conversions.toInt(delta)) ?? 1)))
        case .byte(let b): return .byte(b &+ UInt8(bitPattern: Int8(truncatingIfNeeded: (try? Conversions.toInt(delta)) ?? 1)))
        case .null: return .null
        default:
            guard let a = NumericValue(value), let b = NumericValue(delta) else {
                throw ExpressionRuntimeError.invalidOperation("Operator '++' cannot be applied to operand of type '\(value.typeName)'")
            }
            // Keep the variable's type (an `int` stays `int`).
            let result = try NumericValue.arithmetic(.add, a, b)
            return (try? Conversions.cast(result, toName: value.typeName)) ?? result
        }
    }

    static func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ evaluation: Evaluation) throws -> Value {
        // Fast path: Int32 with Int32, the most common case in policies.
        if case .int(let a) = lhs, case .int(let b) = rhs {
            switch op {
            case .add: return .int(a &+ b)
            case .subtract: return .int(a &- b)
            case .multiply: return .int(a &* b)
            case .less: return .bool(a < b)
            case .greater: return .bool(a > b)
            case .lessOrEqual: return .bool(a <= b)
            case .greaterOrEqual: return .bool(a >= b)
            default: break
            }
        }
        switch op {
        case .add:
            if case .string(let a) = lhs { return try concatenate(a, rhs.dotNetString, evaluation) }
            if case .string(let b) = rhs { return try concatenate(lhs.dotNetString, b, evaluation) }
            switch (lhs, rhs) {
            case (.dateTime(let d), .timeSpan(let t)): return .dateTime(try d.adding(ticks: t))
            case (.timeSpan(let t), .dateTime(let d)): return .dateTime(try d.adding(ticks: t))
            case (.dateTimeOffset(let d), .timeSpan(let t)):
                let moved = try DateTimeValue(ticks: d.utcTicks).adding(ticks: t)
                return .dateTimeOffset(DateTimeOffsetValue(utcTicks: moved.ticks, offsetMinutes: d.offsetMinutes))
            case (.timeSpan(let a), .timeSpan(let b)):
                guard let sum = a.addingChecked(b) else { throw timeSpanOverflow }
                return .timeSpan(sum)
            case (.null, _), (_, .null):
                if isStringLike(lhs) || isStringLike(rhs) { return .string(lhs.dotNetString + rhs.dotNetString) }
                return .null
            case (.object, _), (_, .object), (.array, _), (_, .array), (.list, _), (.dictionary, _):
                // `object + string` is string concatenation; JSON values and others print themselves.
                if case .object(let o) = lhs, o.typeName == "JValue" || o.typeName == "String" {
                    return try concatenate(lhs.dotNetString, rhs.dotNetString, evaluation)
                }
                return try concatenate(lhs.dotNetString, rhs.dotNetString, evaluation)
            default: break
            }
        case .subtract:
            switch (lhs, rhs) {
            case (.dateTime(let a), .dateTime(let b)): return .timeSpan(a.ticks &- b.ticks)
            case (.dateTime(let d), .timeSpan(let t)): return .dateTime(try d.adding(ticks: 0 &- t))
            case (.dateTimeOffset(let a), .dateTimeOffset(let b)): return .timeSpan(a.utcTicks &- b.utcTicks)
            case (.dateTimeOffset(let d), .timeSpan(let t)):
                let moved = try DateTimeValue(ticks: d.utcTicks).adding(ticks: 0 &- t)
                return .dateTimeOffset(DateTimeOffsetValue(utcTicks: moved.ticks, offsetMinutes: d.offsetMinutes))
            case (.timeSpan(let a), .timeSpan(let b)):
                guard let difference = a.subtractingChecked(b) else { throw timeSpanOverflow }
                return .timeSpan(difference)
            default: break
            }
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            return .bool(try compare(op, lhs, rhs))
        case .shiftLeft, .shiftRight:
            let count = try Conversions.toInt(rhs)
            switch NumericValue(lhs) {
            case .int(let v): return .int(op == .shiftLeft ? v << (count & 31) : v >> (count & 31))
            case .long(let v): return .long(op == .shiftLeft ? v << Int64(count & 63) : v >> Int64(count & 63))
            case .ulong(let v): return .ulong(op == .shiftLeft ? v << UInt64(count & 63) : v >> UInt64(count & 63))
            default: break
            }
        case .bitAnd, .bitOr, .bitXor:
            if case .bool(let a) = lhs, case .bool(let b) = rhs {
                switch op {
                case .bitAnd: return .bool(a && b)
                case .bitOr: return .bool(a || b)
                default: return .bool(a != b)
                }
            }
        case .equal: return .bool(equals(lhs, rhs))
        case .notEqual: return .bool(!equals(lhs, rhs))
        case .and: return .bool(try truth(lhs) && truth(rhs))
        case .or: return .bool(try truth(lhs) || truth(rhs))
        case .coalesce: return lhs.isNull ? rhs : lhs
        default: break
        }
        if let a = NumericValue(lhs), let b = NumericValue(rhs) {
            return try NumericValue.arithmetic(op, a, b)
        }
        if lhs.isNull || rhs.isNull { return .null } // lifted nullable arithmetic
        throw ExpressionRuntimeError.invalidOperation("Operator '\(op.rawValue)' cannot be applied to operands of type '\(lhs.typeName)' and '\(rhs.typeName)'")
    }

    private static func isStringLike(_ value: Value) -> Bool {
        if case .string = value { return true }
        return false
    }

    private static func concatenate(_ a: String, _ b: String, _ evaluation: Evaluation) throws -> Value {
        let length = a.utf8.count + b.utf8.count
        try evaluation.checkLength(length)
        try evaluation.charge(utf8: length)
        return .string(a + b)
    }

    static func compare(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws -> Bool {
        let order: Int?
        switch (lhs, rhs) {
        case (.dateTime(let a), .dateTime(let b)): order = a.ticks < b.ticks ? -1 : (a.ticks == b.ticks ? 0 : 1)
        case (.dateTimeOffset(let a), .dateTimeOffset(let b)): order = a.utcTicks < b.utcTicks ? -1 : (a.utcTicks == b.utcTicks ? 0 : 1)
        case (.timeSpan(let a), .timeSpan(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.null, _), (_, .null): return false // lifted comparison with null is false
        default:
            guard let a = NumericValue(lhs), let b = NumericValue(rhs) else {
                throw ExpressionRuntimeError.invalidOperation("Operator '\(op.rawValue)' cannot be applied to operands of type '\(lhs.typeName)' and '\(rhs.typeName)'")
            }
            order = try NumericValue.compare(a, b)
        }
        guard let order else { return false } // NaN
        switch op {
        case .less: return order < 0
        case .greater: return order > 0
        case .lessOrEqual: return order <= 0
        default: return order >= 0
        }
    }
}
