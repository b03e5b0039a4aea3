import Foundation
import PolicyBackends
import PolicyExpressions
import PolicyModel

// The simulation of `<send-request>` and `<send-one-way-request>` (one model, SendRequest); its catalog entry and typed reading: PolicyModel/Policies/Integration/SendRequest.swift.

extension RequestExecution {
    func sendRequest(_ request: SendRequest, _ policy: Policy, oneWay: Bool) throws {
        let mode = (try text(request.mode, in: policy) ?? "new").lowercased()
        var method = "GET"
        var url = ""
        let headers = HeaderDictionary()
        var body: String?
        if mode == "copy" {
            method = context.request.method
            url = context.request.url.absoluteString
            for entry in context.request.headers.entries { headers.set(entry.name, entry.values) }
            body = context.request.body.map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        let parts = request.parts
        if let setUrl = parts.setUrl { url = try text(setUrl, in: policy) ?? url }
        if let setMethod = parts.setMethod?.method { method = (try text(setMethod, in: policy) ?? method).uppercased() }
        for header in parts.headers {
            let name = try text(header.name, in: policy) ?? ""
            let action = (try text(header.existsAction, in: policy) ?? "override").lowercased()
            headers.apply(existsAction: action, name, try texts(header.values, in: policy))
        }
        if let setBody = parts.body { body = try text(setBody.body, in: policy) }
        for other in parts.others {
            switch other.kind {
            case .authenticationManagedIdentity(let identity):
                let resource = try identity.resource.map { value throws(PolicyFailure) in try text(value, in: policy) ?? "" } ?? ""
                let clientID = try identity.clientId.map { value throws(PolicyFailure) in try text(value, in: policy) ?? "" }
                if let refusal = gateway.access.managedIdentities?.refusal(resource: resource, clientID: clientID) {
                    let message = "Unable to acquire a managed identity token: \(refusal)."
                    let ignore = try identity.ignoreError.map { value throws(PolicyFailure) in try bool(value, default: false, in: policy) } ?? false
                    guard ignore else {
                        throw PolicyFailure(source: "authentication-managed-identity", reason: "ManagedIdentityTokenAcquisitionFailed", message: message)
                    }
                    record(.warning, policy, "\(message) ignore-error is true: no token is set")
                    continue
                }
                headers.set("Authorization", ["Bearer " + SimulatedTokens.managedIdentity(resource: resource)])
            case .authenticationCertificate(let certificate):
                let presented = try clientCertificateDescription(certificate, in: policy)
                record(.policy, policy, "\(presented) presented to \(Self.host(of: url))")
            default:
                record(.warning, policy, "'\(other.name)' inside '\(policy.name)' is not simulated")
            }
        }
        let timeout = Int64(try seconds(request.timeout, default: 60, in: policy) * 1000)
        let ignoreError = try bool(request.ignoreError, default: false, in: policy)
        let host = Self.host(of: url)
        let start = now
        let outcome = try call(host, OutgoingCall(method: method, url: url, headers: headers, bodyText: body),
                               timeout: timeout, scope: .completeResponse, policy: policy)
        if !oneWay { advance(by: outcome.durationMilliseconds) }
        forwarding.attempts.append(BackendAttempt(atMilliseconds: start, backend: host, method: method, url: url,
            headers: headers.entries.flatMap { entry in entry.values.map { TraceHeader(entry.name, $0) } },
            status: outcome.status, error: outcome.error, durationMilliseconds: oneWay ? 0 : outcome.durationMilliseconds,
            headersMilliseconds: oneWay ? nil : outcome.headersMilliseconds, body: recordsEvents ? body : nil))
        let result = outcome.status.map { status in outcome.error.map { "\(status) then \($0)" } ?? "\(status)" } ?? outcome.error ?? "0"
        record(.attempt, policy, "\(oneWay ? "one-way " : "")\(method) \(url) → \(result)\(oneWay ? "" : " in \(outcome.durationMilliseconds)ms")\(outcome.answeredBy.map { " [\($0)]" } ?? "")")
        guard !oneWay else { return }
        let variable = request.responseVariableName?.text
        if let error = outcome.error {
            if ignoreError {
                if let variable { context.variables.set(variable, .null) }
                record(.policy, policy, "error \(error) ignored (ignore-error); \(variable ?? "response") = null")
                return
            }
            throw PolicyFailure(source: policy.name, reason: error, message: outcome.message ?? Self.message(forError: error, timeout: timeout))
        }
        if let variable {
            let response = ResponseData(
                statusCode: Int32(clamping: outcome.status ?? 200), statusReason: outcome.reason,
                headers: HeaderDictionary(outcome.headers.map { ($0.name, [$0.value]) }),
                body: outcome.body.map { MessageBody(text: $0) })
            context.variables.set(variable, .object(response))
        }
    }
}
