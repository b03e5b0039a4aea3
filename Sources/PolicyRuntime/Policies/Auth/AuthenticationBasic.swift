import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<authentication-basic>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/AuthenticationBasic.swift.

extension RequestExecution {
    /// `authentication-basic`: `Authorization: Basic base64(username:password)` on the request.
    func authenticateBasic(_ basic: AuthenticationBasic, _ policy: Policy) throws {
        let (username, value) = try basicAuthorization(basic, in: policy)
        context.request.headers.set("Authorization", [value])
        record(.policy, policy, "Authorization: Basic credentials of user '\(username)' set on the request")
    }

    /// The user name and the `Authorization` value of an `authentication-basic`.
    func basicAuthorization(_ basic: AuthenticationBasic, in policy: Policy) throws -> (String, String) {
        let username = try text(basic.username, in: policy) ?? ""
        let password = try text(basic.password, in: policy) ?? ""
        return (username, "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
    }
}
