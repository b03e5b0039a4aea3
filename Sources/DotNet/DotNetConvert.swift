/// `System.Convert` base-64 and hex helpers, and `BitConverter`.
public enum DotNetConvert {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `Convert.ToBase64String(bytes)`.
    public static func toBase64String(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18)], alphabet[Int((n >> 12) & 63)], alphabet[Int((n >> 6) & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rem = bytes.count - i
        if rem == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18)], alphabet[Int((n >> 12) & 63)], 61, 61]
        } else if rem == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18)], alphabet[Int((n >> 12) & 63)], alphabet[Int((n >> 6) & 63)], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let badBase64 = DotNetException.format(
        "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.")

    /// `Convert.FromBase64String(s)`: whitespace (space, tab, CR, LF) is ignored; the length without
    /// whitespace must be a multiple of 4. Throws `FormatException` with .NET's messages.
    public static func fromBase64String(_ s: String?) throws -> [UInt8] {
        guard let s else { throw DotNetException.argumentNull("s") }
        var vals: [UInt8] = []
        var padding = 0
        for b in s.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { continue }
            if b == 61 { padding += 1; continue }
            if padding > 0 { throw badBase64 }
            let v: UInt8
            switch b {
            case 65...90: v = b - 65
            case 97...122: v = b - 97 + 26
            case 48...57: v = b - 48 + 52
            case 43: v = 62
            case 47: v = 63
            default: throw badBase64
            }
            vals.append(v)
        }
        if padding > 2 { throw badBase64 }
        if (vals.count + padding) % 4 != 0 {
            throw DotNetException.format("Invalid length for a Base-64 char array or string.")
        }
        if vals.count % 4 == 1 { throw badBase64 }
        if padding > 0 && (vals.count + padding) % 4 != 0 { throw badBase64 }
        var out: [UInt8] = []
        out.reserveCapacity(vals.count * 3 / 4)
        var i = 0
        while i + 3 < vals.count {
            let n = UInt32(vals[i]) << 18 | UInt32(vals[i + 1]) << 12 | UInt32(vals[i + 2]) << 6 | UInt32(vals[i + 3])
            out += [UInt8(n >> 16), UInt8((n >> 8) & 255), UInt8(n & 255)]
            i += 4
        }
        let rem = vals.count - i
        if rem == 2 {
            let n = UInt32(vals[i]) << 18 | UInt32(vals[i + 1]) << 12
            out.append(UInt8(n >> 16))
        } else if rem == 3 {
            let n = UInt32(vals[i]) << 18 | UInt32(vals[i + 1]) << 12 | UInt32(vals[i + 2]) << 6
            out += [UInt8(n >> 16), UInt8((n >> 8) & 255)]
        }
        return out
    }

    /// Base64url without padding (`-`/`_`), as JWTs use (`Base64UrlEncoder.Encode`).
    public static func toBase64Url(_ bytes: [UInt8]) -> String {
        var s = toBase64String(bytes)
        while s.hasSuffix("=") { s.removeLast() }
        return String(s.map { $0 == "+" ? "-" : ($0 == "/" ? "_" : $0) })
    }

    /// Decodes base64url (padding optional); throws `FormatException` on bad input.
    public static func fromBase64Url(_ s: String) throws -> [UInt8] {
        var t = String(s.map { $0 == "-" ? "+" : ($0 == "_" ? "/" : $0) })
        if t.contains("+") && s.contains("+") || t.contains("/") && s.contains("/") { throw badBase64 }
        switch t.utf8.count % 4 {
        case 2: t += "=="
        case 3: t += "="
        case 1: throw badBase64
        default: break
        }
        return try fromBase64String(t)
    }

    /// `Convert.ToInt64(value, fromBase)` for bases 2, 8, 10, 16 (two's complement for 2/8/16, optional `0x` for 16).
    /// Throws `ArgumentException` "Invalid Base." / `FormatException` / `OverflowException` as .NET.
    public static func toInt64(_ value: String, fromBase: Int) throws -> Int64 {
        guard [2, 8, 10, 16].contains(fromBase) else { throw DotNetException.argument("Invalid Base.") }
        if fromBase == 10 { return try DotNetNumberParsing.parseInt64(value) }
        var s = Substring(value)
        if fromBase == 16 && (s.hasPrefix("0x") || s.hasPrefix("0X")) { s = s.dropFirst(2) }
        guard !s.isEmpty else {
            throw DotNetException.argumentOutOfRange("value", "Index was out of range. Must be non-negative and less than the size of the collection.")
        }
        var v: UInt64 = 0
        for ch in s {
            guard let d = ch.hexDigitValue, ch.isASCII, d < fromBase else {
                throw DotNetException.format("Could not find any recognizable digits.")
            }
            let (m, o1) = v.multipliedReportingOverflow(by: UInt64(fromBase))
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { throw DotNetException.overflow("Value was either too large or too small for a UInt64.") }
            v = a
        }
        return Int64(bitPattern: v)
    }

    /// `Convert.ToInt32(value, fromBase)`.
    public static func toInt32(_ value: String, fromBase: Int) throws -> Int32 {
        if fromBase == 10 { return try DotNetNumberParsing.parseInt32(value) }
        let v = try toInt64(value, fromBase: fromBase)
        guard UInt64(bitPattern: v) <= UInt64(UInt32.max) else {
            throw DotNetException.overflow("Value was either too large or too small for a UInt32.")
        }
        return Int32(bitPattern: UInt32(truncatingIfNeeded: v))
    }

    /// `Convert.ToString(value, toBase)` for 2, 8, 10, 16 (negative values as two's complement for 2/8/16).
    public static func toString(_ value: Int64, toBase: Int, width: Int = 64) throws -> String {
        guard [2, 8, 10, 16].contains(toBase) else { throw DotNetException.argument("Invalid Base.") }
        if toBase == 10 { return String(value) }
        let bits = width == 32 ? UInt64(UInt32(truncatingIfNeeded: value)) : UInt64(bitPattern: value)
        return String(bits, radix: toBase)
    }

    /// `BitConverter.ToString(bytes)`: uppercase hex pairs separated by '-' (`"01-AB-FF"`).
    public static func bitConverterToString(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF")
        var s = ""
        for (i, b) in bytes.enumerated() {
            if i > 0 { s.append("-") }
            s.append(hex[Int(b >> 4)]); s.append(hex[Int(b & 15)])
        }
        return s
    }

    /// `Convert.ToHexString(bytes)` (.NET 5+): uppercase, no separators.
    public static func toHexString(_ bytes: [UInt8]) -> String {
        bitConverterToString(bytes).dotNetReplacingAll("-", with: "")
    }

    /// `Convert.FromHexString(s)`; throws `FormatException`.
    public static func fromHexString(_ s: String) throws -> [UInt8] {
        let c = Array(s.utf8)
        guard c.count % 2 == 0 else {
            throw DotNetException.format("The input is not a valid hex string as its length is not a multiple of 2.")
        }
        var out: [UInt8] = []
        var i = 0
        while i < c.count {
            guard let a = hexVal(c[i]), let b = hexVal(c[i + 1]) else {
                throw DotNetException.format("The input is not a valid hex string as it contains a non-hex character.")
            }
            out.append(a << 4 | b)
            i += 2
        }
        return out
    }

    static func hexVal(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}

extension String {
    func dotNetReplacingAll(_ target: String, with rep: String) -> String {
        guard !target.isEmpty else { return self }
        return self.dotNetComponents(separatedByString: target).joined(separator: rep)
    }

    func dotNetComponents(separatedByString sep: String) -> [String] {
        var result: [String] = []
        var current = ""
        let sepChars = Array(sep)
        let chars = Array(self)
        var i = 0
        while i < chars.count {
            if i + sepChars.count <= chars.count && Array(chars[i..<(i + sepChars.count)]) == sepChars {
                result.append(current); current = ""; i += sepChars.count
            } else { current.append(chars[i]); i += 1 }
        }
        result.append(current)
        return result
    }
}
