import Crypto
import DotNet
import Foundation

/// `System.Uri` (absolute URIs), over `DotNet/DotNetUri`.
public final class UriObject: DotNetObject, @unchecked Sendable {
    public let uri: DotNetUri
    public var typeName: String { "Uri" }

    /// Parses an absolute URI; UriFormatException otherwise.
    public init(parsing text: String) throws {
        uri = try DotNetBridge.run { try DotNetUri(text) }
    }

    func resolving(_ relative: String) throws -> UriObject {
        guard let base = URL(string: uri.absoluteUri), let resolved = URL(string: relative, relativeTo: base) else {
            throw ExpressionRuntimeError("System.UriFormatException", "Invalid URI: The format of the URI could not be determined.")
        }
        return try UriObject(parsing: resolved.absoluteString)
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Scheme": .string(uri.scheme)
        case "Host", "DnsSafeHost", "IdnHost": .string(uri.host)
        case "Port": .int(Int32(clamping: uri.port))
        case "AbsolutePath": .string(uri.absolutePath)
        case "AbsoluteUri": .string(uri.absoluteUri)
        case "PathAndQuery": .string(uri.pathAndQuery)
        case "Query": .string(uri.query)
        case "Fragment": .string(uri.fragment)
        case "Authority": .string(uri.authority)
        case "UserInfo": .string(uri.userInfo)
        case "OriginalString": .string(uri.originalString)
        case "IsAbsoluteUri": .bool(uri.isAbsoluteUri)
        case "IsDefaultPort": .bool(uri.isDefaultPort)
        case "LocalPath": .string((try? DotNetUri.unescapeDataString(uri.absolutePath)) ?? uri.absolutePath)
        case "Segments": Conversions.stringArray(uri.segments)
        case "IsFile": .bool(uri.scheme == "file")
        case "IsUnc": .bool(false)
        case "IsLoopback": .bool(["localhost", "127.0.0.1", "[::1]"].contains(uri.host) || uri.host.hasPrefix("127."))
        case "UserEscaped": .bool(false)
        default: nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("ToString", 0): return .string(uri.description)
        case ("GetLeftPart", 1):
            // UriPartial: Scheme 0, Authority 1, Path 2, Query 3.
            guard case .object(let object) = arguments[0], let part = object as? EnumValue, part.enumType == "UriPartial" else {
                throw ExpressionRuntimeError("System.ArgumentException", "The part argument must be a UriPartial value. (Parameter 'part')")
            }
            let scheme = uri.scheme + (uri.isAbsoluteUri && uri.authority.isEmpty ? ":" : "://")
            let authority = scheme + (uri.userInfo.isEmpty ? "" : uri.userInfo + "@") + uri.authority
            switch part.rawValue {
            case 0: return .string(scheme)
            case 1: return .string(authority)
            case 2: return .string(authority + uri.absolutePath)
            default: return .string(authority + uri.absolutePath + uri.query)
            }
        case ("IsBaseOf", 1):
            guard case .object(let object) = arguments[0], let other = object as? UriObject else { return .bool(false) }
            let base = uri.scheme + "://" + uri.authority
            let otherBase = other.uri.scheme + "://" + other.uri.authority
            guard base == otherBase else { return .bool(false) }
            let directory = uri.absolutePath.hasSuffix("/") ? uri.absolutePath : String(uri.absolutePath[..<(uri.absolutePath.lastIndex(of: "/").map { uri.absolutePath.index(after: $0) } ?? uri.absolutePath.endIndex)])
            return .bool(other.uri.absolutePath.hasPrefix(directory))
        case ("IsWellFormedOriginalString", 0): return .bool(!uri.originalString.contains(" ") && uri.originalString == uri.originalString.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public func dotNetString() -> String { uri.description }

    public func dotNetEquals(_ other: any DotNetObject) -> Bool {
        (other as? UriObject)?.uri.absoluteUri == uri.absoluteUri
    }
}

/// `System.Text.RegularExpressions.Regex`, over the .NET-dialect translation of `DotNet/DotNetRegex`
/// (ICU engine, .NET group numbering and replacement patterns, bounded match time).
public final class RegexObject: DotNetObject, @unchecked Sendable {
    let regex: DotNetRegex
    public var typeName: String { "Regex" }

    public init(pattern: String, options: Value, matchTimeout: Value = .null) throws {
        var flags: DotNetRegexOptions = []
        if case .object(let object) = options, let value = object as? EnumValue { flags = DotNetRegexOptions(rawValue: value.rawValue) }
        let timeout = try RegexObject.timeout(matchTimeout)
        regex = try DotNetBridge.run { try DotNetRegex(pattern, options: flags, matchTimeout: timeout) }
    }

    /// `Regex.InfiniteMatchTimeout` (-1 ms), as .NET defines it.
    static let infiniteTimeoutTicks: Int64 = -10_000

    /// A `matchTimeout` argument: nil for none or `InfiniteMatchTimeout`; .NET's
    /// ArgumentOutOfRangeException for zero, negative or longer than Int32.MaxValue milliseconds.
    static func timeout(_ value: Value) throws -> Duration? {
        switch value {
        case .null: return nil
        case .timeSpan(let ticks):
            if ticks == infiniteTimeoutTicks { return nil }
            guard ticks > 0, ticks / 10_000 <= Int64(Int32.max) - 1 else {
                throw ExpressionRuntimeError.argumentOutOfRange("matchTimeout", "Specified argument was out of the range of valid values.")
            }
            return .nanoseconds(ticks * 100)
        default:
            throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "TimeSpan")
        }
    }

    static func callStatic(_ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        if arguments.count == 1 {
            let text = try Conversions.toStringArgument(arguments[0], "str")
            switch name {
            case "Escape": return .string(DotNetRegex.escape(text))
            case "Unescape": return .string(DotNetRegex.unescape(text))
            default: return nil
            }
        }
        guard arguments.count >= 2 else { return nil }
        let input = arguments[0]
        let pattern = try Conversions.toStringArgument(arguments[1], "pattern")
        var rest = Array(arguments.dropFirst(2))
        var options: Value = .null
        var matchTimeout: Value = .null
        // (…, RegexOptions options, TimeSpan matchTimeout): the timeout only follows options.
        if rest.count >= 2, case .timeSpan = rest[rest.count - 1], case .object(let object) = rest[rest.count - 2], object is EnumValue {
            matchTimeout = rest.removeLast()
        }
        if let last = rest.last, case .object(let object) = last, object is EnumValue { options = rest.removeLast() }
        let regex = try RegexObject(pattern: pattern, options: options, matchTimeout: matchTimeout)
        return try regex.call(name, [input] + rest, typeArguments: [], in: evaluation)
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Options": .object(EnumValue("RegexOptions", String(regex.options.rawValue), regex.options.rawValue))
        case "MatchTimeout": .timeSpan(regex.matchTimeout.components.seconds * 10_000_000 + regex.matchTimeout.components.attoseconds / 100_000_000_000)
        default: nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        guard let first = arguments.first else {
            if name == "GetGroupNames" { return Conversions.stringArray(regex.groupNames) }
            return nil
        }
        let input = try Conversions.toStringArgument(first, "input")
        // A match reads its input once per pattern position it tries: input × pattern length.
        try evaluation.charge(utf8: input.utf8.count * max(1, regex.pattern.utf8.count) / 16)
        // A match may take up to its timeout without taking a step: the expression's clock is
        // looked at before it (an expression out of time stops here), and the match gets no more
        // than the time the expression has left, so a timeout caught in a loop cannot go on.
        try evaluation.checkTime()
        let left = evaluation.timeLeft()
        let regex = left < self.regex.matchTimeout ? DotNetRegex(self.regex, matchTimeout: left) : self.regex
        let result = try match(regex, name, input, arguments, evaluation)
        try evaluation.checkTime()
        return result
    }

    private func match(_ regex: DotNetRegex, _ name: String, _ input: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("IsMatch", 1):
            return .bool(try DotNetBridge.run { try regex.isMatch(input) })
        case ("Match", 1), ("Match", 2):
            let start = arguments.count == 2 ? try Conversions.toInt(arguments[1]) : 0
            let match = try DotNetBridge.run { try regex.match(input, startAt: start) }
            return .object(MatchObject(match, input: input, regex: self))
        case ("Matches", 1):
            let all = try DotNetBridge.run { try regex.matches(input) }
            try evaluation.checkCount(all.count)
            return .object(MatchCollectionObject(all.map { MatchObject($0, input: input, regex: self) }))
        case ("Replace", 2), ("Replace", 3):
            let count = arguments.count == 3 ? try Conversions.toInt(arguments[2]) : -1
            let result: String
            if case .function(let evaluator) = arguments[1] {
                result = try DotNetBridge.run {
                    try regex.replace(input, count: count) { match in
                        try evaluator.invoke([.object(MatchObject(match, input: input, regex: self))], in: evaluation).dotNetString
                    }
                }
            } else {
                let replacement = try Conversions.toStringOrNull(arguments[1]) ?? ""
                result = try DotNetBridge.run { try regex.replace(input, replacement, count: count) }
            }
            try evaluation.checkLength(result.utf16.count)
            return .string(result)
        case ("Split", 1):
            return Conversions.stringArray(try DotNetBridge.run { try regex.split(input) })
        default:
            return nil
        }
    }

    public func dotNetString() -> String { regex.pattern }
}

/// A regex `Match`, or one of its `Group`s (`group` set).
public final class MatchObject: DotNetObject, @unchecked Sendable {
    let match: DotNetRegexMatch
    let group: DotNetRegexGroup?
    let input: String
    let regex: RegexObject
    public var typeName: String { group == nil ? "Match" : "Group" }

    init(_ match: DotNetRegexMatch, group: DotNetRegexGroup? = nil, input: String, regex: RegexObject) {
        self.match = match
        self.group = group
        self.input = input
        self.regex = regex
    }

    private var success: Bool { group?.success ?? match.success }
    var value: String { group?.value ?? match.value }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Success": return .bool(success)
        case "Value": return .string(value)
        case "Index": return .int(Int32(clamping: group?.index ?? match.index))
        case "Length": return .int(Int32(clamping: group?.length ?? match.length))
        case "Name": return .string(group?.name ?? "0")
        case "Groups" where group == nil: return .object(GroupCollectionObject(self))
        case "Captures": return .object(MatchCollectionObject(success ? [self] : []))
        default: return nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("NextMatch", 0) where group == nil:
            try evaluation.checkTime()
            let left = evaluation.timeLeft()
            let engine = left < regex.regex.matchTimeout ? DotNetRegex(regex.regex, matchTimeout: left) : regex.regex
            let next = try DotNetBridge.run { try engine.nextMatch(after: match, in: input) }
            try evaluation.checkTime()
            return .object(MatchObject(next, input: input, regex: regex))
        case ("ToString", 0):
            return .string(value)
        default:
            return nil
        }
    }

    public func dotNetString() -> String { value }

    /// `Groups[i]` / `Groups["name"]`.
    func group(_ key: Value) throws -> MatchObject {
        if case .string(let name) = key { return MatchObject(match, group: match.group(name), input: input, regex: regex) }
        return MatchObject(match, group: match.group(try Conversions.toInt(key)), input: input, regex: regex)
    }
}

/// `Match.Groups`.
public final class GroupCollectionObject: DotNetObject, @unchecked Sendable {
    let owner: MatchObject
    public var typeName: String { "GroupCollection" }

    init(_ owner: MatchObject) { self.owner = owner }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        name == "Count" ? .int(Int32(clamping: owner.match.groups.count)) : nil
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        return .object(try owner.group(arguments[0]))
    }

    public func enumerated() -> [Value]? {
        owner.match.groups.map { .object(MatchObject(owner.match, group: $0, input: owner.input, regex: owner.regex)) }
    }
}

/// `Regex.Matches` result.
public final class MatchCollectionObject: DotNetObject, @unchecked Sendable {
    let matches: [MatchObject]
    public var typeName: String { "MatchCollection" }

    init(_ matches: [MatchObject]) { self.matches = matches }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        name == "Count" ? .int(Int32(clamping: matches.count)) : nil
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
