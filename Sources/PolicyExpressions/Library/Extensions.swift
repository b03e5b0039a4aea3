import Foundation

/// Extension methods APIM adds to `string`: `AsJwt`, `TryParseJwt`, `AsBasic`, `TryParseBasic`.
/// They accept a null receiver and return null / false for input they cannot decode.
enum Extensions {
    static func call(_ value: Value, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        switch name {
        case "AsBasic", "TryParseBasic":
            let credentials = basic(value)
            if name == "AsBasic" { return credentials.map { .object($0) } ?? .null }
            evaluation.outValues = [credentials.map { .object($0) } ?? .null]
            return .bool(credentials != nil)
        case "AsJwt", "TryParseJwt":
            let jwt = JwtObject(parsing: value)
            if name == "AsJwt" { return jwt.map { .object($0) } ?? .null }
            evaluation.outValues = [jwt.map { .object($0) } ?? .null]
            return .bool(jwt != nil)
        case "Encrypt", "Decrypt":
            throw ExpressionRuntimeError.unsupported("'\(name)'")
        default:
            return nil
        }
    }

    /// Decodes `Basic base64(user:password)` (the scheme prefix is optional).
    static func basic(_ value: Value) -> BasicCredentialsObject? {
        guard case .string(var text) = value else { return nil }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("basic ") { text = String(text.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
        guard let bytes = try? ConvertMethods.base64Decode(text) else { return nil }
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard let colon = decoded.firstIndex(of: ":") else { return nil }
        return BasicCredentialsObject(userId: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
    }
}

/// `BasicAuthCredentials`: `UserId` and `Password`.
public final class BasicCredentialsObject: DotNetObject, @unchecked Sendable {
    public let userId: String
    public let password: String
    public var typeName: String { "BasicAuthCredentials" }

    init(userId: String, password: String) {
        self.userId = userId
        self.password = password
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "UserId": .string(userId)
        case "Password": .string(password)
        default: nil
        }
    }
}

/// APIM's `Jwt`: the decoded header and claims of a JSON Web Token (the signature is not checked;
/// that is validate-jwt's job). An optional `Bearer ` prefix is accepted.
public final class JwtObject: DotNetObject, @unchecked Sendable {
    let header: JObject
    let payload: JObject
    public var typeName: String { "Jwt" }

    init?(parsing value: Value) {
        guard case .string(var text) = value else { return nil }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("bearer ") { text = String(text.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 5,
              let headerBytes = try? DotNetConvert.fromBase64Url(String(parts[0])),
              let payloadBytes = try? DotNetConvert.fromBase64Url(String(parts[1])),
              let header = try? JObject.parse(String(decoding: headerBytes, as: UTF8.self)),
              let payload = try? JObject.parse(String(decoding: payloadBytes, as: UTF8.self)) else { return nil }
        self.header = header
        self.payload = payload
    }

    private func claimStrings(_ name: String) -> [String] {
        guard let token = payload.tryGetValue(name) else { return [] }
        if let array = token as? JArray { return array.values.map { ($0 as? JValue)?.description ?? $0.toString(.none) } }
        if let value = token as? JValue { return [value.description] }
        return [token.toString(.none)]
    }

    private func string(_ name: String, in object: JObject) -> Value {
        guard let token = object.tryGetValue(name) as? JValue, token.type != .null else { return .null }
        return .string(token.description)
    }

    private func date(_ name: String) -> Value {
        guard let token = payload.tryGetValue(name) as? JValue else { return .null }
        let seconds: Double
        switch token.content {
        case .integer(let i): seconds = Double(i)
        case .float(let d): seconds = d
        case .string(let s): guard let d = Double(s) else { return .null }; seconds = d
        default: return .null
        }
        guard seconds.isFinite, abs(seconds) < 2.5e11 else { return .null }
        return .dateTime(DateTimeValue(ticks: Ticks.unixEpoch + Int64(seconds) * Ticks.perSecond, kind: .utc))
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Algorithm": return string("alg", in: header)
        case "Type": return string("typ", in: header)
        case "Issuer": return string("iss", in: payload)
        case "Subject": return string("sub", in: payload)
        case "Id": return string("jti", in: payload)
        case "Audiences": return Conversions.stringArray(claimStrings("aud"))
        case "ExpirationTime": return date("exp")
        case "NotBefore": return date("nbf")
        case "IssuedAt": return date("iat")
        case "Claims":
            let claims = DictionaryObject(typeName: "IReadOnlyDictionary`2", isReadOnly: true)
            for property in payload.properties() { claims.set(.string(property.name), Conversions.stringArray(claimStrings(property.name))) }
            return .object(ClaimsObject(claims))
        default: return nil
        }
    }
}

/// `Jwt.Claims`: claim name → string[]; `GetValueOrDefault(name, default)` joins values by commas.
public final class ClaimsObject: DotNetObject, @unchecked Sendable {
    let dictionary: DictionaryObject
    public var typeName: String { "IReadOnlyDictionary`2" }

    init(_ dictionary: DictionaryObject) { self.dictionary = dictionary }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        try Library.property(.dictionary(dictionary), name, evaluation)
    }

    public func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        if name == "GetValueOrDefault", (1...2).contains(arguments.count) {
            let key = try Conversions.toStringArgument(arguments[0], "claimName")
            if let values = dictionary.get(.string(key))?.elements { return .string(values.map(\.dotNetString).joined(separator: ",")) }
            return arguments.count == 2 ? arguments[1] : .null
        }
        return try CollectionMembers.call(.dictionary(dictionary), name, arguments, typeArguments, evaluation)
    }

    public func index(_ arguments: [Value], in evaluation: Evaluation) throws -> Value? {
        try Library.index(.dictionary(dictionary), arguments, evaluation)
    }

    public func enumerated() -> [Value]? { dictionary.pairs }
}

/// The `Authorization` object `get-authorization-context` stores in a variable:
/// `AccessToken` and `Claims`.
public final class AuthorizationObject: DotNetObject, @unchecked Sendable {
    public let accessToken: String
    public let claims: [(String, Value)]
    public var typeName: String { "Authorization" }

    public init(accessToken: String, claims: [(String, Value)] = []) {
        self.accessToken = accessToken
        self.claims = claims
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "AccessToken":
            return .string(accessToken)
        case "Claims":
            let dictionary = DictionaryObject(typeName: "IReadOnlyDictionary`2", isReadOnly: true)
            for (key, value) in claims { dictionary.set(.string(key), value) }
            return .dictionary(dictionary)
        default:
            return nil
        }
    }
}
