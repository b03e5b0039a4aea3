import PolicySource

/// `System.Guid`: 16 bytes in .NET's layout (Data1..Data3 little-endian in `ToByteArray`).
public struct DotNetGuid: Sendable, Hashable, CustomStringConvertible {
    /// The bytes in textual order (as the "N" format prints them).
    public let bytes: [UInt8]

    /// `Guid.Empty`.
    public static let empty = DotNetGuid(textOrderBytes: [UInt8](repeating: 0, count: 16))

    init(textOrderBytes: [UInt8]) { self.bytes = textOrderBytes }

    /// `new Guid(byte[])` (little-endian first three fields); throws `ArgumentException` unless 16 bytes.
    public init(byteArray b: [UInt8]) throws {
        guard b.count == 16 else {
            throw DotNetException.argument("Byte array for Guid must be exactly 16 bytes long. (Parameter 'b')")
        }
        bytes = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + Array(b[8..<16])
    }

    /// `ToByteArray()`.
    public func toByteArray() -> [UInt8] {
        [bytes[3], bytes[2], bytes[1], bytes[0], bytes[5], bytes[4], bytes[7], bytes[6]] + Array(bytes[8..<16])
    }

    /// A deterministic `Guid.NewGuid()`: 16 random bytes from `rng` with the version-4 and RFC 4122 variant bits set.
    public static func newGuid(using rng: inout SeededRandom) -> DotNetGuid {
        var b = [UInt8](repeating: 0, count: 16)
        let a = rng.next(), c = rng.next()
        for i in 0..<8 { b[i] = UInt8(truncatingIfNeeded: a >> (UInt64(i) * 8)) }
        for i in 0..<8 { b[8 + i] = UInt8(truncatingIfNeeded: c >> (UInt64(i) * 8)) }
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return DotNetGuid(textOrderBytes: b)
    }

    private var hex: String {
        let digits = Array("0123456789abcdef")
        var s = ""
        for x in bytes { s.append(digits[Int(x >> 4)]); s.append(digits[Int(x & 15)]) }
        return s
    }

    /// `ToString()` = "D": `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lowercase.
    public var description: String { (try? toString("D")) ?? "" }

    /// `ToString(format)` for "N", "D", "B", "P", "X" (empty = "D"); other formats throw
    /// `FormatException` "Format string can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".".
    public func toString(_ format: String?) throws -> String {
        let h = Array(hex)
        let d = String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
        switch format ?? "" {
        case "", "D", "d": return d
        case "N", "n": return hex
        case "B", "b": return "{" + d + "}"
        case "P", "p": return "(" + d + ")"
        case "X", "x":
            let g = toByteArray()
            func h2(_ v: UInt8) -> String { let t = String(v, radix: 16); return t.count < 2 ? "0" + t : t }
            let d1 = String(h[0..<8]), d2 = String(h[8..<12]), d3 = String(h[12..<16])
            _ = g
            let rest = bytes[8..<16].map { "0x" + h2($0) }.joined(separator: ",")
            return "{0x\(d1),0x\(d2),0x\(d3),{\(rest)}}"
        default:
            throw DotNetException.format("Format string can be only \"D\", \"d\", \"N\", \"n\", \"P\", \"p\", \"B\", \"b\", \"X\" or \"x\".")
        }
    }

    /// `Guid.Parse(string)` accepting the N, D, B and P forms (surrounding whitespace allowed).
    /// Throws `FormatException` with .NET's message for an unrecognized string.
    public static func parse(_ text: String) throws -> DotNetGuid {
        if let g = tryParse(text) { return g }
        throw DotNetException.format("Unrecognized Guid format.")
    }

    /// `Guid.TryParse`.
    public static func tryParse(_ text: String) -> DotNetGuid? {
        var s = text.trimmingDotNetWhitespace()
        if (s.hasPrefix("{") && s.hasSuffix("}")) || (s.hasPrefix("(") && s.hasSuffix(")")) {
            s = String(s.dropFirst().dropLast())
        }
        let chars = Array(s)
        var hexChars: [Character]
        if chars.count == 36 {
            for i in [8, 13, 18, 23] where chars[i] != "-" { return nil }
            hexChars = chars.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        } else if chars.count == 32 {
            hexChars = chars
        } else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < 32 {
            guard let a = hexChars[i].hexDigitValue, let b = hexChars[i + 1].hexDigitValue, hexChars[i].isASCII, hexChars[i + 1].isASCII else { return nil }
            out.append(UInt8(a * 16 + b))
            i += 2
        }
        hexChars = []
        return DotNetGuid(textOrderBytes: out)
    }
}
