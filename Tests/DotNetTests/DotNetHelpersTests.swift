import Testing
import PolicySource
@testable import DotNet

private func err(_ body: () throws -> Any?) -> DotNetException? {
    do { _ = try body(); return nil } catch let e as DotNetException { return e } catch { return nil }
}

private func hex(_ b: [UInt8]) -> String { DotNetConvert.toHexString(b).lowercased() }

@Suite struct DotNetHelpersTests {
    @Test func base64() throws {
        #expect(DotNetConvert.toBase64String(Array("Man".utf8)) == "TWFu")
        #expect(DotNetConvert.toBase64String(Array("Ma".utf8)) == "TWE=")
        #expect(try DotNetConvert.fromBase64String(" TW Fu\n") == Array("Man".utf8))
        #expect(err { try DotNetConvert.fromBase64String("abc") }?.message == "Invalid length for a Base-64 char array or string.")
        #expect(err { try DotNetConvert.fromBase64String("ab!d") }?.message == "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.")
        #expect(err { try DotNetConvert.fromBase64String("a===") }?.type == "FormatException")
        #expect(DotNetConvert.toBase64Url([0xFB, 0xFF]) == "-_8")
        #expect(try DotNetConvert.fromBase64Url("-_8") == [0xFB, 0xFF])
        #expect(DotNetConvert.bitConverterToString([1, 171, 255]) == "01-AB-FF")
        #expect(try DotNetConvert.toInt32("ff", fromBase: 16) == 255)
        #expect(try DotNetConvert.toInt32("FFFFFFFF", fromBase: 16) == -1)
        #expect(try DotNetConvert.toInt64("777", fromBase: 8) == 511)
        #expect(try DotNetConvert.toString(-1, toBase: 16, width: 32) == "ffffffff")
        #expect(try DotNetConvert.toString(5, toBase: 2) == "101")
        #expect(err { try DotNetConvert.toInt32("12", fromBase: 3) }?.message == "Invalid Base.")
        #expect(err { try DotNetConvert.toInt32("1FFFFFFFF", fromBase: 16) }?.type == "OverflowException")
    }

    @Test func encodings() {
        #expect(DotNetEncoding.utf8.getBytes("é") == [0xC3, 0xA9])
        #expect(DotNetEncoding.ascii.getBytes("aé") == [0x61, 0x3F])
        #expect(DotNetEncoding.unicode.getBytes("A") == [0x41, 0])
        #expect(DotNetEncoding.utf8.getString([0x61, 0xC3]) == "a\u{FFFD}")
        #expect(DotNetEncoding.ascii.getString([0x61, 0xE9]) == "a?")
        #expect(DotNetEncoding.unicode.getString([0x41, 0, 0x42, 0]) == "AB")
    }

    @Test func webUtility() {
        // WebUtility.UrlEncode: '+' for space, uppercase hex, -_.!*() unescaped.
        #expect(DotNetWebUtility.urlEncode("a b&c=d/é-_.!*()~") == "a+b%26c%3Dd%2F%C3%A9-_.!*()%7E")
        #expect(DotNetWebUtility.urlDecode("a+b%26c%3dd%2F%C3%A9%zz") == "a b&c=d/é%zz")
        #expect(DotNetWebUtility.urlEncode(nil) == nil)
        #expect(DotNetWebUtility.htmlEncode("<a href=\"x\">'&é😀") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#233;&#128512;")
        #expect(DotNetWebUtility.htmlDecode("&lt;&amp;&#39;&#x41;&eacute;&nbsp;&bogus;") == "<&'Aé\u{A0}&bogus;")
    }

    @Test func uri() throws {
        let u = try DotNetUri("HTTPS://Example.COM:443/a/./b/../c d?q=1 2#frag")
        #expect(u.scheme == "https")
        #expect(u.host == "example.com")
        #expect(u.port == 443 && u.isDefaultPort)
        #expect(u.absolutePath == "/a/c%20d")
        #expect(u.query == "?q=1%202")
        #expect(u.fragment == "#frag")
        #expect(u.pathAndQuery == "/a/c%20d?q=1%202")
        #expect(u.absoluteUri == "https://example.com/a/c%20d?q=1%202#frag")
        #expect(u.segments == ["/", "a/", "c%20d"])
        #expect(u.description == "https://example.com/a/c d?q=1 2#frag")
        let v = try DotNetUri("http://user@host:8080")
        #expect(v.port == 8080 && !v.isDefaultPort && v.absolutePath == "/" && v.authority == "host:8080" && v.userInfo == "user")
        #expect(err { try DotNetUri("/relative") }?.message == "Invalid URI: The format of the URI could not be determined.")
        #expect(err { try DotNetUri("http://host:99999/") }?.message == "Invalid URI: Invalid port specified.")
        #expect(err { try DotNetUri("") }?.message == "Invalid URI: The URI is empty.")
        #expect(try DotNetUri.escapeDataString("a b&c/é~") == "a%20b%26c%2F%C3%A9~")
        #expect(try DotNetUri.unescapeDataString("a%20b+%C3%A9") == "a b+é")
    }

    @Test func guid() throws {
        let g = try DotNetGuid.parse("{6F9619FF-8B86-D011-B42D-00C04FC964FF}")
        #expect(g.description == "6f9619ff-8b86-d011-b42d-00c04fc964ff")
        #expect(try g.toString("N") == "6f9619ff8b86d011b42d00c04fc964ff")
        #expect(try g.toString("B") == "{6f9619ff-8b86-d011-b42d-00c04fc964ff}")
        #expect(try g.toString("P") == "(6f9619ff-8b86-d011-b42d-00c04fc964ff)")
        #expect(g.toByteArray().prefix(4) == [0xFF, 0x19, 0x96, 0x6F])
        #expect(err { try DotNetGuid.parse("nope") }?.type == "FormatException")
        var rng = SeededRandom(seed: 42)
        let a = DotNetGuid.newGuid(using: &rng)
        var rng2 = SeededRandom(seed: 42)
        #expect(DotNetGuid.newGuid(using: &rng2) == a)
        let s = Array(a.description)
        #expect(s[14] == "4")
        #expect("89ab".contains(s[19]))
    }

    @Test func hashesKnownAnswers() {
        #expect(hex(DotNetHashAlgorithm.sha256.computeHash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(DotNetHashAlgorithm.sha1.computeHash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(DotNetHashAlgorithm.md5.computeHash([])) == "d41d8cd98f00b204e9800998ecf8427e")
        // RFC 4231 test case 1 and 2.
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(hex(DotNetHashAlgorithm.sha256.computeHmac(key: key1, data: Array("Hi There".utf8))) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(DotNetHashAlgorithm.sha512.computeHmac(key: key1, data: Array("Hi There".utf8))) == "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")
        #expect(hex(DotNetHashAlgorithm.sha256.computeHmac(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(DotNetHashAlgorithm(dotNetName: "HMACSHA256") == .sha256)
        #expect(DotNetHashAlgorithm(dotNetName: "SHA1Managed") == .sha1)
    }

    @Test func jwtDecodeAndHmac() throws {
        // The jwt.io example token, signed with HS256 and the secret "your-256-bit-secret".
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        let jwt = try #require(JwtToken.parse(token))
        #expect(jwt.algorithm == "HS256")
        #expect(jwt.type == "JWT")
        #expect(jwt.subject == "1234567890")
        #expect(jwt.claims["name"] == ["John Doe"])
        #expect(jwt.claims["iat"] == ["1516239022"])
        #expect(try jwt.issuedAt?.toString("o") == "2018-01-18T01:30:22.0000000Z")
        #expect(jwt.expirationTime == nil)
        #expect(jwt.verifyHmac(key: Array("your-256-bit-secret".utf8)))
        #expect(!jwt.verifyHmac(key: Array("wrong".utf8)))
        #expect(jwt.verifyHmac(base64Key: DotNetConvert.toBase64String(Array("your-256-bit-secret".utf8))))
        #expect(JwtToken.parse("not.a.jwt") == nil)
        #expect(JwtToken.parse("Bearer " + token) == nil)
        #expect(JwtToken.parse(nil) == nil)
    }

    @Test func jwtAudiencesAndDates() throws {
        let header = DotNetConvert.toBase64Url(Array(#"{"alg":"none"}"#.utf8))
        let payload = DotNetConvert.toBase64Url(Array(#"{"aud":["a","b"],"exp":1700000000,"nbf":1.5,"iss":"me","jti":"id1","roles":["r1","r2"],"obj":{"k":true},"when":"2020-01-01T00:00:00Z"}"#.utf8))
        let jwt = try #require(JwtToken.parse(header + "." + payload + "."))
        #expect(jwt.audiences == ["a", "b"])
        #expect(try jwt.expirationTime?.toString("o") == "2023-11-14T22:13:20.0000000Z")
        #expect(try jwt.notBefore?.toString("o") == "1970-01-01T00:00:01.5000000Z")
        #expect(jwt.issuer == "me" && jwt.id == "id1")
        #expect(jwt.claimValueOrDefault("roles") == "r1,r2")
        #expect(jwt.claimValueOrDefault("missing", "dflt") == "dflt")
        #expect(err { try jwt.claim("missing") }?.message == "The given key 'missing' was not present in the dictionary.")
        #expect(jwt.claims["obj"] == [#"{"k":true}"#])
        #expect(jwt.claims["when"] == ["2020-01-01T00:00:00Z"])
    }

    @Test func basicCredentials() {
        let c = BasicCredentials.parse("Basic " + DotNetConvert.toBase64String(Array("user:pa:ss".utf8)))
        #expect(c == BasicCredentials(userId: "user", password: "pa:ss"))
        #expect(BasicCredentials.parse("Bearer abc") == nil)
        #expect(BasicCredentials.parse("Basic !!!") == nil)
        #expect(BasicCredentials.parse("Basic " + DotNetConvert.toBase64String(Array("nocolon".utf8))) == nil)
    }
}
