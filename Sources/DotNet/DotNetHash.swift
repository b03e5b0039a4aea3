import Crypto
import Foundation

/// `System.Security.Cryptography` hash and HMAC algorithms (`SHA256.Create().ComputeHash(bytes)`,
/// `new HMACSHA256(key).ComputeHash(bytes)`).
public enum DotNetHashAlgorithm: String, Sendable, Hashable, CaseIterable {
    case md5 = "MD5", sha1 = "SHA1", sha256 = "SHA256", sha384 = "SHA384", sha512 = "SHA512"

    /// Resolves .NET class names (`SHA256`, `SHA256Managed`, `HMACSHA256` → `.sha256`, …), case-insensitive.
    public init?(dotNetName: String) {
        var n = dotNetName.uppercased()
        if n.hasPrefix("HMAC") { n.removeFirst(4) }
        for suffix in ["MANAGED", "CRYPTOSERVICEPROVIDER", "CNG"] where n.hasSuffix(suffix) { n.removeLast(suffix.count) }
        n = n.dotNetReplacingAll("-", with: "")
        guard let v = DotNetHashAlgorithm(rawValue: n) else { return nil }
        self = v
    }

    /// `HashAlgorithm.ComputeHash(bytes)`.
    public func computeHash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .md5: return Array(Insecure.MD5.hash(data: data))
        case .sha1: return Array(Insecure.SHA1.hash(data: data))
        case .sha256: return Array(SHA256.hash(data: data))
        case .sha384: return Array(SHA384.hash(data: data))
        case .sha512: return Array(SHA512.hash(data: data))
        }
    }

    /// `new HMACxxx(key).ComputeHash(bytes)`.
    public func computeHmac(key: [UInt8], data: [UInt8]) -> [UInt8] {
        let k = SymmetricKey(data: key)
        switch self {
        case .md5: return Array(HMAC<Insecure.MD5>.authenticationCode(for: data, using: k))
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: k))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: data, using: k))
        case .sha384: return Array(HMAC<SHA384>.authenticationCode(for: data, using: k))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: data, using: k))
        }
    }

    /// `HashSize` in bits.
    public var hashSize: Int {
        switch self {
        case .md5: return 128
        case .sha1: return 160
        case .sha256: return 256
        case .sha384: return 384
        case .sha512: return 512
        }
    }
}
