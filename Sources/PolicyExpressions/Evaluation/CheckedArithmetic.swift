import PolicySource

/// C# `checked(…)`: integer `+`, `-`, `*`, unary `-`, `++`/`--` and explicit numeric conversions
/// throw `System.OverflowException` where unchecked code wraps. The compiler uses these inside a
/// `checked` expression (lexically, lambdas written inside it included); everything else goes to
/// the unchecked ``Operators``.
enum CheckedArithmetic {
    static func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ evaluation: Evaluation) throws -> Value {
        if let result = try integral(op, lhs, rhs) { return result }
        return try Operators.binary(op, lhs, rhs, evaluation)
    }

    /// `+ - *` on integral operands, checked; nil for anything else.
    private static func integral(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard op == .add || op == .subtract || op == .multiply, let a = NumericValue(lhs), let b = NumericValue(rhs) else { return nil }
        switch NumericValue.promote(a, b) {
        case (.int(let p), .int(let q)): return .int(try checked(op, p, q))
        case (.long(let p), .long(let q)): return .long(try checked(op, p, q))
        case (.ulong(let p), .ulong(let q)): return .ulong(try checked(op, p, q))
        default: return nil
        }
    }

    private static func checked<T: FixedWidthInteger>(_ op: BinaryOperator, _ p: T, _ q: T) throws -> T {
        let result = switch op {
        case .add: p.addingChecked(q)
        case .subtract: p.subtractingChecked(q)
        default: p.multipliedChecked(by: q)
        }
        guard let result else { throw ExpressionRuntimeError.overflow }
        return result
    }

    /// C#'s checked `+` on two integers of one type (LINQ's `Sum` adds so): OverflowException past its range.
    static func add<T: FixedWidthInteger>(_ p: T, _ q: T) throws -> T {
        try checked(.add, p, q)
    }

    static func unary(_ op: UnaryOperator, _ value: Value) throws -> Value {
        if op == .minus {
            switch NumericValue(value) {
            case .int(let v): return .int(try checked(.subtract, 0, v))
            case .long(let v): return .long(try checked(.subtract, 0, v))
            case .ulong(let v): if v != 0 { throw ExpressionRuntimeError.overflow }
            default: break
            }
        }
        return try Operators.unary(op, value)
    }

    /// `x++` / `x += 1` on a variable of an integral type: the result keeps the variable's type
    /// and overflows when it does not fit.
    static func increment(_ value: Value, by delta: Value) throws -> Value {
        switch value {
        case .int, .long, .ulong:
            return try integral(.add, value, delta) ?? Operators.increment(value, by: delta)
        case .byte(let b):
            guard let result = Int(b).addingChecked(try Conversions.toInt(delta)), result >= 0, result <= Int(UInt8.max) else {
                throw ExpressionRuntimeError.overflow
            }
            return .byte(UInt8(result))
        case .char(let c):
            let result = Int(c) + (try Conversions.toInt(delta))
            guard result >= 0, result <= Int(UInt16.max) else { throw ExpressionRuntimeError.overflow }
            return .char(UInt16(result))
        default:
            return try Operators.increment(value, by: delta)
        }
    }

    /// An explicit conversion `(T)x` in checked context: a number outside T's range throws.
    static func cast(_ value: Value, to type: TypeRef) throws -> Value {
        let result = try Conversions.cast(value, to: type)
        guard type.arrayRank == 0, !type.name.hasSuffix("?"), let source = NumericValue(value) else { return result }
        // Bounds as integers (exact for every source) and the exclusive upper bound as a double.
        let bounds: (min: Int64, max: UInt64, below: Double)
        switch Conversions.normalizedName(type.name) {
        case "Int32": bounds = (Int64(Int32.min), UInt64(Int32.max), 2_147_483_648.0)
        case "Int64": bounds = (Int64.min, UInt64(Int64.max), 9_223_372_036_854_775_808.0)
        case "Int16": bounds = (Int64(Int16.min), UInt64(Int16.max), 32_768.0)
        case "SByte": bounds = (Int64(Int8.min), UInt64(Int8.max), 128.0)
        case "Byte": bounds = (0, UInt64(UInt8.max), 256.0)
        case "UInt16", "Char": bounds = (0, UInt64(UInt16.max), 65_536.0)
        case "UInt32": bounds = (0, UInt64(UInt32.max), 4_294_967_296.0)
        case "UInt64": bounds = (0, UInt64.max, 18_446_744_073_709_551_616.0)
        default: return result
        }
        let fits: Bool
        switch source {
        case .int(let v): fits = Int64(v) >= bounds.min && (v < 0 || UInt64(v) <= bounds.max)
        case .long(let v): fits = v >= bounds.min && (v < 0 || UInt64(v) <= bounds.max)
        case .ulong(let v): fits = v <= bounds.max
        case .float, .double:
            let d = source.asDouble.rounded(.towardZero)
            fits = d.isFinite && d >= Double(bounds.min) && d < bounds.below
        case .decimal:
            fits = true // decimal conversions already throw (Conversions.numericConversion)
        }
        if !fits { throw ExpressionRuntimeError.overflow }
        return result
    }
}
