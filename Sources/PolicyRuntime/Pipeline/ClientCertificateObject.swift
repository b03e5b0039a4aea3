import Foundation
import PolicyExpressions
import PolicyModel

/// `context.Request.Certificate`: the caller's client certificate from the scenario
/// (`context.clientCertificate`), an `X509Certificate2` with the members policies use.
final class ClientCertificateObject: DotNetObject, @unchecked Sendable {
    let certificate: ScenarioClientCertificate
    /// When the request arrived (Unix ms), for `Verify()`.
    let arrivedUnixMilliseconds: Int64
    var typeName: String { "X509Certificate2" }

    init(_ certificate: ScenarioClientCertificate, arrivedUnixMilliseconds: Int64) {
        self.certificate = certificate
        self.arrivedUnixMilliseconds = arrivedUnixMilliseconds
    }

    func date(_ unixMilliseconds: Int64?) -> Value {
        guard let unixMilliseconds else { return .null }
        return .dateTime(DateTimeValue(ticks: Ticks.unixEpoch &+ unixMilliseconds &* Ticks.perMillisecond))
    }

    func property(_ name: String, in evaluation: Evaluation) throws -> Value? {
        switch name {
        case "Thumbprint": return certificate.thumbprint.map { .string($0.uppercased()) } ?? .null
        case "Subject", "SubjectName": return certificate.subject.map { .string($0) } ?? .null
        case "Issuer", "IssuerName": return certificate.issuer.map { .string($0) } ?? .null
        case "SerialNumber": return certificate.serialNumber.map { .string($0.uppercased()) } ?? .null
        case "NotBefore": return date(certificate.notBeforeUnixMilliseconds)
        case "NotAfter": return date(certificate.notAfterUnixMilliseconds)
        default: return nil
        }
    }

    func call(_ name: String, _ arguments: [Value], typeArguments: [TypeRef], in evaluation: Evaluation) throws -> Value? {
        guard arguments.isEmpty else { return nil }
        switch name {
        case "Verify":
            return .bool(problems(at: arrivedUnixMilliseconds, trust: true, revocation: true, notBefore: true, notAfter: true).isEmpty)
        case "VerifyNoRevocation":
            // APIM's extension method: chain validation without the revocation check.
            return .bool(problems(at: arrivedUnixMilliseconds, trust: true, revocation: false, notBefore: true, notAfter: true).isEmpty)
        default:
            return nil
        }
    }

    func dotNetString() -> String { "[Subject]\n  \(certificate.subject ?? "")\n\n[Thumbprint]\n  \(certificate.thumbprint ?? "")" }

    /// What fails validation at `unixMilliseconds`, in the order the checks run.
    func problems(at unixMilliseconds: Int64, trust: Bool, revocation: Bool, notBefore: Bool, notAfter: Bool) -> [String] {
        var problems: [String] = []
        if notBefore, let from = certificate.notBeforeUnixMilliseconds, unixMilliseconds < from { problems.append("the certificate is not valid yet") }
        if notAfter, let to = certificate.notAfterUnixMilliseconds, unixMilliseconds > to { problems.append("the certificate has expired") }
        if trust, !certificate.trusted { problems.append("the certificate chain does not build to a trusted root") }
        if revocation, certificate.revoked { problems.append("the certificate is revoked") }
        return problems
    }
}
