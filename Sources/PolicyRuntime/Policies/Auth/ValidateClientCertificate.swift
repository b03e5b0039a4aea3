import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<validate-client-certificate>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/ValidateClientCertificate.swift.

extension RequestExecution {
    /// `validate-client-certificate` against the scenario's `context.clientCertificate`.
    func validateClientCertificate(_ validation: ValidateClientCertificate, _ policy: Policy) throws {
        let ignoreError = try bool(validation.ignoreError, default: false, in: policy)
        func fail(_ reason: String, _ message: String) throws {
            if ignoreError {
                record(.policy, policy, "\(reason): \(message) Ignored (ignore-error)")
                return
            }
            throw accessFailure(policy, status: 401, reason: reason, message: message, publicMessage: "Invalid client certificate.")
        }
        guard let object = context.request.certificate as? ClientCertificateObject else {
            try fail("ClientCertificateNotPresent", "The request has no client certificate.")
            return
        }
        let certificate = object.certificate
        let problems = object.problems(
            at: gateway.startUnixMilliseconds &+ now,
            trust: try bool(validation.validateTrust, default: true, in: policy),
            revocation: try bool(validation.validateRevocation, default: true, in: policy),
            notBefore: try bool(validation.validateNotBefore, default: true, in: policy),
            notAfter: try bool(validation.validateNotAfter, default: true, in: policy))
        if !problems.isEmpty {
            try fail("ClientCertificateInvalid", "Client certificate validation failed: \(problems.joined(separator: "; ")).")
            return
        }
        let identities = validation.identities
        if identities.isEmpty {
            record(.policy, policy, "client certificate \(certificate.thumbprint ?? "(no thumbprint)") is valid")
            return
        }
        var mismatches: [String] = []
        for (index, identity) in identities.enumerated() {
            let unmatched = try identityMismatches(identity, certificate, policy)
            if unmatched.isEmpty {
                record(.policy, policy, "client certificate \(certificate.thumbprint ?? "(no thumbprint)") is valid and matches identity \(index + 1)")
                return
            }
            mismatches.append("identity \(index + 1): \(unmatched.joined(separator: ", "))")
        }
        try fail("ClientCertificateInvalid", "Client certificate does not match any identity (\(mismatches.joined(separator: "; "))).")
    }

    /// The attributes of `identity` the certificate does not match.
    func identityMismatches(_ identity: ValidateClientCertificate.Identity, _ certificate: ScenarioClientCertificate, _ policy: Policy) throws -> [String] {
        var unmatched: [String] = []
        func check(_ value: PolicyValue?, _ shown: String, _ actual: String?, _ equal: (String, String) -> Bool) throws {
            guard let expected = try text(value, in: policy) else { return }
            if !(actual.map { equal(expected, $0) } ?? false) { unmatched.append(shown) }
        }
        let caseInsensitive: (String, String) -> Bool = { $0.lowercased() == $1.lowercased() }
        try check(identity.thumbprint, "thumbprint", certificate.thumbprint, caseInsensitive)
        try check(identity.serialNumber, "serial-number", certificate.serialNumber, caseInsensitive)
        try check(identity.commonName, "common-name", certificate.subject.flatMap { Self.distinguishedName($0)["CN"] }, caseInsensitive)
        try check(identity.subject, "subject", certificate.subject) { Self.sameDistinguishedName($0, $1) }
        try check(identity.issuerSubject, "issuer-subject", certificate.issuer) { Self.sameDistinguishedName($0, $1) }
        try check(identity.issuerThumbprint, "issuer-thumbprint", certificate.issuerThumbprint, caseInsensitive)
        if let expected = try text(identity.dnsName, in: policy) {
            if !certificate.dnsNames.contains(where: { $0.lowercased() == expected.lowercased() }) { unmatched.append("dns-name") }
        }
        if let id = try text(identity.issuerCertificateId, in: policy) {
            let issuerThumbprint = gateway.access.certificates[id]?.thumbprint
            if issuerThumbprint == nil || issuerThumbprint?.lowercased() != certificate.issuerThumbprint?.lowercased() {
                unmatched.append("issuer-certificate-id")
            }
        }
        return unmatched
    }

    /// `CN=a, O="b, c"` → [(CN, a), (O, b, c)] (quotes removed, names upper-cased).
    static func distinguishedNameParts(_ text: String) -> [(String, String)] {
        var parts: [(String, String)] = []
        var current = ""
        var quoted = false
        for character in text + "," {
            if character == "\"" { quoted.toggle(); continue }
            if (character == "," || character == ";"), !quoted {
                let pieces = current.split(separator: "=", maxSplits: 1)
                if pieces.count == 2 {
                    parts.append((pieces[0].trimmingCharacters(in: .whitespaces).uppercased(), pieces[1].trimmingCharacters(in: .whitespaces)))
                }
                current = ""
                continue
            }
            current.append(character)
        }
        return parts
    }

    static func distinguishedName(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in distinguishedNameParts(text) where result[name] == nil { result[name] = value }
        return result
    }

    /// Distinguished names compare attribute by attribute, ignoring order (certificates list
    /// `CN=…, O=…, C=…` while policies are often written `C=…, O=…, CN=…`), spacing and case.
    static func sameDistinguishedName(_ a: String, _ b: String) -> Bool {
        let left = distinguishedNameParts(a).map { "\($0.0)=\($0.1.lowercased())" }.sorted()
        let right = distinguishedNameParts(b).map { "\($0.0)=\($0.1.lowercased())" }.sorted()
        return left == right
    }
}
