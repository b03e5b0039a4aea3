import DotNet
import Foundation

// .NET semantics of values: ToString, Equals, numeric promotion and arithmetic, conversions.

extension Value {
    /// `ToString()` as .NET prints it (culture: en-US / invariant, which agree for these forms).
    /// `null` prints as the empty string, as string concatenation does.
    public var dotNetString: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "True" : "False"
        case .char(let c): return String(decoding: [c], as: UTF16.self)
        case .byte(let v): return String(v)
        case .int(let v): return String(v)
        case .long(let v): return String(v)
        case .ulong(let v): return String(v)
        case .float(let v): return DotNetFormatter.formatSingle(v)
        case .double(let v): return DotNetFormatter.formatDouble(v)
        case .decimal(let v): return v.description
        case .string(let s): return s
        case .dateTime(let d): return DotNetBridge.dateTime(d)?.description ?? d.defaultString
        case .dateTimeOffset(let d): return DotNetBridge.dateTimeOffset(d)?.description ?? d.defaultString
        case .timeSpan(let t): return timeSpanString(t)
        case .guid(let g): return g.formatted()
        case .array(let a): return "System." + arrayTypeName(a.elementType) + "[]"
        case .list(let l): return "System.Collections.Generic.\(l.kind.rawValue)`1[\(qualifiedTypeName(dotNetTypeName(l.elementType)))]"
        case .dictionary(let d): return "System.Collections.Generic." + d.typeName
        case .function: return "System.Func`1"
        case .object(let o): return o.dotNetString()
        }
    }

    /// .NET `Equals`: numbers of the same kind by value, strings ordinally, references by identity.
    public func dotNetEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.string(let a), .string(let b)): return ordinalEquals(a, b)
        case (.bool(let a), .bool(let b)): return a == b
        case (.char(let a), .char(let b)): return a == b
        case (.dateTime(let a), .dateTime(let b)): return a.ticks == b.ticks
        case (.dateTimeOffset(let a), .dateTimeOffset(let b)): return a.utcTicks == b.utcTicks
        case (.timeSpan(let a), .timeSpan(let b)): return a == b
        case (.guid(let a), .guid(let b)): return a == b
        case (.array(let a), .array(let b)): return a === b
        case (.list(let a), .list(let b)): return a === b
        case (.dictionary(let a), .dictionary(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        case (.object(let a), .object(let b)): return a.dotNetEquals(b)
        default:
            if let a = NumericValue(self), let b = NumericValue(other) {
                return (try? NumericValue.compare(a, b)) == 0
            }
            return false
        }
    }
}

/// .NET's spelling of a C# type keyword (`string` → `String`).
func dotNetTypeName(_ keyword: String) -> String {
    predefinedTypeKeywords[keyword] ?? keyword
}

private func arrayTypeName(_ element: String) -> String { dotNetTypeName(element) }

/// Ordinal (UTF-16 code unit) equality, as `string ==` in .NET (Swift's `==` would also equate
/// canonically equivalent strings).
func ordinalEquals(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    var left = a
    var right = b
    return left.withUTF8 { l in right.withUTF8 { r in l.elementsEqual(r) } }
}

/// `String.CompareOrdinal`: negative, zero or positive.
func ordinalCompare(_ a: String, _ b: String) -> Int {
    var left = a.utf16.makeIterator()
    var right = b.utf16.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): if x != y { return Int(x) - Int(y) }
        }
    }
}

/// Simple upper-casing of one UTF-16 unit (ASCII and Latin-1/BMP via Foundation), as OrdinalIgnoreCase.
func upperInvariant(_ unit: UInt16) -> UInt16 {
    if unit >= 0x61 && unit <= 0x7A { return unit - 0x20 }
    if unit < 0x80 { return unit }
    guard let scalar = Unicode.Scalar(UInt32(unit)) else { return unit }
    let upper = String(scalar).uppercased().utf16
    return upper.count == 1 ? (upper.first ?? unit) : unit
}

func ordinalIgnoreCaseEquals(_ a: String, _ b: String) -> Bool {
    // ASCII fast path over the UTF-8 bytes (header names, query names).
    if a.utf8.count == b.utf8.count {
        var left = a
        var right = b
        let ascii: Bool? = left.withUTF8 { x in
            right.withUTF8 { y in
                for index in 0..<x.count {
                    let p = x[index], q = y[index]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p == q { continue }
                    let folded = p | 0x20
                    if p ^ q != 0x20 || folded < 0x61 || folded > 0x7A { return false }
                }
                return true
            }
        }
        if let ascii { return ascii }
    }
    let x = a.utf16, y = b.utf16
    guard x.count == y.count else { return false }
    return zip(x, y).allSatisfy { $0 == $1 || upperInvariant($0) == upperInvariant($1) }
}

func ordinalIgnoreCaseCompare(_ a: String, _ b: String) -> Int {
    var left = a.utf16.makeIterator()
    var right = b.utf16.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?):
            let ux = upperInvariant(x), uy = upperInvariant(y)
            if ux != uy { return Int(ux) - Int(uy) }
        }
    }
}


/// A numeric value after C#'s binary numeric promotion.
enum NumericValue {
    case int(Int32)
    case long(Int64)
    case ulong(UInt64)
    case float(Float)
    case double(Double)
    case decimal(DotNetDecimal)

    init?(_ value: Value) {
        switch value {
        case .int(let v): self = .int(v)
        case .byte(let v): self = .int(Int32(v))
        case .char(let v): self = .int(Int32(v))
        case .long(let v): self = .long(v)
        case .ulong(let v): self = .ulong(v)
        case .float(let v): self = .float(v)
        case .double(let v): self = .double(v)
        case .decimal(let v): self = .decimal(v)
        default: return nil
        }
    }

    var rank: Int {
        switch self {
        case .int: 0
        case .long: 1
        case .ulong: 2
        case .float: 3
        case .double: 4
        case .decimal: 5
        }
    }

    var value: Value {
        switch self {
        case .int(let v): .int(v)
        case .long(let v): .long(v)
        case .ulong(let v): .ulong(v)
        case .float(let v): .float(v)
        case .double(let v): .double(v)
        case .decimal(let v): .decimal(v)
        }
    }

    var asDouble: Double {
        switch self {
        case .int(let v): Double(v)
        case .long(let v): Double(v)
        case .ulong(let v): Double(v)
        case .float(let v): Double(v)
        case .double(let v): v
        case .decimal(let v): v.doubleValue
        }
    }

    var asLong: Int64 {
        switch self {
        case .int(let v): Int64(v)
        case .long(let v): v
        case .ulong(let v): Int64(truncatingIfNeeded: v)
        case .float(let v): truncatingInt64(Double(v))
        case .double(let v): truncatingInt64(v)
        case .decimal(let v): (try? v.truncated().toInt64()) ?? Int64.min
        }
    }

    /// Conversion to decimal; a double out of decimal's range gives zero (callers that must
    /// throw use ``checkedDecimal()``).
    var asDecimal: DotNetDecimal { (try? checkedDecimal()) ?? .zero }

    func checkedDecimal() throws -> DotNetDecimal {
        switch self {
        case .int(let v): return DotNetDecimal(Int64(v))
        case .long(let v): return DotNetDecimal(v)
        case .ulong(let v): return try DotNetBridge.run { try DotNetDecimal.parse(String(v)) }
        case .float(let v): return try DotNetBridge.run { try DotNetDecimal(Double(v)) }
        case .double(let v): return try DotNetBridge.run { try DotNetDecimal(v) }
        case .decimal(let v): return v
        }
    }

    /// Converts to the kind of `rank`.
    func promoted(to rank: Int) -> NumericValue {
        switch rank {
        case 0: return self
        case 1: return .long(asLong)
        case 2: if case .ulong = self { return self }; return .ulong(UInt64(bitPattern: asLong))
        case 3: if case .float = self { return self }; return .float(Float(asDouble))
        case 4: return .double(asDouble)
        default: return .decimal(asDecimal)
        }
    }

    static func promote(_ a: NumericValue, _ b: NumericValue) -> (NumericValue, NumericValue) {
        var rank = max(a.rank, b.rank)
        // long with ulong has no common type in C#; use double-free long arithmetic.
        if rank == 2, a.rank == 1 || b.rank == 1 { rank = 1 }
        return (a.promoted(to: rank), b.promoted(to: rank))
    }

    static func compare(_ a: NumericValue, _ b: NumericValue) throws -> Int? {
        let (x, y) = promote(a, b)
        switch (x, y) {
        case (.int(let p), .int(let q)): return p < q ? -1 : (p == q ? 0 : 1)
        case (.long(let p), .long(let q)): return p < q ? -1 : (p == q ? 0 : 1)
        case (.ulong(let p), .ulong(let q)): return p < q ? -1 : (p == q ? 0 : 1)
        case (.float(let p), .float(let q)): if p.isNaN || q.isNaN { return nil }; return p < q ? -1 : (p == q ? 0 : 1)
        case (.double(let p), .double(let q)): if p.isNaN || q.isNaN { return nil }; return p < q ? -1 : (p == q ? 0 : 1)
        case (.decimal(let p), .decimal(let q)): return DotNetDecimal.compare(p, q)
        default: return nil
        }
    }

    /// Arithmetic with C# `unchecked` semantics: integers wrap, integer division truncates
    /// and throws on zero, floating point follows IEEE.
    static func arithmetic(_ op: BinaryOperator, _ a: NumericValue, _ b: NumericValue) throws -> Value {
        let (x, y) = promote(a, b)
        switch (x, y) {
        case (.int(let p), .int(let q)):
            switch op {
            case .add: return .int(p &+ q)
            case .subtract: return .int(p &- q)
            case .multiply: return .int(p &* q)
            case .divide:
                if q == 0 { throw ExpressionRuntimeError.divideByZero }
                if p == Int32.min && q == -1 { throw ExpressionRuntimeError.overflow }
                return .int(p / q)
            case .remainder:
                if q == 0 { throw ExpressionRuntimeError.divideByZero }
                // .NET (x64 `idiv`) throws for MinValue % -1; any other x % -1 is 0.
                if q == -1 { if p == Int32.min { throw ExpressionRuntimeError.overflow }; return .int(0) }
                return .int(p % q)
            case .bitAnd: return .int(p & q)
            case .bitOr: return .int(p | q)
            case .bitXor: return .int(p ^ q)
            default: break
            }
        case (.long(let p), .long(let q)):
            switch op {
            case .add: return .long(p &+ q)
            case .subtract: return .long(p &- q)
            case .multiply: return .long(p &* q)
            case .divide:
                if q == 0 { throw ExpressionRuntimeError.divideByZero }
                if p == Int64.min && q == -1 { throw ExpressionRuntimeError.overflow }
                return .long(p / q)
            case .remainder:
                if q == 0 { throw ExpressionRuntimeError.divideByZero }
                if q == -1 { if p == Int64.min { throw ExpressionRuntimeError.overflow }; return .long(0) }
                return .long(p % q)
            case .bitAnd: return .long(p & q)
            case .bitOr: return .long(p | q)
            case .bitXor: return .long(p ^ q)
            default: break
            }
        case (.ulong(let p), .ulong(let q)):
            switch op {
            case .add: return .ulong(p &+ q)
            case .subtract: return .ulong(p &- q)
            case .multiply: return .ulong(p &* q)
            case .divide: if q == 0 { throw ExpressionRuntimeError.divideByZero }; return .ulong(p / q)
            case .remainder: if q == 0 { throw ExpressionRuntimeError.divideByZero }; return .ulong(p % q)
            case .bitAnd: return .ulong(p & q)
            case .bitOr: return .ulong(p | q)
            case .bitXor: return .ulong(p ^ q)
            default: break
            }
        case (.float(let p), .float(let q)):
            switch op {
            case .add: return .float(p + q)
            case .subtract: return .float(p - q)
            case .multiply: return .float(p * q)
            case .divide: return .float(p / q)
            case .remainder: return .float(p.truncatingRemainder(dividingBy: q))
            default: break
            }
        case (.double(let p), .double(let q)):
            switch op {
            case .add: return .double(p + q)
            case .subtract: return .double(p - q)
            case .multiply: return .double(p * q)
            case .divide: return .double(p / q)
            case .remainder: return .double(p.truncatingRemainder(dividingBy: q))
            default: break
            }
        case (.decimal(let p), .decimal(let q)):
            switch op {
            case .add: return .decimal(try DotNetBridge.run { try DotNetDecimal.add(p, q) })
            case .subtract: return .decimal(try DotNetBridge.run { try DotNetDecimal.subtract(p, q) })
            case .multiply: return .decimal(try DotNetBridge.run { try DotNetDecimal.multiply(p, q) })
            case .divide: return .decimal(try DotNetBridge.run { try DotNetDecimal.divide(p, q) })
            case .remainder: return .decimal(try DotNetBridge.run { try DotNetDecimal.remainder(p, q) })
            default: break
            }
        default:
            break
        }
        throw ExpressionRuntimeError.invalidOperation("Operator '\(op.rawValue)' cannot be applied to operands of type '\(a.value.typeName)' and '\(b.value.typeName)'")
    }
}

/// Double → Int64 the way .NET's unchecked conversion behaves on x64: truncation; NaN and
/// out-of-range values give `Int64.min` (0x8000000000000000).
func truncatingInt64(_ value: Double) -> Int64 {
    guard value.isFinite, value > -9.3e18, value < 9.2e18 else { return Int64.min }
    return Int64(value.rounded(.towardZero))
}

/// Double → Int32 unchecked: out of range gives `Int32.min`, as on x64.
func truncatingInt32(_ value: Double) -> Int32 {
    guard value.isFinite, value > -2_147_483_649.0, value < 2_147_483_648.0 else { return Int32.min }
    return Int32(value.rounded(.towardZero))
}
