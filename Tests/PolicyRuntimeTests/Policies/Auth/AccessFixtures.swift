import DotNet
import Foundation
import PolicyCheck
import PolicyExpressions
import PolicySource
import Testing
@testable import PolicyRuntime

/// Tokens, keys and policies the authentication and validation tests share.
enum AccessFixtures {
    /// 2026-01-01T00:00:00Z, the scenarios' default start.
    static let start: Int64 = 1_767_225_600

    static let secret = Array("policycheck-test-secret-0123456789abcdef".utf8)

    static var secretBase64: String { DotNetConvert.toBase64String(secret) }

    /// An HS256 token over `claims` (JSON object text).
    static func hs256(_ claims: String, key: [UInt8] = secret, kid: String? = nil) -> String {
        let header = kid.map { #"{"alg":"HS256","typ":"JWT","kid":"\#($0)"}"# } ?? #"{"alg":"HS256","typ":"JWT"}"#
        let input = DotNetConvert.toBase64Url(Array(header.utf8)) + "." + DotNetConvert.toBase64Url(Array(claims.utf8))
        let mac = DotNetHashAlgorithm.sha256.computeHmac(key: key, data: Array(input.utf8))
        return input + "." + DotNetConvert.toBase64Url(mac)
    }

    static func claims(iss: String = "https://issuer.example/", aud: String = "api://orders", exp: Int64? = start + 3600, extra: String = "") -> String {
        var parts = [#""iss":"\#(iss)""#, #""aud":"\#(aud)""#, #""sub":"user-1""#]
        if let exp { parts.append(#""exp":\#(exp)"#) }
        if !extra.isEmpty { parts.append(extra) }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static let jwtPolicy = """
        <policies>
          <inbound>
            <validate-jwt header-name="Authorization" clock-skew="30" output-token-variable-name="jwt">
              <issuer-signing-keys><key>\(secretBase64)</key></issuer-signing-keys>
              <audiences><audience>api://orders</audience></audiences>
              <issuers><issuer>https://issuer.example/</issuer></issuers>
              <required-claims>
                <claim name="scp" match="all" separator=" "><value>read</value><value>write</value></claim>
              </required-claims>
            </validate-jwt>
            <set-variable name="sub" value="@(((Jwt)context.Variables["jwt"]).Subject)" />
          </inbound>
        </policies>
        """

    static func runJwt(_ token: String?, after: Int64 = 0) throws -> RequestTrace {
        let headers = token.map { [(name: "Authorization", value: "Bearer " + $0)] } ?? []
        let trace = try run(jwtPolicy, requests: [request(headers: headers, after: after)])
        return try #require(trace.requests.first)
    }
}
