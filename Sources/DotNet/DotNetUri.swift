/// `System.Uri` for absolute URIs (UriKind.Absolute), with .NET's canonicalization:
/// lowercase scheme and host, default ports, dot-segment removal, `\` → `/` for http(s),
/// percent-encoding of spaces, non-ASCII (UTF-8) and other unsafe characters in `AbsoluteUri`.
/// Parse failures throw `UriFormatException` with .NET's "Invalid URI: …" messages.
public struct DotNetUri: Sendable, Hashable, CustomStringConvertible {
    /// `OriginalString`.
    public let originalString: String
    /// `Scheme` (lowercase).
    public let scheme: String
    /// `UserInfo` ("" when absent).
    public let userInfo: String
    /// `Host` (lowercase; IPv6 keeps its brackets).
    public let host: String
    /// `Port` (default for the scheme when absent; -1 if the scheme has none).
    public let port: Int
    /// `IsDefaultPort`.
    public let isDefaultPort: Bool
    /// `AbsolutePath` (escaped).
    public let absolutePath: String
    /// `Query` (with leading `?`, or "").
    public let query: String
    /// `Fragment` (with leading `#`, or "").
    public let fragment: String
    let hierarchical: Bool

    static let defaultPorts: [String: Int] = ["http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21,
        "gopher": 70, "nntp": 119, "telnet": 23, "ldap": 389, "mailto": 25, "net.tcp": 808, "sftp": 22, "ssh": 22]

    static func uriError(_ m: String) -> DotNetException { DotNetException("UriFormatException", "Invalid URI: \(m)") }

    /// `new Uri(uriString)`.
    public init(_ text: String) throws {
        originalString = text
        let s = text.trimmingDotNetWhitespace()
        if s.isEmpty { throw DotNetUri.uriError("The URI is empty.") }
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else {
            throw DotNetUri.uriError("The format of the URI could not be determined.")
        }
        let sch = String(s[..<colon])
        guard let f = sch.first, f.isASCII, f.isLetter,
              sch.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else {
            throw DotNetUri.uriError("The format of the URI could not be determined.")
        }
        scheme = sch.lowercased()
        var rest = String(s[s.index(after: colon)...])
        let isHttpLike = ["http", "https", "ws", "wss", "ftp"].contains(scheme)
        if isHttpLike { rest = rest.dotNetReplacingAll("\\", with: "/") }
        // Fragment and query.
        var frag = ""
        if let h = rest.firstIndex(of: "#") { frag = String(rest[h...]); rest = String(rest[..<h]) }
        var q = ""
        if let qi = rest.firstIndex(of: "?") { q = String(rest[qi...]); rest = String(rest[..<qi]) }
        if rest.hasPrefix("//") {
            hierarchical = true
            rest.removeFirst(2)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = String(rest[..<slash])
            var path = String(rest[slash...])
            var ui = ""
            if let at = authority.lastIndex(of: "@") {
                ui = String(authority[..<at])
                authority = String(authority[authority.index(after: at)...])
            }
            var hostPart = authority
            var portValue: Int?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { throw DotNetUri.uriError("The hostname could not be parsed.") }
                hostPart = String(authority[...close])
                let after = authority[authority.index(after: close)...]
                if after.hasPrefix(":") {
                    let p = after.dropFirst()
                    guard !p.isEmpty, p.count <= 5, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 65535 else {
                        throw DotNetUri.uriError("Invalid port specified.")
                    }
                    portValue = v
                } else if !after.isEmpty { throw DotNetUri.uriError("Invalid port specified.") }
            } else if let pc = authority.lastIndex(of: ":") {
                hostPart = String(authority[..<pc])
                let p = authority[authority.index(after: pc)...]
                if !p.isEmpty {
                    guard p.count <= 5, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 65535 else {
                        throw DotNetUri.uriError("Invalid port specified.")
                    }
                    portValue = v
                }
            }
            if hostPart.isEmpty && scheme != "file" { throw DotNetUri.uriError("The hostname could not be parsed.") }
            let badHostChars: Set<Character> = [" ", "<", ">", "\"", "{", "}", "|", "\\", "^", "`", "%", "/"]
            if hostPart.contains(where: { badHostChars.contains($0) }) { throw DotNetUri.uriError("The hostname could not be parsed.") }
            host = hostPart.lowercased()
            userInfo = ui
            let def = DotNetUri.defaultPorts[scheme] ?? -1
            port = portValue ?? def
            isDefaultPort = port == def
            if path.isEmpty { path = "/" }
            absolutePath = DotNetUri.escape(DotNetUri.removeDotSegments(path), allowed: DotNetUri.pathAllowed)
        } else {
            hierarchical = false
            if isHttpLike { throw DotNetUri.uriError("The format of the URI could not be determined.") }
            userInfo = ""
            host = ""
            port = DotNetUri.defaultPorts[scheme] ?? -1
            isDefaultPort = true
            absolutePath = DotNetUri.escape(rest, allowed: DotNetUri.pathAllowed)
        }
        query = DotNetUri.escape(q, allowed: DotNetUri.queryAllowed)
        fragment = DotNetUri.escape(frag, allowed: DotNetUri.queryAllowed.union([0x23]))
    }

    /// `Uri.TryCreate(s, UriKind.Absolute, out uri)`.
    public static func tryCreate(_ s: String) -> DotNetUri? { try? DotNetUri(s) }

    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    static let pathAllowed: Set<UInt8> = unreserved.union(Array("/:@!$&'()*+,;=%[]".utf8))
    static let queryAllowed: Set<UInt8> = pathAllowed.union(Array("?".utf8))

    static func escape(_ s: String, allowed: Set<UInt8>) -> String {
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x25 {
                // Keep valid escapes; escape a stray '%'.
                if i + 2 < b.count, DotNetConvert.hexVal(b[i + 1]) != nil, DotNetConvert.hexVal(b[i + 2]) != nil {
                    out += [0x25, b[i + 1], b[i + 2]]; i += 3; continue
                }
                out += Array("%25".utf8); i += 1; continue
            }
            if allowed.contains(c) { out.append(c) } else {
                out += [0x25, DotNetWebUtility.hexUpper[Int(c >> 4)], DotNetWebUtility.hexUpper[Int(c & 15)]]
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func removeDotSegments(_ path: String) -> String {
        var out: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (k, p) in parts.enumerated() {
            let last = k == parts.count - 1
            if p == "." { if last { out.append("") }; continue }
            if p == ".." {
                if out.count > 1 { out.removeLast() }
                if last { out.append("") }
                continue
            }
            out.append(p)
        }
        var r = out.joined(separator: "/")
        if !r.hasPrefix("/") { r = "/" + r }
        return r
    }

    /// `Authority`: host plus `:port` when not the default.
    public var authority: String { isDefaultPort ? host : "\(host):\(port)" }
    /// `PathAndQuery`.
    public var pathAndQuery: String { absolutePath + query }
    /// `AbsoluteUri`.
    public var absoluteUri: String {
        guard hierarchical else { return scheme + ":" + absolutePath + query + fragment }
        let ui = userInfo.isEmpty ? "" : userInfo + "@"
        return scheme + "://" + ui + authority + absolutePath + query + fragment
    }
    /// `Segments`: `/a/b/` → `["/", "a/", "b/"]`.
    public var segments: [String] {
        var segs: [String] = []
        var cur = ""
        for ch in absolutePath {
            cur.append(ch)
            if ch == "/" { segs.append(cur); cur = "" }
        }
        if !cur.isEmpty { segs.append(cur) }
        return segs
    }
    /// `IsAbsoluteUri` (always true: relative URIs are not modelled).
    public var isAbsoluteUri: Bool { true }
    /// `Uri.ToString()`: the canonical form with percent-escapes of safe characters decoded.
    public var description: String {
        let a = absoluteUri
        let keep: Set<UInt8> = Set(Array("%#?/".utf8))
        var out: [UInt8] = []
        let b = Array(a.utf8)
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = DotNetConvert.hexVal(b[i + 1]), let l = DotNetConvert.hexVal(b[i + 2]) {
                let v = h << 4 | l
                if v >= 0x20 && !keep.contains(v) { out.append(v); i += 3; continue }
            }
            out.append(b[i]); i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Uri.EscapeDataString(s)`: UTF-8, everything except RFC 3986 unreserved `A-Za-z0-9-._~` as `%XX` (uppercase).
    public static func escapeDataString(_ s: String?) throws -> String {
        guard let s else { throw DotNetException.argumentNull("stringToEscape") }
        var out: [UInt8] = []
        for c in s.utf8 {
            if unreserved.contains(c) { out.append(c) } else {
                out += [0x25, DotNetWebUtility.hexUpper[Int(c >> 4)], DotNetWebUtility.hexUpper[Int(c & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Uri.EscapeUriString(s)` (obsolete in .NET 6): keeps reserved characters too.
    public static func escapeUriString(_ s: String) -> String { escape(s, allowed: queryAllowed.union([0x23])) }

    /// `Uri.UnescapeDataString(s)`: decodes `%XX` sequences (as UTF-8); `+` is kept.
    public static func unescapeDataString(_ s: String?) throws -> String {
        guard let s else { throw DotNetException.argumentNull("stringToUnescape") }
        return DotNetWebUtility.percentDecode(Array(s.utf8), plusAsSpace: false)
    }
}
