import DotNet
import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<authentication-certificate>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/AuthenticationCertificate.swift.

extension RequestExecution {
    /// `authentication-certificate`: records which client certificate the gateway presents to the backend.
    func authenticateWithCertificate(_ certificate: AuthenticationCertificate, _ policy: Policy) throws {
        let presented = try clientCertificateDescription(certificate, in: policy)
        record(.policy, policy, "\(presented) presented to the backend")
    }

    /// Which certificate an `authentication-certificate` presents: `client certificate 'id'
    /// (thumbprint …)`, `… with thumbprint …` or `… from 'body' (N bytes)`.
    func clientCertificateDescription(_ presented: AuthenticationCertificate, in policy: Policy) throws -> String {
        let certificates = gateway.access.certificates
        if let id = try text(presented.certificateId, in: policy) {
            guard let certificate = certificates[id] else {
                if !certificates.isEmpty {
                    record(.warning, policy, "certificate '\(id)' is not in the scenario's certificates")
                }
                return "client certificate '\(id)'"
            }
            return "client certificate '\(id)'" + (certificate.thumbprint.map { " (thumbprint \($0))" } ?? "")
        }
        if let thumbprint = try text(presented.thumbprint, in: policy) {
            let named = certificates.values.first { $0.thumbprint?.uppercased() == thumbprint.uppercased() }
            return "client certificate with thumbprint \(thumbprint.uppercased())" + (named.map { " (certificate '\($0.id)')" } ?? "")
        }
        if let body = presented.body {
            let value = try evaluate(body, in: policy)
            var size = 0
            switch value {
            case .array(let array): size = array.items.count
            case .string(let text): size = (try? DotNetConvert.fromBase64String(text).count) ?? text.utf8.count
            default: break
            }
            return "client certificate from 'body' (\(size) bytes\(presented.password != nil ? ", with password" : ""))"
        }
        record(.warning, policy, "no thumbprint, certificate-id or body: no client certificate is presented")
        return "no client certificate"
    }
}
