import Crypto
import Foundation

/// `System.Uri` (absolute URIs).
public final class UriObject: DotNetObject, @unchecked Sendable {
    public let original: String
    let scheme: String
    let host: String
    let port: Int
    let path: String
    let query: String
    let fragment: String
    let userInfo: String
    public var typeName: String { "Uri" }

    /// Parses an absolute URI; UriFormatException otherwise.
    public init(parsing text: String) throws {
        let invalid = ExpressionRuntimeError("System.UriFormatException", "Invalid URI: The format of the URI could not be determined.")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed) ?? URLComponents(string: trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? ""),
              let scheme = components.scheme, !scheme.isEmpty else { throw invalid }
        let host = components.host ?? ""
        if ["http", "https", "ws", "wss", "ftp"].contains(scheme.lowercased()), host.isEmpty {
            throw ExpressionRuntimeError("System.UriFormatException", "Invalid URI: The hostname could not be parsed.")
        }
        self.original = text
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        let defaultPort: Int = switch self.scheme {
        case "http", "ws": 80
        case "https", "wss": 443
        case "ftp": 21
        default: -1
        }
        self.port = components.port ?? defaultPort
        let rawPath = components.percentEncodedPath
        self.path = rawPath.isEmpty && !host.isEmpty ? "/" : rawPath
        self.query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
        self.fragment = components.percentEncodedFragment.map { "#" + $0 } ?? ""
        self.userInfo = components.percentEncodedUser.map { $0 + (components.percentEncodedPassword.map { ":" + $0 } ?? "") } ?? ""
    }

    func resolving(_ relative: String) throws -> UriObject {
        guard let base = URL(string: absoluteUri), let resolved = URL(string: relative, relativeTo: base) else {
            throw ExpressionRuntimeError("System.UriFormatException", "Invalid URI: The format of the URI could not be determined.")
        }
        return try UriObject(parsing: resolved.absoluteString)
    }

    var isDefaultPort: Bool {
        switch scheme {
        case "http", "ws": port == 80
        case "https", "wss": port == 443
        default: port == -1
        }
    }

    var authority: String { isDefaultPort ? host : "\(host):\(port)" }

    var absoluteUri: String { "\(scheme)://\(userInfo.isEmpty ? "" : userInfo + "@")\(authority)\(path)\(query)\(fragment)" }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Scheme": .string(scheme)
        case "Host", "DnsSafeHost", "IdnHost": .string(host)
        case "Port": .int(Int32(port))
        case "AbsolutePath": .string(path)
        case "AbsoluteUri": .string(absoluteUri)
        case "PathAndQuery": .string(path + query)
        case "Query": .string(query)
        case "Fragment": .string(fragment)
        case "Authority": .string(authority)
        case "UserInfo": .string(userInfo)
        case "OriginalString": .string(original)
        case "IsAbsoluteUri": .bool(true)
        case "IsDefaultPort": .bool(isDefaultPort)
        case "LocalPath": .string(UrlCoding.urlDecode(path, plusIsSpace: false))
        case "Segments":
            .array(ArrayObject(segments.map { .string($0) }, elementType: "string"))
        default: nil
        }
    }

    private var segments: [String] {
        var result: [String] = []
        var current = ""
        for character in path {
            current.append(character)
            if character == "/" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("ToString", 0): .string(UrlCoding.urlDecode(absoluteUri, plusIsSpace: false))
        case ("GetLeftPart", 1):
            .string("\(scheme)://\(authority)" + ((arguments[0].dotNetString == "Path" || arguments[0].dotNetString == "Query") ? path : "") + (arguments[0].dotNetString == "Query" ? query : ""))
        default: nil
        }
    }

    public func dotNetString() -> String { absoluteUri }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        (other as? UriObject)?.absoluteUri == absoluteUri
    }
}

/// `System.Text.RegularExpressions.Regex` over Foundation's ICU engine. The .NET and ICU
/// dialects agree on the constructs policies use (classes, groups, named groups `(?<n>…)`,
/// lookarounds, anchors, lazy quantifiers); a match timeout is not modelled.
public final class RegexObject: DotNetObject, @unchecked Sendable {
    let regex: NSRegularExpression
    public let pattern: String
    public var typeName: String { "Regex" }

    public init(pattern: String, options: Value) throws {
        var flags: NSRegularExpression.Options = []
        if case .object(let object) = options, let value = object as? EnumValue {
            if value.rawValue & 1 != 0 { flags.insert(.caseInsensitive) }
            if value.rawValue & 2 != 0 { flags.insert(.anchorsMatchLines) }
            if value.rawValue & 16 != 0 { flags.insert(.dotMatchesLineSeparators) }
            if value.rawValue & 32 != 0 { flags.insert(.allowCommentsAndWhitespace) }
        }
        do {
            regex = try NSRegularExpression(pattern: RegexObject.translate(pattern), options: flags)
        } catch {
            throw ExpressionRuntimeError.argument("Invalid pattern '\(pattern)'.")
        }
        self.pattern = pattern
    }

    /// The pattern handed to ICU (the dotnet layer may refine .NET-only constructs).
    static func translate(_ pattern: String) -> String {
        pattern
    }

    static func callStatic(_ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        guard arguments.count >= 2 else {
            if name == "Escape", arguments.count == 1 {
                return .string(NSRegularExpression.escapedPattern(for: try Conversions.toStringArgument(arguments[0], "str")))
            }
            if name == "Unescape", arguments.count == 1 {
                return .string(try Conversions.toStringArgument(arguments[0], "str").replacingOccurrences(of: "\\", with: ""))
            }
            return nil
        }
        let input = try Conversions.toStringArgument(arguments[0], "input")
        let patternIndex = 1
        let pattern = try Conversions.toStringArgument(arguments[patternIndex], "pattern")
        var options: Value = .null
        var rest = Array(arguments.dropFirst(2))
        if name == "Replace", !rest.isEmpty {
            let replacement = rest.removeFirst()
            if let last = rest.last, case .object(let object) = last, object is EnumValue { options = last }
            let regex = try RegexObject(pattern: pattern, options: options)
            return try regex.call("Replace", [.string(input), replacement], typeArguments: [], in: evaluation)
        }
        if let last = rest.last, case .object(let object) = last, object is EnumValue { options = last }
        let regex = try RegexObject(pattern: pattern, options: options)
        return try regex.call(name, [.string(input)], typeArguments: [], in: evaluation)
    }

    func matches(_ input: String) -> [NSTextCheckingResult] {
        regex.matches(in: input, range: NSRange(location: 0, length: (input as NSString).length))
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        guard let first = arguments.first else { return nil }
        let input = try Conversions.toStringArgument(first, "input")
        switch name {
        case "IsMatch":
            return .bool(regex.firstMatch(in: input, range: NSRange(location: 0, length: (input as NSString).length)) != nil)
        case "Match":
            let result = regex.firstMatch(in: input, range: NSRange(location: 0, length: (input as NSString).length))
            return .object(MatchObject(result, input: input, regex: self))
        case "Matches":
            let all = matches(input)
            try evaluation.checkCount(all.count)
            return .object(MatchCollectionObject(all.map { MatchObject($0, input: input, regex: self) }))
        case "Replace":
            guard arguments.count >= 2 else { return nil }
            let range = NSRange(location: 0, length: (input as NSString).length)
            if case .function(let evaluator) = arguments[1] {
                var result = ""
                var last = 0
                let source = input as NSString
                for match in matches(input) {
                    result += source.substring(with: NSRange(location: last, length: match.range.location - last))
                    result += try evaluator.invoke([.object(MatchObject(match, input: input, regex: self))], in: evaluation).dotNetString
                    last = match.range.location + match.range.length
                }
                result += source.substring(from: last)
                return .string(result)
            }
            let replacement = try Conversions.toStringOrNull(arguments[1]) ?? ""
            // .NET `$1`, `${name}` and `$$` map to ICU's `$1`, `${name}` and `\$`.
            let template = replacement.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "$$", with: "\\$")
            let result = regex.stringByReplacingMatches(in: input, range: range, withTemplate: template)
            try evaluation.checkLength(result.utf8.count)
            return .string(result)
        case "Split":
            let source = input as NSString
            var pieces: [String] = []
            var last = 0
            for match in matches(input) {
                pieces.append(source.substring(with: NSRange(location: last, length: match.range.location - last)))
                for group in 1..<max(1, match.numberOfRanges) where match.range(at: group).location != NSNotFound {
                    pieces.append(source.substring(with: match.range(at: group)))
                }
                last = match.range.location + match.range.length
            }
            pieces.append(source.substring(from: last))
            return Conversions.stringArray(pieces)
        default:
            return nil
        }
    }

    public func dotNetString() -> String { pattern }
}

/// A regex `Match` (also used as a `Group` and `Capture`).
public final class MatchObject: DotNetObject, @unchecked Sendable {
    let result: NSTextCheckingResult?
    let input: String
    let regex: RegexObject
    let groupIndex: Int
    let groupName: String?
    public var typeName: String { groupIndex == 0 ? "Match" : "Group" }

    init(_ result: NSTextCheckingResult?, input: String, regex: RegexObject, groupIndex: Int = 0, groupName: String? = nil) {
        self.result = result
        self.input = input
        self.regex = regex
        self.groupIndex = groupIndex
        self.groupName = groupName
    }

    private var range: NSRange? {
        guard let result else { return nil }
        let range = groupName.map { result.range(withName: $0) } ?? (groupIndex < result.numberOfRanges ? result.range(at: groupIndex) : NSRange(location: NSNotFound, length: 0))
        return range.location == NSNotFound ? nil : range
    }

    var value: String { range.map { (input as NSString).substring(with: $0) } ?? "" }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Success": return .bool(range != nil)
        case "Value": return .string(value)
        case "Index": return .int(Int32(range?.location ?? 0))
        case "Length": return .int(Int32(range?.length ?? 0))
        case "Name": return .string(groupName ?? String(groupIndex))
        case "Groups": return .object(GroupCollectionObject(self))
        case "Captures": return .object(MatchCollectionObject(range == nil ? [] : [self]))
        default: return nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("NextMatch", 0):
            guard let result else { return .object(self) }
            let start = result.range.location + max(1, result.range.length)
            let length = (input as NSString).length
            guard start <= length else { return .object(MatchObject(nil, input: input, regex: regex)) }
            let next = regex.regex.firstMatch(in: input, range: NSRange(location: start, length: length - start))
            return .object(MatchObject(next, input: input, regex: regex))
        case ("ToString", 0): return .string(value)
        case ("Result", 1):
            guard let result else { return .string("") }
            let template = try Conversions.toStringArgument(arguments[0], "replacement")
            return .string(regex.regex.replacementString(for: result, in: input, offset: 0, template: template))
        default: return nil
        }
    }

    public func dotNetString() -> String { value }

    /// The groups of the match, for `Groups[i]` / `Groups["name"]`.
    func group(_ key: Value) -> MatchObject {
        if case .string(let name) = key {
            if let number = Int(name) { return MatchObject(result, input: input, regex: regex, groupIndex: number) }
            return MatchObject(result, input: input, regex: regex, groupIndex: -1, groupName: name)
        }
        let index = (try? Conversions.toInt(key)) ?? -1
        return MatchObject(result, input: input, regex: regex, groupIndex: index)
    }
}

/// `Match.Groups`.
public final class GroupCollectionObject: DotNetObject, @unchecked Sendable {
    let match: MatchObject
    public var typeName: String { "GroupCollection" }

    init(_ match: MatchObject) { self.match = match }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        name == "Count" ? .int(Int32(match.result?.numberOfRanges ?? match.regex.regex.numberOfCaptureGroups + 1)) : nil
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        return .object(match.group(arguments[0]))
    }

    public func enumerated() -> [Value]? {
        let count = match.result?.numberOfRanges ?? 0
        return (0..<count).map { .object(match.group(.int(Int32($0)))) }
    }
}

/// `Regex.Matches` result.
public final class MatchCollectionObject: DotNetObject, @unchecked Sendable {
    let matches: [MatchObject]
    public var typeName: String { "MatchCollection" }

    init(_ matches: [MatchObject]) { self.matches = matches }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        name == "Count" ? .int(Int32(matches.count)) : nil
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        let index = try Conversions.toInt(arguments[0])
        guard index >= 0, index < matches.count else {
            throw ExpressionRuntimeError.argumentOutOfRange("i", "Specified argument was out of the range of valid values.")
        }
        return .object(matches[index])
    }

    public func enumerated() -> [Value]? { matches.map { .object($0) } }
}

/// `SHA256.Create()`, `new HMACSHA256(key)` and the other hash and HMAC classes (swift-crypto).
public final class HashAlgorithmObject: DotNetObject, @unchecked Sendable {
    public let algorithm: String
    public var key: [UInt8]?
    public var lastHash: [UInt8]?
    public var typeName: String { algorithm }

    init(algorithm: String, key: [UInt8]?) {
        self.algorithm = algorithm
        self.key = key
    }

    static func make(_ type: String, _ arguments: [Value]) throws -> HashAlgorithmObject? {
        switch type {
        case "SHA1", "SHA256", "SHA384", "SHA512", "MD5":
            return HashAlgorithmObject(algorithm: type, key: nil)
        case "HMACSHA1", "HMACSHA256", "HMACSHA384", "HMACSHA512", "HMACMD5":
            let key = arguments.isEmpty ? Array(repeating: UInt8(0), count: 64) : try Conversions.toBytes(arguments[0], "key")
            return HashAlgorithmObject(algorithm: type, key: key)
        default:
            return nil
        }
    }

    static func hash(_ algorithm: String, data: [UInt8], key: [UInt8]?) throws -> [UInt8] {
        func hmac<H: HashFunction>(_ type: H.Type, _ key: [UInt8]) -> [UInt8] {
            Array(HMAC<H>.authenticationCode(for: data, using: SymmetricKey(data: key)))
        }
        switch algorithm {
        case "SHA1": return Array(Insecure.SHA1.hash(data: data))
        case "SHA256": return Array(SHA256.hash(data: data))
        case "SHA384": return Array(SHA384.hash(data: data))
        case "SHA512": return Array(SHA512.hash(data: data))
        case "MD5": return Array(Insecure.MD5.hash(data: data))
        case "HMACSHA1": return hmac(Insecure.SHA1.self, key ?? [])
        case "HMACSHA256": return hmac(SHA256.self, key ?? [])
        case "HMACSHA384": return hmac(SHA384.self, key ?? [])
        case "HMACSHA512": return hmac(SHA512.self, key ?? [])
        case "HMACMD5": return hmac(Insecure.MD5.self, key ?? [])
        default: throw ExpressionRuntimeError.unsupported("hash algorithm '\(algorithm)'")
        }
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Key": return key.map(Conversions.byteArray) ?? .null
        case "Hash": return lastHash.map(Conversions.byteArray) ?? .null
        case "HashSize":
            let sizes = ["SHA1": 160, "SHA256": 256, "SHA384": 384, "SHA512": 512, "MD5": 128]
            let base = algorithm.hasPrefix("HMAC") ? String(algorithm.dropFirst(4)) : algorithm
            return .int(Int32(sizes[base] ?? 0))
        default: return nil
        }
    }

    public func setProperty(_ name: String, _ value: Value, in evaluation: Evaluation) throws -> Bool {
        guard name == "Key", key != nil else { return false }
        key = try Conversions.toBytes(value, "value")
        return true
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("ComputeHash", 1):
            let hash = try HashAlgorithmObject.hash(algorithm, data: try Conversions.toBytes(arguments[0], "buffer"), key: key)
            lastHash = hash
            return Conversions.byteArray(hash)
        case ("ComputeHash", 3):
            let bytes = try Conversions.toBytes(arguments[0], "buffer")
            let offset = try Conversions.toInt(arguments[1]), count = try Conversions.toInt(arguments[2])
            guard offset >= 0, count >= 0, offset + count <= bytes.count else { throw ExpressionRuntimeError.argument("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.") }
            let hash = try HashAlgorithmObject.hash(algorithm, data: Array(bytes[offset..<(offset + count)]), key: key)
            lastHash = hash
            return Conversions.byteArray(hash)
        case ("Dispose", 0), ("Clear", 0), ("Initialize", 0):
            return .null
        default:
            return nil
        }
    }
}
