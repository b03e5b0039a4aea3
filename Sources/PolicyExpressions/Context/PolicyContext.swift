import Foundation
import PolicySource

/// The `context` object of a policy expression (APIM's `IProxyRequestContext`). The interpreter
/// creates one per request, fills it in and mutates it as policies run; expressions read it.
///
/// Not thread-safe: one request is processed by one thread at a time.
public final class PolicyContext: DotNetObject, @unchecked Sendable {
    /// `context.Request`.
    public var request: RequestData
    /// `context.Response`: what the backend (or a policy) produced so far.
    public var response: ResponseData
    /// `context.Variables`, written by `set-variable`.
    public var variables: VariableStore
    /// Set once an error has been raised (`context.LastError`); nil before.
    public var lastError: LastErrorData?
    /// `context.RequestId`.
    public var requestId: GuidValue
    /// When the request arrived (`context.Timestamp`), on the virtual clock.
    public var timestamp: DateTimeValue
    /// The virtual clock's current time (`DateTime.UtcNow`, `DateTimeOffset.UtcNow`).
    public var now: DateTimeValue
    /// `context.Elapsed`: virtual time since `timestamp`, in ticks. Derived from `now` unless set.
    public var elapsedTicks: Int64?
    /// `context.Api`, `Operation`, `Product`, `Subscription`, `User`, `Workspace`: null in
    /// expressions while nil here.
    public var api: ApiData?
    public var operation: OperationData?
    public var product: ProductData?
    public var subscription: SubscriptionData?
    public var user: UserData?
    public var workspace: WorkspaceData?
    /// `context.Deployment`.
    public var deployment: DeploymentData
    /// `context.Tracing`: whether tracing is on for this request.
    public var tracing: Bool
    /// Receives `context.Trace(message)` calls.
    public var traceSink: (@Sendable (String) -> Void)?
    /// Source of every random draw (`Guid.NewGuid()`, `new Random()`).
    public var random: SeededRandom

    public var typeName: String { "IProxyRequestContext" }

    public init(
        request: RequestData = RequestData(),
        response: ResponseData = ResponseData(),
        variables: VariableStore = VariableStore(),
        timestamp: DateTimeValue = DateTimeValue(ticks: Ticks.unixEpoch + 1_767_225_600 * Ticks.perSecond),
        requestId: GuidValue? = nil,
        deployment: DeploymentData = DeploymentData(),
        random: SeededRandom = SeededRandom(seed: 0)
    ) {
        self.request = request
        self.response = response
        self.variables = variables
        self.timestamp = timestamp
        self.now = timestamp
        var generator = random
        self.requestId = requestId ?? GuidValue.random(using: &generator)
        self.random = generator
        self.deployment = deployment
        self.tracing = false
    }

    /// The member names of `context`, for the checker.
    public static let memberNames: [String] = [
        "Api", "Deployment", "Elapsed", "LastError", "Operation", "Product", "Request", "RequestId", "Response",
        "Subscription", "Timestamp", "Tracing", "User", "Variables", "Workspace", "Trace",
    ]

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Response": return .object(response)
        case "Request": return .object(request)
        case "Variables": return .object(variables)
        case "LastError": return lastError.map { .object(RecordObject("ILastError", $0.fields)) } ?? .null
        case "RequestId": return .guid(requestId)
        case "Timestamp": return .dateTime(timestamp)
        case "Elapsed": return .timeSpan(elapsedTicks ?? max(0, now.ticks - timestamp.ticks))
        case "Api": return api.map { .object(RecordObject("IApi", $0.fields)) } ?? .null
        case "Operation": return operation.map { .object(RecordObject("IOperation", $0.fields)) } ?? .null
        case "Product": return product.map { .object(RecordObject("IProduct", $0.fields)) } ?? .null
        case "Subscription": return subscription.map { .object(RecordObject("ISubscription", $0.fields)) } ?? .null
        case "User": return user.map { .object(RecordObject("IUser", $0.fields)) } ?? .null
        case "Deployment": return .object(RecordObject("IDeployment", deployment.fields))
        case "Workspace": return workspace.map { .object(RecordObject("IWorkspace", $0.fields)) } ?? .null
        case "Tracing": return .bool(tracing)
        default: return nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        guard name == "Trace", (1...2).contains(arguments.count) else { return nil }
        traceSink?(arguments[arguments.count - 1].dotNetString)
        return .null
    }
}

/// A read-only object of the context model (`IApi`, `IUser`, `ILastError`, …): named fields.
public final class RecordObject: DotNetObject, @unchecked Sendable {
    public let typeName: String
    let fields: [String: Value]

    public init(_ typeName: String, _ fields: [String: Value]) {
        self.typeName = typeName
        self.fields = fields
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? { fields[name] }
}

func stringOrNull(_ text: String?) -> Value { text.map { .string($0) } ?? .null }

/// `context.Request`.
public final class RequestData: DotNetObject, @unchecked Sendable {
    public var method: String
    public var url: RequestUrl {
        didSet { urlChanges &+= 1 }
    }
    /// How many times `url` was set since the request arrived (0: it is still `originalUrl`).
    public private(set) var urlChanges = 0
    /// The URL as the client sent it, before rewrite-uri (`OriginalUrl`).
    public var originalUrl: RequestUrl
    public var headers: HeaderDictionary
    public var body: MessageBody?
    public var ipAddress: String
    public var matchedParameters: [(String, String)]
    /// `Certificate`: the client certificate (an X509Certificate2-like object), or nil.
    public var certificate: (any DotNetObject)?
    public var typeName: String { "IRequest" }

    public init(method: String = "GET", url: RequestUrl = RequestUrl(), headers: HeaderDictionary = HeaderDictionary(), body: MessageBody? = nil, ipAddress: String = "127.0.0.1", matchedParameters: [(String, String)] = []) {
        self.method = method
        self.url = url
        self.originalUrl = url
        self.headers = headers
        self.body = body
        self.ipAddress = ipAddress
        self.matchedParameters = matchedParameters
    }

    /// The request arrived anew (see `recycle`): `url` counts as unchanged again.
    func resetURLChanges() { urlChanges = 0 }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Method": .string(method)
        case "Url": .object(UrlObject(url))
        case "OriginalUrl": .object(UrlObject(originalUrl))
        case "Headers": .object(headers)
        case "Body": body.map { .object($0) } ?? .null
        case "IpAddress": .string(ipAddress)
        case "MatchedParameters": .object(StringMapObject(matchedParameters))
        case "Certificate": certificate.map { .object($0) } ?? .null
        case "PrivateEndpointConnection": .null
        default: nil
        }
    }
}

/// `context.Response`.
public final class ResponseData: DotNetObject, @unchecked Sendable {
    public var statusCode: Int32
    public var statusReason: String
    public var headers: HeaderDictionary
    public var body: MessageBody?
    /// A body of an earlier answer, kept for the next one (see `recycle`).
    var spareBody: MessageBody?
    public var typeName: String { "IResponse" }

    public init(statusCode: Int32 = 200, statusReason: String = "OK", headers: HeaderDictionary = HeaderDictionary(), body: MessageBody? = nil) {
        self.statusCode = statusCode
        self.statusReason = statusReason
        self.headers = headers
        self.body = body
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "StatusCode": .int(statusCode)
        case "StatusReason": .string(statusReason)
        case "Headers": .object(headers)
        case "Body": body.map { .object($0) } ?? .null
        default: nil
        }
    }
}

/// A request URL (`IUrl`): scheme, host, port, path and ordered query parameters.
public struct RequestUrl: Sendable {
    public var scheme: String
    public var host: String
    public var port: Int
    public var path: String
    public var query: [(String, [String])]

    public init(scheme: String = "https", host: String = "localhost", port: Int? = nil, path: String = "/", query: [(String, [String])] = []) {
        self.scheme = scheme
        self.host = host
        self.port = port ?? (scheme == "http" ? 80 : 443)
        self.path = path
        self.query = query
    }

    /// Parses an absolute URL; query values are percent-decoded.
    public init?(parsing text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme, let host = components.host else { return nil }
        var query: [(String, [String])] = []
        for item in components.percentEncodedQueryItems ?? [] {
            let name = UrlCoding.urlDecode(item.name, plusIsSpace: true)
            let value = UrlCoding.urlDecode(item.value ?? "", plusIsSpace: true)
            if let index = query.firstIndex(where: { ordinalIgnoreCaseEquals($0.0, name) }) {
                query[index].1.append(value)
            } else {
                query.append((name, [value]))
            }
        }
        self.init(scheme: scheme.lowercased(), host: host, port: components.port, path: components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath, query: query)
    }

    /// `QueryString`: `?a=1&b=2` (empty when there is no query), values escaped.
    public var queryString: String {
        var result = ""
        for (name, values) in query {
            let escapedName = UrlCoding.escapeUnreserved(name)
            for value in values {
                result += result.isEmpty ? "?" : "&"
                result += escapedName
                result += "="
                result += UrlCoding.escapeUnreserved(value)
            }
        }
        return result
    }

    /// `ToString()`: the absolute URL.
    public var absoluteString: String {
        let defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443)
        var result = scheme
        result += "://"
        result += host
        if !defaultPort { result += ":" + String(port) }
        result += path
        result += queryString
        return result
    }
}

/// `IUrl`.
public final class UrlObject: DotNetObject, @unchecked Sendable {
    public let url: RequestUrl
    public var typeName: String { "IUrl" }

    public init(_ url: RequestUrl) { self.url = url }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Scheme": return .string(url.scheme)
        case "Host": return .string(url.host)
        case "Port": return .int(Int32(clamping: url.port))
        case "Path": return .string(url.path)
        case "QueryString": return .string(url.queryString)
        case "Query":
            return .object(StringValuesObject.query(url.query))
        default: return nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("ToUri", 0): return .object(try UriObject(parsing: url.absoluteString))
        case ("ToString", 0): return .string(url.absoluteString)
        default: return nil
        }
    }

    public func dotNetString() -> String { url.absoluteString }
}

/// `IUrl.Query` and `Jwt.Claims`: a read-only dictionary of string[] with APIM's
/// `GetValueOrDefault(name, default)` returning the values joined by commas.
public final class StringValuesObject: DotNetObject, @unchecked Sendable {
    let dictionary: DictionaryObject
    /// The parameter a key that is no string is reported as.
    let keyParameter: String
    /// The argument counts `GetValueOrDefault` answers; others go to the dictionary's own members.
    let getValueOrDefaultArguments: ClosedRange<Int>
    public var typeName: String { "IReadOnlyDictionary`2" }

    init(_ entries: [(String, [String])], ignoreCase: Bool, keyParameter: String, getValueOrDefaultArguments: ClosedRange<Int>) {
        dictionary = DictionaryObject(ignoreCase: ignoreCase, typeName: "IReadOnlyDictionary`2", isReadOnly: true)
        for (name, values) in entries { dictionary.set(.string(name), Conversions.stringArray(values)) }
        self.keyParameter = keyParameter
        self.getValueOrDefaultArguments = getValueOrDefaultArguments
    }

    /// `IUrl.Query`: names compared case-insensitively; `GetValueOrDefault(name, default)`.
    static func query(_ query: [(String, [String])]) -> StringValuesObject {
        StringValuesObject(query, ignoreCase: true, keyParameter: "name", getValueOrDefaultArguments: 1...Int.max)
    }

    /// `Jwt.Claims`: claim names compared as written; `GetValueOrDefault(claimName, default)`.
    static func claims(_ claims: [(String, [String])]) -> StringValuesObject {
        StringValuesObject(claims, ignoreCase: false, keyParameter: "claimName", getValueOrDefaultArguments: 1...2)
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        try Library.property(.dictionary(dictionary), name, evaluation)
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        if name == "GetValueOrDefault", getValueOrDefaultArguments.contains(arguments.count) {
            let key = try Conversions.toStringArgument(arguments[0], keyParameter)
            if let values = dictionary.get(.string(key)), let items = values.elements {
                return .string(items.map(\.dotNetString).joined(separator: ","))
            }
            return arguments.count > 1 ? arguments[1] : .null
        }
        return try CollectionMembers.call(.dictionary(dictionary), name, arguments, typeArguments, evaluation)
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        try Library.index(.dictionary(dictionary), arguments, evaluation)
    }

    public func enumerated() -> [Value]? { dictionary.pairs }
}

/// `MatchedParameters`: a read-only string → string dictionary.
public final class StringMapObject: DotNetObject, @unchecked Sendable {
    let dictionary: DictionaryObject
    public var typeName: String { "IReadOnlyDictionary`2" }

    init(_ pairs: [(String, String)]) {
        dictionary = DictionaryObject(ignoreCase: true, typeName: "IReadOnlyDictionary`2", isReadOnly: true)
        for (name, value) in pairs { dictionary.set(.string(name), .string(value)) }
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        try Library.property(.dictionary(dictionary), name, evaluation)
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        try CollectionMembers.call(.dictionary(dictionary), name, arguments, typeArguments, evaluation)
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        try Library.index(.dictionary(dictionary), arguments, evaluation)
    }

    public func enumerated() -> [Value]? { dictionary.pairs }
}

/// HTTP headers: ordered, names compared case-insensitively, several values per name
/// (`IReadOnlyDictionary<string, string[]>` in expressions).
/// One header of a `HeaderDictionary`: its first spelling and its values.
public struct HeaderEntry: Sendable {
    public var name: String
    public var values: [String]
}

public final class HeaderDictionary: DotNetObject, @unchecked Sendable {
    public private(set) var entries: [HeaderEntry]
    public var typeName: String { "IReadOnlyDictionary`2" }

    public init(_ entries: [(String, [String])] = []) {
        self.entries = []
        if !entries.isEmpty { self.entries.reserveCapacity(entries.count + 3) }
        for (name, values) in entries { append(name, values) }
    }

    /// Positions by case-folded name, once there are more than `indexedFrom` headers (nil below
    /// that: a scan of a few names is cheaper than hashing). Keeps a request with 100,000 headers
    /// linear instead of quadratic (Docs/limits.md).
    private var lookup: [[UInt16]: Int]?
    static let indexedFrom = 16

    /// The name as `OrdinalIgnoreCase` compares it: each UTF-16 unit upper-cased invariantly.
    static func folded(_ name: String) -> [UInt16] { name.utf16.map(upperInvariant) }

    /// Adds a new entry; the first one makes room for a few (policies add headers one by one).
    private func add(_ name: String, _ values: [String]) {
        if entries.capacity == 0 { entries.reserveCapacity(4) }
        entries.append(HeaderEntry(name: name, values: values))
        if lookup != nil { lookup![Self.folded(name)] = entries.count - 1 }
    }

    private func position(_ name: String) -> Int? {
        if entries.count <= Self.indexedFrom { return entries.firstIndex { ordinalIgnoreCaseEquals($0.name, name) } }
        if lookup == nil {
            var built: [[UInt16]: Int] = [:]
            built.reserveCapacity(entries.count)
            for (index, entry) in entries.enumerated() where built[Self.folded(entry.name)] == nil { built[Self.folded(entry.name)] = index }
            lookup = built
        }
        return lookup![Self.folded(name)]
    }

    /// The values of a header, nil when absent.
    public func values(_ name: String) -> [String]? { position(name).map { entries[$0].values } }

    /// Replaces a header's values (keeps its position and first spelling).
    public func set(_ name: String, _ values: [String]) {
        apply(existsAction: "override", name, values)
    }

    /// Adds values to a header.
    public func append(_ name: String, _ values: [String]) {
        apply(existsAction: "append", name, values)
    }

    /// set-header's `exists-action`: `override` (any other text), `skip`, `append` or `delete`,
    /// with one lookup of the name. Returns whether the header existed before.
    @discardableResult
    public func apply(existsAction action: String, _ name: String, _ values: [String]) -> Bool {
        let index = position(name)
        switch action {
        case "delete": if index != nil { remove(name) }
        case "skip": if index == nil { add(name, values) }
        case "append": if let index { entries[index].values += values } else { add(name, values) }
        default: if let index { entries[index].values = values } else { add(name, values) }
        }
        return index != nil
    }

    /// Replaces every header with `count` one-value headers, the i-th read from `header(i)`
    /// (repeated names append, as `init` does). The entries are overwritten in place: a request
    /// that sends the headers of the one before costs no allocation.
    public func replaceAll(count: Int, _ header: (Int) -> (name: String, value: String)) {
        lookup = nil
        var seen: [[UInt16]: Int]? = count > Self.indexedFrom ? [:] : nil
        var used = 0
        for index in 0..<count {
            let (name, value) = header(index)
            let earlier: Int?
            if seen != nil {
                let key = Self.folded(name)
                earlier = seen![key]
                if earlier == nil { seen![key] = used }
            } else {
                earlier = entries[..<used].firstIndex(where: { ordinalIgnoreCaseEquals($0.name, name) })
            }
            if let earlier {
                entries[earlier].values.append(value)
                continue
            }
            if used < entries.count {
                entries[used].name = name
                if entries[used].values.count == 1 {
                    entries[used].values[0] = value
                } else {
                    entries[used].values = [value]
                }
            } else {
                add(name, [value])
            }
            used += 1
        }
        while entries.count > used { entries.removeLast() }
        lookup = seen
    }

    /// Removes a header (all its values).
    public func remove(_ name: String) {
        entries.removeAll { ordinalIgnoreCaseEquals($0.name, name) }
        lookup = nil
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Count": .int(Int32(entries.count))
        case "Keys": .list(ListObject(entries.map { .string($0.name) }, elementType: "string"))
        case "Values": .list(ListObject(entries.map { Conversions.stringArray($0.values) }, elementType: "string[]"))
        default: nil
        }
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("GetValueOrDefault", 1), ("GetValueOrDefault", 2):
            let key = try Conversions.toStringArgument(arguments[0], "headerName")
            if let values = values(key) { return .string(values.joined(separator: ",")) }
            return arguments.count == 2 ? arguments[1] : .null
        case ("ContainsKey", 1):
            return .bool(values(try Conversions.toStringArgument(arguments[0], "key")) != nil)
        case ("TryGetValue", 2):
            let found = values(try Conversions.toStringArgument(arguments[0], "key"))
            evaluation.outValues = [found.map(Conversions.stringArray) ?? .null]
            return .bool(found != nil)
        default:
            return nil
        }
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        let key = try Conversions.toStringArgument(arguments[0], "key")
        guard let values = values(key) else { throw ExpressionRuntimeError.keyNotFound(key) }
        return Conversions.stringArray(values)
    }

    public func enumerated() -> [Value]? {
        entries.map { .object(KeyValuePairObject(key: .string($0.name), value: Conversions.stringArray($0.values))) }
    }
}

/// `context.Variables`: the request's variables (`IReadOnlyDictionary<string, object>`),
/// written by `set-variable`. Names are compared ordinally (case-sensitive).
public final class VariableStore: DotNetObject, @unchecked Sendable {
    private(set) var storage = DictionaryObject(typeName: "IReadOnlyDictionary`2", isReadOnly: true)
    public var typeName: String { "IReadOnlyDictionary`2" }

    public init(_ values: [(String, Value)] = []) {
        for (name, value) in values { storage.set(.string(name), value) }
    }

    /// Sets a variable (what `set-variable` does).
    public func set(_ name: String, _ value: Value) { storage.set(.string(name), value) }

    /// A variable's value, nil when not set.
    public func get(_ name: String) -> Value? { storage.get(.string(name)) }

    /// Removes a variable.
    public func remove(_ name: String) { storage.remove(.string(name)) }

    /// Removes every variable when nothing but this store holds its dictionary (an enumeration of
    /// `context.Variables` may still); false, changing nothing, otherwise.
    func removeAllIfUnshared() -> Bool {
        guard isKnownUniquelyReferenced(&storage) else { return false }
        storage.removeAll(keepingCapacity: true)
        return true
    }

    /// Names and values in insertion order.
    public var all: [(String, Value)] {
        zip(storage.keys, storage.values).map { ($0.0.dotNetString, $0.1) }
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        try Library.property(.dictionary(storage), name, evaluation)
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        guard name == "GetValueOrDefault", (1...2).contains(arguments.count) else {
            return try CollectionMembers.call(.dictionary(storage), name, arguments, typeArguments, evaluation)
        }
        let key = try Conversions.toStringArgument(arguments[0], "name")
        guard let stored = storage.get(.string(key)) else {
            if arguments.count == 2 { return arguments[1] }
            return typeArguments.first.map { Conversions.defaultValue($0.description) } ?? .null
        }
        // The type parameter: explicit, or inferred from a literal default value.
        var target = typeArguments.first
        if target == nil, arguments.count == 2 {
            switch arguments[1] {
            case .string: target = VariableStore.stringType
            case .int: target = VariableStore.intType
            case .bool: target = VariableStore.boolType
            case .long: target = VariableStore.longType
            case .double: target = VariableStore.doubleType
            default: break
            }
        }
        guard let target, !stored.isNull, target.name != "object" else { return stored }
        if Conversions.isInstance(stored, of: target) { return stored }
        throw ExpressionRuntimeError.invalidCast(from: stored.typeName, to: target.arrayRank > 0 ? target.description : Conversions.normalizedName(target.name))
    }

    private static let stringType = TypeRef(name: "string", offset: 0)
    private static let intType = TypeRef(name: "int", offset: 0)
    private static let boolType = TypeRef(name: "bool", offset: 0)
    private static let longType = TypeRef(name: "long", offset: 0)
    private static let doubleType = TypeRef(name: "double", offset: 0)

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        guard arguments.count == 1 else { return nil }
        let key = try Conversions.toStringArgument(arguments[0], "key")
        guard let value = storage.get(.string(key)) else { throw ExpressionRuntimeError.keyNotFound(key) }
        return value
    }

    public func enumerated() -> [Value]? { storage.pairs }
}

/// A message body (`IMessageBody`). Reading it without `preserveContent: true` consumes it:
/// every later read gets null.
public final class MessageBody: DotNetObject, @unchecked Sendable {
    public var bytes: [UInt8]
    /// True once read without `preserveContent`.
    public private(set) var isConsumed = false
    public var typeName: String { "IMessageBody" }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The body of a new request: `text`, unread (the bytes are kept when they are the same).
    func reset(text: String) {
        var text = text
        let same = text.withUTF8 { utf8 in
            bytes.withUnsafeBufferPointer { stored in
                guard stored.count == utf8.count else { return false }
                guard let left = stored.baseAddress, let right = utf8.baseAddress else { return true }  // both empty
                return memcmp(left, right, utf8.count) == 0
            }
        }
        if !same { bytes = Array(text.utf8) }
        isConsumed = false
    }
    public convenience init(text: String) { self.init(bytes: Array(text.utf8)) }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        var preserve = false
        if let first = arguments.first { preserve = try Conversions.toBool(first) }
        switch name {
        case "As":
            guard let type = typeArguments.first else { throw ExpressionRuntimeError.unsupported("'As' without a type argument") }
            if isConsumed { return .null }
            if !preserve { isConsumed = true }
            let typeName = Conversions.normalizedName(type.name)
            switch typeName {
            case "String":
                return .string(String(decoding: bytes, as: UTF8.self))
            case "Byte" where type.arrayRank == 1:
                return Conversions.byteArray(bytes)
            default:
                if let value = try DotNetBridge.parseBody(bytes, as: typeName, evaluation) { return value }
                throw ExpressionRuntimeError.unsupported("'Body.As<\(type)>()'")
            }
        case "AsFormUrlEncodedContent":
            if isConsumed { return .null }
            if !preserve { isConsumed = true }
            let dictionary = DictionaryObject(ignoreCase: true, typeName: "IDictionary`2")
            let text = String(decoding: bytes, as: UTF8.self)
            for pair in text.split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = UrlCoding.urlDecode(String(parts[0]), plusIsSpace: true)
                let value = parts.count > 1 ? UrlCoding.urlDecode(String(parts[1]), plusIsSpace: true) : ""
                if case .list(let list)? = dictionary.get(.string(key)) {
                    list.items.append(.string(value))
                } else {
                    dictionary.set(.string(key), .list(ListObject([.string(value)], elementType: "string")))
                }
            }
            return .dictionary(dictionary)
        default:
            return nil
        }
    }
}

/// `context.LastError`.
public struct LastErrorData: Sendable, Hashable {
    public var source: String
    public var reason: String
    public var message: String
    public var scope: String
    public var section: String
    public var path: String
    public var policyId: String

    public init(source: String, reason: String, message: String, scope: String = "", section: String = "", path: String = "", policyId: String = "") {
        self.source = source
        self.reason = reason
        self.message = message
        self.scope = scope
        self.section = section
        self.path = path
        self.policyId = policyId
    }

    var fields: [String: Value] {
        ["Source": .string(source), "Reason": .string(reason), "Message": .string(message), "Scope": .string(scope),
         "Section": .string(section), "Path": .string(path), "PolicyId": .string(policyId)]
    }
}

/// `context.Api`.
public struct ApiData: Sendable {
    public var id: String, name: String, path: String, revision: String, serviceUrl: String?, version: String?, isCurrentRevision: Bool

    public init(id: String = "", name: String = "", path: String = "", revision: String = "1", serviceUrl: String? = nil, version: String? = nil, isCurrentRevision: Bool = true) {
        self.id = id
        self.name = name
        self.path = path
        self.revision = revision
        self.serviceUrl = serviceUrl
        self.version = version
        self.isCurrentRevision = isCurrentRevision
    }

    var fields: [String: Value] {
        ["Id": .string(id), "Name": .string(name), "Path": .string(path), "Revision": .string(revision),
         "ServiceUrl": serviceUrl.flatMap { RequestUrl(parsing: $0) }.map { .object(UrlObject($0)) } ?? .null,
         "Version": stringOrNull(version), "IsCurrentRevision": .bool(isCurrentRevision),
         "Protocols": .list(ListObject([.string("https")], elementType: "string")),
         "SubscriptionKeyParameterNames": .object(RecordObject("ISubscriptionKeyParameterNames",
             ["Header": .string("Ocp-Apim-Subscription-Key"), "Query": .string("subscription-key")])),
         "Workspace": .null]
    }
}

/// `context.Operation`.
public struct OperationData: Sendable {
    public var id: String, method: String, name: String, urlTemplate: String

    public init(id: String = "", method: String = "GET", name: String = "", urlTemplate: String = "/") {
        self.id = id
        self.method = method
        self.name = name
        self.urlTemplate = urlTemplate
    }

    var fields: [String: Value] {
        ["Id": .string(id), "Method": .string(method), "Name": .string(name), "UrlTemplate": .string(urlTemplate)]
    }
}

/// `context.Product`.
public struct ProductData: Sendable {
    public var id: String, name: String, state: String, groups: [String], approvalRequired: Bool, subscriptionLimit: Int32?, subscriptionRequired: Bool

    public init(id: String = "", name: String = "", state: String = "Published", groups: [String] = [], approvalRequired: Bool = false, subscriptionLimit: Int32? = nil, subscriptionRequired: Bool = true) {
        self.id = id
        self.name = name
        self.state = state
        self.groups = groups
        self.approvalRequired = approvalRequired
        self.subscriptionLimit = subscriptionLimit
        self.subscriptionRequired = subscriptionRequired
    }

    var fields: [String: Value] {
        ["Id": .string(id), "Name": .string(name), "State": .string(state),
         "Groups": .list(ListObject(groups.map { .object(RecordObject("IGroup", ["Id": .string($0), "Name": .string($0)])) }, elementType: "IGroup")),
         "ApprovalRequired": .bool(approvalRequired), "SubscriptionLimit": subscriptionLimit.map { .int($0) } ?? .null,
         "SubscriptionsLimit": subscriptionLimit.map { .int($0) } ?? .null,
         "SubscriptionRequired": .bool(subscriptionRequired), "Apis": .list(ListObject([], elementType: "IApi")), "Workspace": .null]
    }
}

/// `context.Subscription`.
public struct SubscriptionData: Sendable {
    public var id: String, key: String, name: String, primaryKey: String, secondaryKey: String
    public var createdDate: DateTimeValue, startDate: DateTimeValue?, endDate: DateTimeValue?

    public init(id: String = "", key: String = "", name: String = "", primaryKey: String? = nil, secondaryKey: String = "", createdDate: DateTimeValue = DateTimeValue(ticks: Ticks.unixEpoch), startDate: DateTimeValue? = nil, endDate: DateTimeValue? = nil) {
        self.id = id
        self.key = key
        self.name = name
        self.primaryKey = primaryKey ?? key
        self.secondaryKey = secondaryKey
        self.createdDate = createdDate
        self.startDate = startDate
        self.endDate = endDate
    }

    var fields: [String: Value] {
        ["Id": .string(id), "Key": .string(key), "Name": .string(name), "PrimaryKey": .string(primaryKey),
         "SecondaryKey": .string(secondaryKey), "CreatedDate": .dateTime(createdDate),
         "StartDate": startDate.map { .dateTime($0) } ?? .null, "EndDate": endDate.map { .dateTime($0) } ?? .null]
    }
}

/// `context.User`.
public struct UserData: Sendable {
    public var id: String, email: String, firstName: String, lastName: String, note: String?, groups: [String]
    public var identities: [(provider: String, id: String)], registrationDate: DateTimeValue

    public init(id: String = "", email: String = "", firstName: String = "", lastName: String = "", note: String? = nil, groups: [String] = [], identities: [(provider: String, id: String)] = [], registrationDate: DateTimeValue = DateTimeValue(ticks: Ticks.unixEpoch)) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.note = note
        self.groups = groups
        self.identities = identities
        self.registrationDate = registrationDate
    }

    var fields: [String: Value] {
        ["Id": .string(id), "Email": .string(email), "FirstName": .string(firstName), "LastName": .string(lastName),
         "Note": stringOrNull(note), "RegistrationDate": .dateTime(registrationDate),
         "Groups": .list(ListObject(groups.map { .object(RecordObject("IGroup", ["Id": .string($0), "Name": .string($0)])) }, elementType: "IGroup")),
         "Identities": .list(ListObject(identities.map { .object(RecordObject("IUserIdentity", ["Provider": .string($0.provider), "Id": .string($0.id)])) }, elementType: "IUserIdentity"))]
    }
}

/// `context.Deployment`.
public struct DeploymentData: Sendable {
    public var region: String, serviceName: String, serviceId: String, gatewayId: String

    public init(region: String = "West Europe", serviceName: String = "apim-simulated", serviceId: String = "", gatewayId: String = "managed") {
        self.region = region
        self.serviceName = serviceName
        self.serviceId = serviceId
        self.gatewayId = gatewayId
    }

    var fields: [String: Value] {
        ["Region": .string(region), "ServiceName": .string(serviceName), "ServiceId": .string(serviceId), "GatewayId": .string(gatewayId),
         "Gateway": .object(RecordObject("IGateway", ["Id": .string(gatewayId), "InstanceId": .string(gatewayId), "IsManaged": .bool(gatewayId == "managed")])),
         "Certificates": .dictionary(DictionaryObject(typeName: "IReadOnlyDictionary`2", isReadOnly: true)),
         // Offline there is no carbon-intensity signal: the category is always NotAvailable.
         "SustainabilityInfo": .object(RecordObject("ISustainabilityInfo",
             ["CurrentCarbonIntensity": EnumValue.make("CarbonIntensityCategory", "NotAvailable").map { .object($0) } ?? .null]))]
    }
}

/// `context.Workspace`.
public struct WorkspaceData: Sendable {
    public var id: String, name: String

    public init(id: String = "", name: String = "") {
        self.id = id
        self.name = name
    }

    var fields: [String: Value] { ["Id": .string(id), "Name": .string(name)] }
}
