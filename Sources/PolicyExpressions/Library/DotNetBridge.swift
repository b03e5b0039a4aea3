/// Wires the pure-Swift .NET building blocks (Newtonsoft-style JSON, JWT, …) into the evaluator.
enum DotNetBridge {
    static func staticProperty(_ type: String, _ name: String, _ evaluation: Evaluation) throws -> Value? {
        nil
    }

    static func callStatic(_ type: String, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value? {
        nil
    }

    static func construct(_ type: String, _ written: TypeRef, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        nil
    }

    /// `Body.As<JObject>()` and the other JSON/XML targets.
    static func parseBody(_ bytes: [UInt8], as typeName: String) throws -> Value? {
        nil
    }
}

/// Extension methods APIM adds: `AsJwt`, `TryParseJwt`, `AsBasic`, `TryParseBasic`.
enum Extensions {
    static func call(_ value: Value, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        switch name {
        case "AsBasic", "TryParseBasic":
            let credentials = basic(value)
            if name == "AsBasic" { return credentials.map { .object($0) } ?? .null }
            evaluation.outValues = [credentials.map { .object($0) } ?? .null]
            return .bool(credentials != nil)
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
