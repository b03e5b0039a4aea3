/// `System.String` members with .NET semantics: UTF-16 indexes and lengths, ordinal comparison,
/// simple (1:1) invariant case mapping, `char.IsWhiteSpace` trimming, and .NET's argument exceptions.
///
/// Culture-sensitive overloads (`StartsWith(string)`, `IndexOf(string)`, `Compare`) are evaluated with
/// ordinal rules, which match the invariant culture for ordinary text.
public enum DotNetString {
    /// `StringSplitOptions`.
    public struct SplitOptions: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// `StringSplitOptions.RemoveEmptyEntries`.
        public static let removeEmptyEntries = SplitOptions(rawValue: 1)
        /// `StringSplitOptions.TrimEntries` (.NET 5+).
        public static let trimEntries = SplitOptions(rawValue: 2)
    }

    static func units(_ s: String) -> [UInt16] { Array(s.utf16) }
    static func str(_ u: ArraySlice<UInt16>) -> String { String(decoding: u, as: UTF16.self) }
    static func str(_ u: [UInt16]) -> String { String(decoding: u, as: UTF16.self) }

    /// `Length` (UTF-16 code units).
    public static func length(_ s: String) -> Int { s.utf16.count }

    /// `s[index]` as a UTF-16 code unit; throws `IndexOutOfRangeException`.
    public static func charAt(_ s: String, _ index: Int) throws -> UInt16 {
        let u = units(s)
        guard index >= 0, index < u.count else {
            throw DotNetException("IndexOutOfRangeException", "Index was outside the bounds of the array.")
        }
        return u[index]
    }

    /// `Substring(startIndex)`.
    public static func substring(_ s: String, _ startIndex: Int) throws -> String {
        let u = units(s)
        if startIndex < 0 { throw DotNetException.argumentOutOfRange("startIndex", "StartIndex cannot be less than zero.") }
        if startIndex > u.count { throw DotNetException.argumentOutOfRange("startIndex", "startIndex cannot be larger than length of string.") }
        return str(u[startIndex...])
    }

    /// `Substring(startIndex, length)`.
    public static func substring(_ s: String, _ startIndex: Int, _ length: Int) throws -> String {
        let u = units(s)
        if startIndex < 0 { throw DotNetException.argumentOutOfRange("startIndex", "StartIndex cannot be less than zero.") }
        if startIndex > u.count { throw DotNetException.argumentOutOfRange("startIndex", "startIndex cannot be larger than length of string.") }
        if length < 0 { throw DotNetException.argumentOutOfRange("length", "Length cannot be less than zero.") }
        if startIndex > u.count - length {
            throw DotNetException.argumentOutOfRange("length", "Index and length must refer to a location within the string.")
        }
        return str(u[startIndex..<(startIndex + length)])
    }

    static func find(_ hay: [UInt16], _ needle: [UInt16], from: Int, ignoreCase: Bool) -> Int {
        if needle.isEmpty { return from }
        guard needle.count <= hay.count else { return -1 }
        let h = ignoreCase ? hay.map(foldUnit) : hay
        let n = ignoreCase ? needle.map(foldUnit) : needle
        var i = from
        while i + n.count <= h.count {
            if h[i] == n[0] && Array(h[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return -1
    }

    static func foldUnit(_ u: UInt16) -> UInt16 {
        guard let sc = Unicode.Scalar(u) else { return u }
        let up = String(sc).uppercased().utf16
        return up.count == 1 ? (up.first ?? u) : u
    }

    /// `IndexOf(value[, startIndex][, StringComparison.Ordinal/OrdinalIgnoreCase])`; -1 when absent.
    public static func indexOf(_ s: String, _ value: String, startIndex: Int = 0, ignoreCase: Bool = false) throws -> Int {
        let u = units(s)
        guard startIndex >= 0, startIndex <= u.count else {
            throw DotNetException.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.")
        }
        return find(u, units(value), from: startIndex, ignoreCase: ignoreCase)
    }

    /// `LastIndexOf(value)` (ordinal); an empty value returns the last index, as .NET 5+.
    public static func lastIndexOf(_ s: String, _ value: String, ignoreCase: Bool = false) -> Int {
        let u = units(s), v = units(value)
        if v.isEmpty { return max(u.count - 1, 0) }
        guard v.count <= u.count else { return -1 }
        let h = ignoreCase ? u.map(foldUnit) : u
        let n = ignoreCase ? v.map(foldUnit) : v
        var i = h.count - n.count
        while i >= 0 {
            if Array(h[i..<(i + n.count)]) == n { return i }
            i -= 1
        }
        return -1
    }

    /// `IndexOfAny(chars)`.
    public static func indexOfAny(_ s: String, _ chars: [UInt16]) -> Int {
        units(s).firstIndex(where: { chars.contains($0) }) ?? -1
    }

    /// `Contains(value)` (ordinal).
    public static func contains(_ s: String, _ value: String, ignoreCase: Bool = false) -> Bool {
        find(units(s), units(value), from: 0, ignoreCase: ignoreCase) >= 0
    }

    /// `StartsWith(value)` (ordinal).
    public static func startsWith(_ s: String, _ value: String, ignoreCase: Bool = false) -> Bool {
        let u = units(s), v = units(value)
        guard v.count <= u.count else { return false }
        return ignoreCase ? u.prefix(v.count).map(foldUnit) == v.map(foldUnit) : Array(u.prefix(v.count)) == v
    }

    /// `EndsWith(value)` (ordinal).
    public static func endsWith(_ s: String, _ value: String, ignoreCase: Bool = false) -> Bool {
        let u = units(s), v = units(value)
        guard v.count <= u.count else { return false }
        return ignoreCase ? u.suffix(v.count).map(foldUnit) == v.map(foldUnit) : Array(u.suffix(v.count)) == v
    }

    /// `char.IsWhiteSpace`.
    public static func isWhiteSpace(_ c: UInt16) -> Bool {
        switch c {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `Trim()` / `Trim(chars)` (nil or empty `chars` = white space).
    public static func trim(_ s: String, _ chars: [UInt16]? = nil, start: Bool = true, end: Bool = true) -> String {
        let u = units(s)
        let strip: (UInt16) -> Bool = { c in
            if let chars, !chars.isEmpty { return chars.contains(c) }
            return isWhiteSpace(c)
        }
        var a = 0, b = u.count
        if start { while a < b && strip(u[a]) { a += 1 } }
        if end { while b > a && strip(u[b - 1]) { b -= 1 } }
        return str(u[a..<b])
    }

    /// `ToUpperInvariant()`: simple 1:1 case mapping per UTF-16 unit (`"ß"` stays `"ß"`).
    public static func toUpperInvariant(_ s: String) -> String { mapCase(s, upper: true) }
    /// `ToLowerInvariant()`.
    public static func toLowerInvariant(_ s: String) -> String { mapCase(s, upper: false) }

    static func mapCase(_ s: String, upper: Bool) -> String {
        var out = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            let m = upper ? String(sc).uppercased() : String(sc).lowercased()
            let ms = m.unicodeScalars
            if ms.count == 1, let f = ms.first, (sc.value > 0xFFFF) == (f.value > 0xFFFF) { out.append(f) } else { out.append(sc) }
        }
        return String(out)
    }

    /// `PadLeft(totalWidth, paddingChar)`.
    public static func padLeft(_ s: String, _ totalWidth: Int, _ pad: UInt16 = 0x20) throws -> String {
        guard totalWidth >= 0 else { throw DotNetException.argumentOutOfRange("totalWidth", "Non-negative number required.") }
        let u = units(s)
        if totalWidth <= u.count { return s }
        return str([UInt16](repeating: pad, count: totalWidth - u.count) + u)
    }

    /// `PadRight(totalWidth, paddingChar)`.
    public static func padRight(_ s: String, _ totalWidth: Int, _ pad: UInt16 = 0x20) throws -> String {
        guard totalWidth >= 0 else { throw DotNetException.argumentOutOfRange("totalWidth", "Non-negative number required.") }
        let u = units(s)
        if totalWidth <= u.count { return s }
        return str(u + [UInt16](repeating: pad, count: totalWidth - u.count))
    }

    /// `Replace(oldValue, newValue)` (ordinal); throws `ArgumentException` "String cannot be of zero length. (Parameter 'oldValue')".
    public static func replace(_ s: String, _ oldValue: String?, _ newValue: String?, ignoreCase: Bool = false) throws -> String {
        guard let oldValue else { throw DotNetException.argumentNull("oldValue") }
        let o = units(oldValue)
        if o.isEmpty { throw DotNetException.argument("String cannot be of zero length. (Parameter 'oldValue')") }
        let n = units(newValue ?? "")
        let u = units(s)
        var out: [UInt16] = []
        var i = 0
        while i < u.count {
            let j = find(u, o, from: i, ignoreCase: ignoreCase)
            if j < 0 { break }
            out += u[i..<j]; out += n
            i = j + o.count
        }
        out += u[min(i, u.count)...]
        return str(out)
    }

    /// `Remove(startIndex[, count])`.
    public static func remove(_ s: String, _ startIndex: Int, _ count: Int? = nil) throws -> String {
        let u = units(s)
        if startIndex < 0 { throw DotNetException.argumentOutOfRange("startIndex", "StartIndex cannot be less than zero.") }
        guard let count else {
            if startIndex >= u.count && !(u.isEmpty && startIndex == 0) {
                throw DotNetException.argumentOutOfRange("startIndex", "startIndex must be less than length of string.")
            }
            return str(u[..<min(startIndex, u.count)])
        }
        if count < 0 { throw DotNetException.argumentOutOfRange("count", "Count cannot be less than zero.") }
        if count > u.count - startIndex {
            throw DotNetException.argumentOutOfRange("count", "Index and count must refer to a location within the string.")
        }
        return str(Array(u[..<startIndex]) + Array(u[(startIndex + count)...]))
    }

    /// `Insert(startIndex, value)`.
    public static func insert(_ s: String, _ startIndex: Int, _ value: String) throws -> String {
        let u = units(s)
        guard startIndex >= 0, startIndex <= u.count else {
            throw DotNetException.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than or equal to the size of the collection.")
        }
        return str(Array(u[..<startIndex]) + units(value) + Array(u[startIndex...]))
    }

    /// `Split(separators, count, options)` with char separators (empty = white space), as .NET.
    public static func split(_ s: String, chars: [UInt16], count: Int = Int.max, options: SplitOptions = []) throws -> [String] {
        let u = units(s)
        let isSep: (UInt16) -> Bool = { c in chars.isEmpty ? DotNetString.isWhiteSpace(c) : chars.contains(c) }
        var ranges: [Range<Int>] = []
        var start = 0
        for i in 0..<u.count where isSep(u[i]) { ranges.append(start..<i); start = i + 1 }
        ranges.append(start..<u.count)
        return try finishSplit(u, ranges, sepLengths: nil, count: count, options: options)
    }

    /// `Split(string[] separators, count, options)` (first matching separator at each position wins).
    public static func split(_ s: String, separators: [String], count: Int = Int.max, options: SplitOptions = []) throws -> [String] {
        let seps = separators.map(units).filter { !$0.isEmpty }
        if seps.isEmpty { return try split(s, chars: [], count: count, options: options) }
        let u = units(s)
        var ranges: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < u.count {
            if let sep = seps.first(where: { i + $0.count <= u.count && Array(u[i..<(i + $0.count)]) == $0 }) {
                ranges.append(start..<i)
                i += sep.count
                start = i
            } else { i += 1 }
        }
        ranges.append(start..<u.count)
        return try finishSplit(u, ranges, sepLengths: nil, count: count, options: options)
    }

    static func finishSplit(_ u: [UInt16], _ ranges: [Range<Int>], sepLengths: [Int]?, count: Int, options: SplitOptions) throws -> [String] {
        guard count >= 0 else { throw DotNetException.argumentOutOfRange("count", "Count cannot be less than zero.") }
        if count == 0 { return [] }
        if count == 1 || u.isEmpty {
            // The whole string is the sole value.
            var whole = str(u)
            if options.contains(.trimEntries) { whole = trim(whole) }
            return options.contains(.removeEmptyEntries) && whole.isEmpty ? [] : [whole]
        }
        var parts: [String] = []
        for (k, r) in ranges.enumerated() {
            var piece = str(u[r])
            if options.contains(.trimEntries) { piece = trim(piece) }
            if options.contains(.removeEmptyEntries) && piece.isEmpty { continue }
            if parts.count == count - 1 {
                // The last allowed entry takes the rest of the string.
                var rest = str(u[r.lowerBound...])
                if options.contains(.trimEntries) { rest = trim(rest) }
                if options.contains(.removeEmptyEntries) && rest.isEmpty { break }
                parts.append(rest)
                return parts
            }
            parts.append(piece)
            _ = k
        }
        return parts
    }

    /// `string.Join(separator, values)`.
    public static func join(_ separator: String?, _ values: [String?]) -> String {
        values.map { $0 ?? "" }.joined(separator: separator ?? "")
    }

    /// `string.CompareOrdinal(a, b)` (sign only: -1, 0, 1; null sorts first).
    public static func compareOrdinal(_ a: String?, _ b: String?) -> Int {
        guard let a else { return b == nil ? 0 : -1 }
        guard let b else { return 1 }
        let x = units(a), y = units(b)
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// `string.Equals(a, b, StringComparison.Ordinal[IgnoreCase])`.
    public static func equals(_ a: String?, _ b: String?, ignoreCase: Bool = false) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if !ignoreCase { return Array(a.utf16) == Array(b.utf16) }
        return units(a).map(foldUnit) == units(b).map(foldUnit)
    }

    /// `string.IsNullOrEmpty`.
    public static func isNullOrEmpty(_ s: String?) -> Bool { s?.isEmpty ?? true }
    /// `string.IsNullOrWhiteSpace`.
    public static func isNullOrWhiteSpace(_ s: String?) -> Bool {
        guard let s else { return true }
        return s.utf16.allSatisfy(isWhiteSpace)
    }
}
