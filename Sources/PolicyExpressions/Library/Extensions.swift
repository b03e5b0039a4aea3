import DotNet
import Foundation

/// Extension methods APIM adds to `string`: `AsJwt`, `TryParseJwt`, `AsBasic`, `TryParseBasic`
/// (decoding in `DotNet/JwtToken`). They accept a null receiver and give null / false for input
/// they cannot decode; like APIM, no `Bearer ` prefix is stripped.
enum Extensions {
    static func call(_ value: Value, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        var text: String?
        if case .string(let s) = value { text = s }
        switch name {
        case "AsBasic", "TryParseBasic":
            let credentials = BasicCredentials.parse(text).map { Value.object(BasicCredentialsObject(userId: $0.userId, password: $0.password)) }
            if name == "AsBasic" { return credentials ?? .null }
            evaluation.outValues = [credentials ?? .null]
            return .bool(credentials != nil)
        case "AsJwt", "TryParseJwt":
            let jwt = JwtToken.parse(text).map { Value.object(JwtObject($0)) }
            if name == "AsJwt" { return jwt ?? .null }
            evaluation.outValues = [jwt ?? .null]
            return .bool(jwt != nil)
        case "Encrypt", "Decrypt":
            throw ExpressionRuntimeError.unsupported("'\(name)'")
        default:
            return nil
        }
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

/// APIM's `Jwt` (the signature is not checked here; that is validate-jwt's job).
public final class JwtObject: DotNetObject, @unchecked Sendable {
    public let token: JwtToken
    public var typeName: String { "Jwt" }

    public init(_ token: JwtToken) { self.token = token }

    private func date(_ value: DotNetDateTime?) -> Value {
        value.map { .dateTime(DotNetBridge.dateTimeValue($0)) } ?? .null
    }

    public func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Algorithm": return stringOrNull(token.algorithm)
        case "Type": return stringOrNull(token.type)
        case "Issuer": return stringOrNull(token.issuer)
        case "Subject": return stringOrNull(token.subject)
        case "Id": return stringOrNull(token.id)
        case "Audiences": return Conversions.stringArray(token.audiences)
        case "ExpirationTime": return date(token.expirationTime)
        case "NotBefore": return date(token.notBefore)
        case "IssuedAt": return date(token.issuedAt)
        case "Claims":
            let all = token.claims
            return .object(StringValuesObject.claims(token.claimNames.map { ($0, all[$0] ?? []) }))
        default: return nil
        }
    }
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
