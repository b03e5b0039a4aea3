/// `System.Decimal`: a 96-bit unsigned mantissa, a sign and a scale 0…28 (value = ±mantissa / 10^scale).
///
/// Arithmetic keeps .NET's scale rules (addition aligns scales, multiplication adds them, division
/// produces the shortest exact quotient up to 28 decimals) and rounds half-to-even when a result needs
/// more than 96 bits or 28 decimals. Overflow throws `OverflowException`
/// "Value was either too large or too small for a Decimal.".
public struct DotNetDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Absolute mantissa (< 2^96).
    let mantissa: DotNetBigUInt
    /// Decimal scale 0…28.
    public let scale: Int
    /// True for negative values (a negative zero prints as "0").
    public let isNegative: Bool

    static let maxMantissa = DotNetBigUInt(limbs: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF])
    /// `decimal.MaxValue`.
    public static let maxValue = DotNetDecimal(uncheckedMantissa: maxMantissa, scale: 0, negative: false)
    /// `decimal.MinValue`.
    public static let minValue = DotNetDecimal(uncheckedMantissa: maxMantissa, scale: 0, negative: true)
    /// `decimal.Zero`.
    public static let zero = DotNetDecimal(uncheckedMantissa: DotNetBigUInt(0), scale: 0, negative: false)
    /// `decimal.One`.
    public static let one = DotNetDecimal(uncheckedMantissa: DotNetBigUInt(1), scale: 0, negative: false)

    /// True for (positive or negative) zero.
    public var isZero: Bool { mantissa.isZero }
    /// The unscaled mantissa as decimal digits.
    public var mantissaDigits: String { mantissa.decimalString }

    static func overflowError() -> DotNetException {
        DotNetException.overflow("Value was either too large or too small for a Decimal.")
    }

    init(uncheckedMantissa: DotNetBigUInt, scale: Int, negative: Bool) {
        var m = uncheckedMantissa
        m.normalize()
        self.mantissa = m
        self.scale = scale
        self.isNegative = negative
    }

    /// `new decimal(long)`.
    public init(_ v: Int64) {
        self.init(uncheckedMantissa: DotNetBigUInt(v.magnitude), scale: 0, negative: v < 0)
    }

    /// Builds from an arbitrary-size mantissa, rounding half-even to fit 96 bits / scale ≤ 28.
    static func make(_ m: DotNetBigUInt, scale: Int, negative: Bool) throws -> DotNetDecimal {
        var m = m
        var s = scale
        var sticky = false
        var lastRem: UInt32 = 0
        var roundedAny = false
        while s > 28 || !m.fits96 {
            if s <= 0 { throw overflowError() }
            if roundedAny && lastRem != 0 { sticky = true }
            lastRem = m.divide(by: 10)
            roundedAny = true
            s -= 1
        }
        if roundedAny {
            // lastRem is the most significant dropped digit; sticky whether lower dropped digits were non-zero.
            let roundUp = lastRem > 5 || (lastRem == 5 && (sticky || m.isOdd))
            if roundUp {
                m.add(1)
                if !m.fits96 {
                    if s <= 0 { throw overflowError() }
                    let r = m.divide(by: 10)
                    s -= 1
                    if r >= 5 { m.add(1) }
                }
            }
        }
        return DotNetDecimal(uncheckedMantissa: m, scale: s, negative: negative)
    }

    /// `(decimal)double`: rounds to 15 significant digits as .NET does; throws `OverflowException`.
    public init(_ d: Double) throws {
        guard d.isFinite, abs(d) < 7.922816251426434e28 else {
            throw DotNetException.overflow("Value was either too large or too small for a Decimal.")
        }
        if d == 0 { self = .zero; return }
        let r = DotNetFormatter.roundDigits(DotNetFormatter.exactDigits(d), count: 15)
        var m = DotNetBigUInt(0)
        for dg in r.digits { m.multiply(by: 10); m.add(UInt32(dg)) }
        var scale = r.digits.count - r.scale
        if scale < 0 { for _ in 0..<(-scale) { m.multiply(by: 10) }; scale = 0 }
        self = try DotNetDecimal.make(m, scale: scale, negative: d < 0)
    }

    /// Digits and decimal-point position for formatting (value = 0.d1d2… × 10^scale).
    var digitsAndScale: (digits: [UInt8], scale: Int) {
        let text = mantissa.decimalString
        if mantissa.isZero { return ([], 0) }
        var digits = text.utf8.map { $0 - 48 }
        let pointScale = digits.count - scale
        while let l = digits.last, l == 0 { digits.removeLast() }
        return (digits, pointScale)
    }

    /// `ToString()` (invariant): keeps trailing zeros of the scale: `1.50`, `-0.001`, `100`.
    public var description: String {
        var t = mantissa.decimalString
        if scale > 0 {
            if t.count <= scale { t = String(repeating: "0", count: scale - t.count + 1) + t }
            t.insert(".", at: t.index(t.endIndex, offsetBy: -scale))
        }
        return (isNegative && !mantissa.isZero ? "-" : "") + t
    }

    /// The value as a Double (`(double)decimal`).
    public var doubleValue: Double {
        Double(description) ?? 0
    }

    var wide: DotNetBigUInt { mantissa }

    static func align(_ a: DotNetDecimal, _ b: DotNetDecimal) -> (DotNetBigUInt, DotNetBigUInt, Int) {
        var x = a.wide, y = b.wide
        let s = max(a.scale, b.scale)
        for _ in a.scale..<s { x.multiply(by: 10) }
        for _ in b.scale..<s { y.multiply(by: 10) }
        return (x, y, s)
    }

    /// `a + b`.
    public static func add(_ a: DotNetDecimal, _ b: DotNetDecimal) throws -> DotNetDecimal {
        let (x, y, s) = align(a, b)
        if a.isNegative == b.isNegative { var r = x; r.add(y); return try make(r, scale: s, negative: a.isNegative) }
        if x >= y { var r = x; r.subtract(y); return try make(r, scale: s, negative: a.isNegative && !r.isZero) }
        var r = y; r.subtract(x); return try make(r, scale: s, negative: b.isNegative && !r.isZero)
    }

    /// `-a`.
    public var negated: DotNetDecimal { DotNetDecimal(uncheckedMantissa: mantissa, scale: scale, negative: !isNegative) }

    /// `a - b`.
    public static func subtract(_ a: DotNetDecimal, _ b: DotNetDecimal) throws -> DotNetDecimal { try add(a, b.negated) }

    /// `a * b`.
    public static func multiply(_ a: DotNetDecimal, _ b: DotNetDecimal) throws -> DotNetDecimal {
        var r = a.wide
        r.multiply(byWide: b.mantissa)
        let neg = a.isNegative != b.isNegative && !r.isZero
        return try make(r, scale: a.scale + b.scale, negative: neg)
    }

    /// `a / b`; throws `DivideByZeroException` "Attempted to divide by zero.".
    public static func divide(_ a: DotNetDecimal, _ b: DotNetDecimal) throws -> DotNetDecimal {
        guard !b.mantissa.isZero else { throw DotNetException("DivideByZeroException", "Attempted to divide by zero.") }
        var n = a.wide
        var s = a.scale - b.scale
        while s < 0 { n.multiply(by: 10); s += 1 }
        let d = b.mantissa
        var (q, r) = n.divideWide(by: d)
        // Extend the quotient digit by digit while inexact (up to 28 decimals and 96 bits + a guard digit).
        while !r.isZero && s < 29 {
            var q10 = q; q10.multiply(by: 10)
            if !q10.fitsBits(100) { break }
            var r10 = r; r10.multiply(by: 10)
            let (dq, dr) = r10.divideWide(by: d)
            q10.add(dq)
            q = q10
            r = dr
            s += 1
        }
        let neg = a.isNegative != b.isNegative && !(q.isZero && r.isZero)
        if !r.isZero {
            // Sticky remainder: add a digit so rounding sees it.
            q.multiply(by: 10); q.add(1); s += 1
        }
        var res = try make(q, scale: s, negative: neg)
        if !r.isZero { res = res.trimmedTrailingZeros() }
        return res
    }

    /// `a % b`.
    public static func remainder(_ a: DotNetDecimal, _ b: DotNetDecimal) throws -> DotNetDecimal {
        guard !b.mantissa.isZero else { throw DotNetException("DivideByZeroException", "Attempted to divide by zero.") }
        let (x, y, s) = align(a, b)
        let (_, r) = x.divideWide(by: y)
        return try make(r, scale: s, negative: a.isNegative && !r.isZero)
    }

    func trimmedTrailingZeros() -> DotNetDecimal {
        var m = mantissa, s = scale
        while s > 0 {
            var t = m
            if t.divide(by: 10) != 0 { break }
            m = t; s -= 1
        }
        return DotNetDecimal(uncheckedMantissa: m, scale: s, negative: isNegative)
    }

    /// `Math.Round(d, decimals, MidpointRounding)`; `awayFromZero` false means ToEven (.NET's default).
    public func rounded(decimals: Int, awayFromZero: Bool = false) throws -> DotNetDecimal {
        guard decimals >= 0, decimals <= 28 else {
            throw DotNetException.argumentOutOfRange("decimals", "Rounding digits must be between 0 and 28, inclusive.")
        }
        if scale <= decimals { return self }
        var m = mantissa
        var first: UInt32 = 0      // most significant dropped digit
        var sticky = false         // any lower dropped digit non-zero
        for k in 0..<(scale - decimals) {
            let d = m.divide(by: 10)
            if k == scale - decimals - 1 { first = d } else if d != 0 { sticky = true }
        }
        if first > 5 || (first == 5 && (sticky || awayFromZero || m.isOdd)) { m.add(1) }
        return DotNetDecimal(uncheckedMantissa: m, scale: decimals, negative: isNegative && !m.isZero)
    }

    /// `decimal.Truncate`.
    public func truncated() -> DotNetDecimal {
        var m = mantissa
        for _ in 0..<scale { _ = m.divide(by: 10) }
        return DotNetDecimal(uncheckedMantissa: m, scale: 0, negative: isNegative && !m.isZero)
    }

    /// `Math.Floor(decimal)`.
    public func floor() -> DotNetDecimal {
        let t = truncated()
        if isNegative && t != self { return (try? DotNetDecimal.subtract(t, .one)) ?? t }
        return t
    }

    /// `Math.Ceiling(decimal)`.
    public func ceiling() -> DotNetDecimal {
        let t = truncated()
        if !isNegative && t != self { return (try? DotNetDecimal.add(t, .one)) ?? t }
        return t
    }

    /// Numeric comparison (scale-insensitive): `1.0m == 1m`.
    public static func compare(_ a: DotNetDecimal, _ b: DotNetDecimal) -> Int {
        let az = a.mantissa.isZero, bz = b.mantissa.isZero
        if az && bz { return 0 }
        let an = a.isNegative && !az, bn = b.isNegative && !bz
        if an != bn { return an ? -1 : 1 }
        let (x, y, _) = align(a, b)
        let c = x == y ? 0 : (x < y ? -1 : 1)
        return an ? -c : c
    }

    public static func < (a: DotNetDecimal, b: DotNetDecimal) -> Bool { compare(a, b) < 0 }
    public static func == (a: DotNetDecimal, b: DotNetDecimal) -> Bool { compare(a, b) == 0 }
    public func hash(into h: inout Hasher) {
        h.combine(trimmedTrailingZeros().mantissa.limbs)
        h.combine(mantissa.isZero ? false : isNegative)
    }

    /// Conversion to Int64 with truncation (`(long)decimal`); throws `OverflowException`
    /// "Value was either too large or too small for an Int64.".
    public func toInt64() throws -> Int64 {
        let t = truncated()
        let limit: UInt64 = isNegative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard let v = t.mantissa.uint64Value, v <= limit else {
            throw DotNetException.overflow("Value was either too large or too small for an Int64.")
        }
        if isNegative { return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v) }
        return Int64(v)
    }

    /// `decimal.Parse(s, NumberStyles.Number, InvariantCulture)`.
    public static func parse(_ s: String) throws -> DotNetDecimal {
        try DotNetNumberParsing.parseDecimal(s, styles: .number)
    }
}

/// A small unsigned big integer (little-endian 32-bit limbs) for decimal mantissas and intermediates
/// (avoids `UInt128`, which needs macOS 15).
struct DotNetBigUInt: Comparable, Sendable, Hashable {
    var limbs: [UInt32]

    init(_ v: UInt64) {
        limbs = []
        var x = v
        while x != 0 { limbs.append(UInt32(truncatingIfNeeded: x)); x >>= 32 }
    }

    init(limbs: [UInt32]) {
        self.limbs = limbs
        normalize()
    }

    var isZero: Bool { limbs.allSatisfy { $0 == 0 } }
    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }
    mutating func normalize() { while let l = limbs.last, l == 0 { limbs.removeLast() } }
    var fits96: Bool { fitsBits(96) }
    func fitsBits(_ bits: Int) -> Bool {
        var l = limbs
        while let x = l.last, x == 0 { l.removeLast() }
        if l.isEmpty { return true }
        let top = l.count * 32 - (l.last.map { $0.leadingZeroBitCount } ?? 0)
        return top <= bits
    }
    /// The value when it fits 64 bits.
    var uint64Value: UInt64? {
        guard fitsBits(64) else { return nil }
        var v: UInt64 = 0
        for (i, l) in limbs.enumerated() where i < 2 { v |= UInt64(l) << (32 * UInt64(i)) }
        return v
    }

    /// Decimal digits ("0" for zero).
    var decimalString: String {
        if isZero { return "0" }
        var x = self
        var chunks: [UInt32] = []
        while !x.isZero { chunks.append(x.divide(by: 1_000_000_000)) }
        var s = String(chunks.last ?? 0)
        for c in chunks.dropLast().reversed() { s += dotNetPad(c, 9) }
        return s
    }

    mutating func multiply(by m: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(m) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    mutating func multiply(byWide o: DotNetBigUInt) {
        let other = o.limbs
        var res = [UInt32](repeating: 0, count: limbs.count + other.count + 1)
        for (i, a) in limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in other.enumerated() {
                let t = UInt64(a) * UInt64(b) + UInt64(res[i + j]) + carry
                res[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            var k = i + other.count
            while carry != 0 && k < res.count {
                let t = UInt64(res[k]) + carry
                res[k] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
                k += 1
            }
        }
        limbs = res
        normalize()
    }

    mutating func add(_ v: UInt32) { add(DotNetBigUInt(UInt64(v))) }

    mutating func add(_ o: DotNetBigUInt) {
        var carry: UInt64 = 0
        let n = max(limbs.count, o.limbs.count)
        while limbs.count < n { limbs.append(0) }
        for i in 0..<n {
            let t = UInt64(limbs[i]) + UInt64(i < o.limbs.count ? o.limbs[i] : 0) + carry
            limbs[i] = UInt32(truncatingIfNeeded: t)
            carry = t >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    /// self -= o (requires self >= o).
    mutating func subtract(_ o: DotNetBigUInt) {
        var borrow: Int64 = 0
        for i in limbs.indices {
            var t = Int64(limbs[i]) - Int64(i < o.limbs.count ? o.limbs[i] : 0) - borrow
            if t < 0 { t += 1 << 32; borrow = 1 } else { borrow = 0 }
            limbs[i] = UInt32(truncatingIfNeeded: t)
        }
        normalize()
    }

    /// Divides in place by a small non-zero divisor, returning the remainder.
    mutating func divide(by d: UInt32) -> UInt32 {
        guard d != 0 else { return 0 }
        var rem: UInt64 = 0
        for i in limbs.indices.reversed() {
            let cur = (rem << 32) | UInt64(limbs[i])
            limbs[i] = UInt32(cur / UInt64(d))
            rem = cur % UInt64(d)
        }
        normalize()
        return UInt32(rem)
    }

    /// Bitwise long division (operands are a few limbs here); a zero divisor gives (0, self).
    func divideWide(by d: DotNetBigUInt) -> (DotNetBigUInt, DotNetBigUInt) {
        if d.isZero { return (DotNetBigUInt(0), self) }
        var q = DotNetBigUInt(0)
        var r = DotNetBigUInt(0)
        let bits = limbs.count * 32
        q.limbs = [UInt32](repeating: 0, count: limbs.count)
        var i = bits - 1
        while i >= 0 {
            r.shiftLeft1()
            if (limbs[i / 32] >> (UInt32(i) % 32)) & 1 == 1 { r.add(1) }
            if r >= d { r.subtract(d); q.limbs[i / 32] |= 1 << (UInt32(i) % 32) }
            i -= 1
        }
        q.normalize()
        r.normalize()
        return (q, r)
    }

    mutating func shiftLeft1() {
        var carry: UInt32 = 0
        for i in limbs.indices {
            let n = limbs[i] >> 31
            limbs[i] = (limbs[i] << 1) | carry
            carry = n
        }
        if carry != 0 { limbs.append(carry) }
    }

    static func < (a: DotNetBigUInt, b: DotNetBigUInt) -> Bool {
        var x = a, y = b
        x.normalize(); y.normalize()
        if x.limbs.count != y.limbs.count { return x.limbs.count < y.limbs.count }
        for i in x.limbs.indices.reversed() where x.limbs[i] != y.limbs[i] { return x.limbs[i] < y.limbs[i] }
        return false
    }

    static func == (a: DotNetBigUInt, b: DotNetBigUInt) -> Bool {
        var x = a, y = b
        x.normalize(); y.normalize()
        return x.limbs == y.limbs
    }

    func hash(into h: inout Hasher) {
        var x = self
        x.normalize()
        h.combine(x.limbs)
    }
}
