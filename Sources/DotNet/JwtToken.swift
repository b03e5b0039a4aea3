import Crypto
import _CryptoExtras
import Foundation

/// APIM's `Jwt` (result of `string.AsJwt()` / `TryParseJwt`): a decoded compact JWS.
///
/// Properties follow APIM: `Algorithm`, `Audiences`, `Claims` (name → string[]), `ExpirationTime`,
/// `Id`, `Issuer`, `IssuedAt`, `NotBefore`, `Subject`, `Type`. Numeric dates become UTC `DateTime`s.
/// Claim values: strings as is, arrays element by element, other JSON values as compact JSON text.
public struct JwtToken: @unchecked Sendable {
    /// The decoded header object.
    public let header: JObject
    /// The decoded payload (claims) object.
    public let payload: JObject
    /// The three compact segments as received.
    public let encodedHeader: String
    public let encodedPayload: String
    public let encodedSignature: String
    /// The raw signature bytes.
    public let signature: [UInt8]

    /// `string.AsJwt()`: nil unless `token` is `header.payload.signature` with base64url JSON objects.
    /// (No "Bearer " stripping, as in APIM.)
    public static func parse(_ token: String?) -> JwtToken? {
        guard let token else { return nil }
        let t = token.trimmingDotNetWhitespace()
        guard t.utf8.count <= 1_000_000 else { return nil }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        guard let hb = try? DotNetConvert.fromBase64Url(String(parts[0])),
              let pb = try? DotNetConvert.fromBase64Url(String(parts[1])),
              let sb = try? DotNetConvert.fromBase64Url(String(parts[2])) else { return nil }
        guard let h = try? JToken.parse(String(decoding: hb, as: UTF8.self), parseDates: false) as? JObject,
              let p = try? JToken.parse(String(decoding: pb, as: UTF8.self), parseDates: false) as? JObject else { return nil }
        return JwtToken(header: h, payload: p, encodedHeader: String(parts[0]), encodedPayload: String(parts[1]),
                        encodedSignature: String(parts[2]), signature: sb)
    }

    /// `string.TryParseJwt(out Jwt)`.
    public static func tryParse(_ token: String?) -> (Bool, JwtToken?) {
        let j = parse(token)
        return (j != nil, j)
    }

    static func stringValue(_ t: JToken) -> String {
        if let v = t as? JValue, case .string(let s) = v.content { return s }
        if let v = t as? JValue, case .null = v.content { return "" }
        return t.toString(.none)
    }

    /// A header parameter as a string (`alg`, `kid`, `typ`, …), nil when absent.
    public func headerValue(_ name: String) -> String? { header[name].map(JwtToken.stringValue) }

    /// `Algorithm` (`alg` header).
    public var algorithm: String? { headerValue("alg") }
    /// `Type` (`typ` header).
    public var type: String? { headerValue("typ") }
    /// `Id` (`jti`).
    public var id: String? { payload["jti"].map(JwtToken.stringValue) }
    /// `Issuer` (`iss`).
    public var issuer: String? { payload["iss"].map(JwtToken.stringValue) }
    /// `Subject` (`sub`).
    public var subject: String? { payload["sub"].map(JwtToken.stringValue) }
    /// `Audiences` (`aud`: string or array).
    public var audiences: [String] { claims["aud"] ?? [] }

    static func date(_ t: JToken?) -> DotNetDateTime? {
        guard let v = t as? JValue else { return nil }
        let seconds: Double
        switch v.content {
        case .integer(let i): seconds = Double(i)
        case .float(let d): seconds = d
        case .string(let s): guard let d = Double(s) else { return nil }; seconds = d
        default: return nil
        }
        guard seconds.isFinite, seconds > -62_135_596_800, seconds < 253_402_300_800 else { return nil }
        let ticks = DotNetDateTime.unixEpochTicks + Int64((seconds * 1000).rounded(.towardZero)) * DotNetTimeSpan.ticksPerMillisecond
        return try? DotNetDateTime(ticks: ticks, kind: .utc)
    }

    /// `ExpirationTime` (`exp`, UTC).
    public var expirationTime: DotNetDateTime? { JwtToken.date(payload["exp"]) }
    /// `NotBefore` (`nbf`, UTC).
    public var notBefore: DotNetDateTime? { JwtToken.date(payload["nbf"]) }
    /// `IssuedAt` (`iat`, UTC).
    public var issuedAt: DotNetDateTime? { JwtToken.date(payload["iat"]) }

    /// `Claims`: every payload property as string values.
    public var claims: [String: [String]] {
        var d: [String: [String]] = [:]
        for p in payload.properties() {
            if let a = p.value as? JArray { d[p.name] = a.values.map(JwtToken.stringValue) } else { d[p.name] = [JwtToken.stringValue(p.value)] }
        }
        return d
    }

    /// `Claims[name]`: throws `KeyNotFoundException` "The given key 'x' was not present in the dictionary.".
    public func claim(_ name: String) throws -> [String] {
        guard let v = claims[name] else {
            throw DotNetException("KeyNotFoundException", "The given key '\(name)' was not present in the dictionary.")
        }
        return v
    }

    /// Claim names in payload order.
    public var claimNames: [String] { payload.keys }

    /// `Claims.GetValueOrDefault(name, defaultValue)`: the values joined with ",".
    public func claimValueOrDefault(_ name: String, _ defaultValue: String? = nil) -> String? {
        guard let v = claims[name] else { return defaultValue }
        return v.joined(separator: ",")
    }

    var signingInput: [UInt8] { Array((encodedHeader + "." + encodedPayload).utf8) }

    /// Verifies an HS256/HS384/HS512 signature with the key bytes (e.g. `Convert.FromBase64String(key)`).
    public func verifyHmac(key: [UInt8]) -> Bool {
        let alg: DotNetHashAlgorithm
        switch algorithm {
        case "HS256": alg = .sha256
        case "HS384": alg = .sha384
        case "HS512": alg = .sha512
        default: return false
        }
        let mac = alg.computeHmac(key: key, data: signingInput)
        guard mac.count == signature.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(mac, signature) { diff |= a ^ b }
        return diff == 0
    }

    /// Verifies an HMAC signature with a base64 key (as `validate-jwt` issuer signing keys are given);
    /// false when the key is not valid base64.
    public func verifyHmac(base64Key: String) -> Bool {
        guard let key = try? DotNetConvert.fromBase64String(base64Key) else { return false }
        return verifyHmac(key: key)
    }

    /// Verifies an RS256/RS384/RS512 (PKCS#1 v1.5) signature with a public key.
    public func verifyRsa(_ key: _RSA.Signing.PublicKey) -> Bool {
        let sig = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let input = signingInput
        switch algorithm {
        case "RS256": return key.isValidSignature(sig, for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        case "RS384": return key.isValidSignature(sig, for: SHA384.hash(data: input), padding: .insecurePKCS1v1_5)
        case "RS512": return key.isValidSignature(sig, for: SHA512.hash(data: input), padding: .insecurePKCS1v1_5)
        case "PS256": return key.isValidSignature(sig, for: SHA256.hash(data: input), padding: .PSS)
        case "PS384": return key.isValidSignature(sig, for: SHA384.hash(data: input), padding: .PSS)
        case "PS512": return key.isValidSignature(sig, for: SHA512.hash(data: input), padding: .PSS)
        default: return false
        }
    }

    /// An RSA public key from base64url modulus `n` and exponent `e` (JWK form).
    public static func rsaKey(modulusBase64Url n: String, exponentBase64Url e: String) -> _RSA.Signing.PublicKey? {
        guard let nb = try? DotNetConvert.fromBase64Url(n), let eb = try? DotNetConvert.fromBase64Url(e) else { return nil }
        return try? _RSA.Signing.PublicKey(n: nb, e: eb)
    }

    /// An RSA public key from PEM: `PUBLIC KEY`, `RSA PUBLIC KEY` or a `CERTIFICATE` (its SubjectPublicKeyInfo).
    public static func rsaKey(pem: String) -> _RSA.Signing.PublicKey? {
        if pem.contains("BEGIN CERTIFICATE") {
            let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            guard let der = try? DotNetConvert.fromBase64String(body) else { return nil }
            return rsaKey(certificateDer: der)
        }
        return try? _RSA.Signing.PublicKey(unsafePEMRepresentation: pem)
    }

    /// An RSA public key from a DER X.509 certificate (e.g. `new X509Certificate2(Convert.FromBase64String(cert))`).
    public static func rsaKey(certificateDer der: [UInt8]) -> _RSA.Signing.PublicKey? {
        guard let spki = DotNetDerReader.subjectPublicKeyInfo(der) else { return nil }
        return try? _RSA.Signing.PublicKey(unsafeDERRepresentation: spki)
    }
}

/// Minimal DER walking to find a certificate's SubjectPublicKeyInfo.
enum DotNetDerReader {
    /// Returns (tag, headerLength, contentLength) at offset.
    static func element(_ b: [UInt8], _ at: Int) -> (tag: UInt8, header: Int, length: Int)? {
        guard at + 1 < b.count else { return nil }
        let tag = b[at]
        let l0 = b[at + 1]
        if l0 < 0x80 { return (tag, 2, Int(l0)) }
        let n = Int(l0 & 0x7F)
        guard n >= 1, n <= 4, at + 1 + n < b.count else { return nil }
        var len = 0
        for k in 0..<n { len = len << 8 | Int(b[at + 2 + k]) }
        guard at + 2 + n + len <= b.count else { return nil }
        return (tag, 2 + n, len)
    }

    static func subjectPublicKeyInfo(_ b: [UInt8]) -> [UInt8]? {
        // Certificate SEQUENCE → tbsCertificate SEQUENCE.
        guard let cert = element(b, 0), cert.tag == 0x30 else { return nil }
        let tbsAt = cert.header
        guard let tbs = element(b, tbsAt), tbs.tag == 0x30 else { return nil }
        var p = tbsAt + tbs.header
        let end = tbsAt + tbs.header + tbs.length
        // Optional [0] version.
        if let v = element(b, p), v.tag == 0xA0 { p += v.header + v.length }
        // serialNumber, signature, issuer, validity, subject.
        for _ in 0..<5 {
            guard p < end, let e = element(b, p) else { return nil }
            p += e.header + e.length
        }
        guard p < end, let spki = element(b, p), spki.tag == 0x30 else { return nil }
        return Array(b[p..<(p + spki.header + spki.length)])
    }
}

/// APIM's `BasicAuthCredentials` (result of `string.AsBasic()` / `TryParseBasic`).
public struct BasicCredentials: Sendable, Hashable {
    /// `UserId`.
    public let userId: String
    /// `Password`.
    public let password: String

    public init(userId: String, password: String) {
        self.userId = userId
        self.password = password
    }

    /// `string.AsBasic()`: parses `Basic base64(user:password)` (scheme case-insensitive); nil when invalid.
    public static func parse(_ value: String?) -> BasicCredentials? {
        guard let value else { return nil }
        let t = value.trimmingDotNetWhitespace()
        guard t.count > 6, t.prefix(6).lowercased() == "basic " else { return nil }
        let b64 = t.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let bytes = try? DotNetConvert.fromBase64String(b64) else { return nil }
        let s = String(decoding: bytes, as: UTF8.self)
        guard let colon = s.firstIndex(of: ":") else { return nil }
        return BasicCredentials(userId: String(s[..<colon]), password: String(s[s.index(after: colon)...]))
    }

    /// `string.TryParseBasic(out BasicAuthCredentials)`.
    public static func tryParse(_ value: String?) -> (Bool, BasicCredentials?) {
        let c = parse(value)
        return (c != nil, c)
    }
}
