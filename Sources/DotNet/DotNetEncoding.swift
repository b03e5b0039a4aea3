/// `System.Text.Encoding` instances the policy expression library exposes.
public enum DotNetEncoding: String, Sendable, Hashable, CaseIterable {
    /// `Encoding.UTF8` (no BOM in GetBytes; invalid bytes decode to U+FFFD).
    case utf8 = "UTF8"
    /// `Encoding.ASCII` (non-ASCII UTF-16 code units encode to '?'; bytes ≥ 0x80 decode to '?').
    case ascii = "ASCII"
    /// `Encoding.Unicode` (UTF-16 little-endian).
    case unicode = "Unicode"
    /// `Encoding.BigEndianUnicode`.
    case bigEndianUnicode = "BigEndianUnicode"
    /// `Encoding.Latin1` (ISO-8859-1; code units above 0xFF encode to '?').
    case latin1 = "Latin1"

    /// `GetBytes(string)`.
    public func getBytes(_ s: String) -> [UInt8] {
        switch self {
        case .utf8: return Array(s.utf8)
        case .ascii: return s.utf16.map { $0 < 0x80 ? UInt8($0) : 0x3F }
        case .latin1: return s.utf16.map { $0 < 0x100 ? UInt8($0) : 0x3F }
        case .unicode: return s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .bigEndianUnicode: return s.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
    }

    /// `GetString(bytes)`.
    public func getString(_ b: [UInt8]) -> String {
        switch self {
        case .utf8: return String(decoding: b, as: UTF8.self)
        case .ascii: return String(decoding: b.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
        case .latin1: return String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) }))
        case .unicode, .bigEndianUnicode:
            var units: [UInt16] = []
            var i = 0
            while i + 1 < b.count {
                units.append(self == .unicode ? UInt16(b[i]) | UInt16(b[i + 1]) << 8 : UInt16(b[i]) << 8 | UInt16(b[i + 1]))
                i += 2
            }
            var s = String(decoding: units, as: UTF16.self)
            if b.count % 2 == 1 { s += "\u{FFFD}" }
            return s
        }
    }

    /// `GetByteCount(string)`.
    public func getByteCount(_ s: String) -> Int { getBytes(s).count }
}

/// `System.Net.WebUtility`.
public enum DotNetWebUtility {
    static let hexUpper = Array("0123456789ABCDEF".utf8)

    static func isUrlSafe(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
            || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x21 || b == 0x2A || b == 0x28 || b == 0x29
    }

    /// `HttpUtility.UrlEncode(value)` (System.Web): like `WebUtility.UrlEncode` but with lowercase hex.
    public static func httpUtilityUrlEncode(_ s: String?) -> String? {
        guard let s else { return nil }
        let lower = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            if isUrlSafe(b) { out.append(b) } else if b == 0x20 { out.append(0x2B) } else {
                out += [0x25, lower[Int(b >> 4)], lower[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `WebUtility.UrlEncode(value)`: UTF-8; letters, digits and `-_.!*()` unchanged; space → `+`;
    /// everything else `%XX` with UPPERCASE hex. nil stays nil.
    public static func urlEncode(_ s: String?) -> String? {
        guard let s else { return nil }
        var out: [UInt8] = []
        for b in s.utf8 {
            if isUrlSafe(b) { out.append(b) } else if b == 0x20 { out.append(0x2B) } else {
                out += [0x25, hexUpper[Int(b >> 4)], hexUpper[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `WebUtility.UrlDecode(value)`: `+` → space, `%XX` → byte (UTF-8 decoded); malformed escapes are kept.
    public static func urlDecode(_ s: String?) -> String? {
        guard let s else { return nil }
        return percentDecode(Array(s.utf8), plusAsSpace: true)
    }

    static func percentDecode(_ b: [UInt8], plusAsSpace: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x2B && plusAsSpace { out.append(0x20); i += 1; continue }
            if c == 0x25, i + 2 < b.count, let h = DotNetConvert.hexVal(b[i + 1]), let l = DotNetConvert.hexVal(b[i + 2]) {
                out.append(h << 4 | l); i += 3; continue
            }
            out.append(c); i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `WebUtility.HtmlEncode(value)`: `<>"&'` → `&lt;`, `&gt;`, `&quot;`, `&amp;`, `&#39;`;
    /// U+00A0…U+00FF and characters outside the BMP → `&#N;`.
    public static func htmlEncode(_ s: String?) -> String? {
        guard let s else { return nil }
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            default:
                if (u.value >= 160 && u.value < 256) || u.value >= 0x10000 { out += "&#\(u.value);" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static let latin1Names = ["nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
        "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil",
        "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml",
        "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH",
        "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
        "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave",
        "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc",
        "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml"]

    static let entities: [String: UInt32] = {
        var d: [String: UInt32] = ["quot": 34, "amp": 38, "apos": 39, "lt": 60, "gt": 62,
            "OElig": 338, "oelig": 339, "Scaron": 352, "scaron": 353, "Yuml": 376, "fnof": 402, "circ": 710, "tilde": 732,
            "ensp": 8194, "emsp": 8195, "thinsp": 8201, "zwnj": 8204, "zwj": 8205, "lrm": 8206, "rlm": 8207,
            "ndash": 8211, "mdash": 8212, "lsquo": 8216, "rsquo": 8217, "sbquo": 8218, "ldquo": 8220, "rdquo": 8221,
            "bdquo": 8222, "dagger": 8224, "Dagger": 8225, "bull": 8226, "hellip": 8230, "permil": 8240, "prime": 8242,
            "Prime": 8243, "lsaquo": 8249, "rsaquo": 8250, "oline": 8254, "frasl": 8260, "euro": 8364, "trade": 8482,
            "larr": 8592, "uarr": 8593, "rarr": 8594, "darr": 8595, "harr": 8596, "minus": 8722, "infin": 8734,
            "ne": 8800, "le": 8804, "ge": 8805, "loz": 9674, "spades": 9824, "clubs": 9827, "hearts": 9829, "diams": 9830,
            "Alpha": 913, "Beta": 914, "Gamma": 915, "Delta": 916, "alpha": 945, "beta": 946, "gamma": 947, "delta": 948,
            "pi": 960, "Pi": 928, "sigma": 963, "Sigma": 931, "omega": 969, "Omega": 937, "mu": 956, "lambda": 955]
        for (i, n) in latin1Names.enumerated() { d[n] = UInt32(160 + i) }
        return d
    }()

    /// `WebUtility.HtmlDecode(value)`: named HTML 4 entities (Latin-1, punctuation and common symbols),
    /// `&#N;` and `&#xH;`; anything unrecognized is left as is.
    public static func htmlDecode(_ s: String?) -> String? {
        guard let s else { return nil }
        guard s.contains("&") else { return s }
        let c = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < c.count {
            if c[i] == "&", let stop = c[(i + 1)...].firstIndex(where: { $0 == ";" || $0 == "&" }), c[stop] == ";" {
                let semi = stop
                let body = String(String.UnicodeScalarView(c[(i + 1)..<semi]))
                var scalar: Unicode.Scalar?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    if let v = UInt32(body.dropFirst(2), radix: 16) { scalar = Unicode.Scalar(v) }
                } else if body.hasPrefix("#") {
                    if let v = UInt32(body.dropFirst()) { scalar = Unicode.Scalar(v) }
                } else if let v = entities[body] { scalar = Unicode.Scalar(v) }
                if let scalar {
                    out.append(scalar)
                    i = semi + 1
                    continue
                }
            }
            out.append(c[i]); i += 1
        }
        return String(out)
    }
}
