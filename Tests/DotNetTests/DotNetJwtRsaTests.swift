import Testing
import Crypto
import _CryptoExtras
@testable import DotNet

@Suite struct DotNetJwtRsaTests {
    @Test func rs256RoundTrip() throws {
        let priv = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let header = DotNetConvert.toBase64Url(Array(#"{"alg":"RS256","kid":"k1"}"#.utf8))
        let payload = DotNetConvert.toBase64Url(Array(#"{"sub":"s"}"#.utf8))
        let input = Array((header + "." + payload).utf8)
        let sig = try priv.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        let token = header + "." + payload + "." + DotNetConvert.toBase64Url(Array(sig.rawRepresentation))
        let jwt = try #require(JwtToken.parse(token))
        #expect(jwt.headerValue("kid") == "k1")
        let pem = try #require(JwtToken.rsaKey(pem: priv.publicKey.pemRepresentation))
        #expect(jwt.verifyRsa(pem))
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(!jwt.verifyRsa(other.publicKey))
        #expect(!jwt.verifyHmac(key: [1, 2, 3]))
    }
}
