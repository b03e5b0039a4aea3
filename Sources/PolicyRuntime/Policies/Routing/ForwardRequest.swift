import Foundation
import PolicyBackends
import PolicyExpressions
import PolicyModel

// The simulation of `<forward-request>`; its catalog entry and typed reading: PolicyModel/Policies/Routing/ForwardRequest.swift.

extension RequestExecution {
    func forwardRequest(_ forward: ForwardRequest, _ policy: Policy) throws {
        let timeout: Int64
        if let milliseconds = forward.timeoutMs {
            timeout = Int64(try integer(milliseconds, default: 300_000, in: policy))
        } else {
            timeout = Int64(try seconds(forward.timeout, default: 300, in: policy) * 1000)
        }
        let buffered = try bool(forward.bufferRequestBody, default: false, in: policy)
        let failOnError = try bool(forward.failOnErrorStatusCode, default: false, in: policy)
        forwarding.count += 1

        let (backendID, poolID, baseURL, breaker) = try resolveBackend(policy)
        let url = joinedBackendURL(baseURL, backendRelativePathAndQuery)
        let bodyBytes = context.request.body?.bytes ?? []
        if forwarding.count > 1, !buffered, !bodyBytes.isEmpty {
            forwarding.attempts.append(BackendAttempt(atMilliseconds: now, backend: backendID, pool: poolID, method: context.request.method,
                url: url, headers: [], status: nil, error: "ProtocolViolation", durationMilliseconds: 0))
            record(.attempt, policy, "\(backendID): retried request sent without its body (buffer-request-body is not true) → Content length mismatch")
            throw PolicyFailure(source: "forward-request", reason: "ProtocolViolation",
                message: "Content length mismatch: the retried request was sent without its body; set buffer-request-body=\"true\"")
        }
        let sentHeaders = outgoingHeaders(policy)
        let start = now
        let outcome = call(backendID, timeout: timeout, policy: policy)
        advance(by: outcome.durationMilliseconds)
        forwarding.attempts.append(BackendAttempt(atMilliseconds: start, backend: backendID, pool: poolID, method: context.request.method,
            url: url, headers: sentHeaders, status: outcome.status, error: outcome.error, durationMilliseconds: outcome.durationMilliseconds,
            body: recordsEvents && !bodyBytes.isEmpty ? String(decoding: bodyBytes, as: UTF8.self) : nil))
        record(.attempt, policy, "\(backendID)\(poolID.map { " (pool \($0))" } ?? ""): \(context.request.method) \(url) → \(outcome.error ?? "\(outcome.status ?? 0)") in \(outcome.durationMilliseconds)ms")
        if let breaker { recordBreakerOutcome(backendID, breaker, outcome, policy) }

        if let error = outcome.error {
            setResponse(status: 500, reason: "Internal Server Error")
            context.response.headers = HeaderDictionary()
            context.response.body = nil
            throw PolicyFailure(source: "forward-request", reason: error, message: Self.message(forError: error, timeout: timeout))
        }
        let status = outcome.status ?? 200
        let headers = outcome.headers
        context.replaceResponse(statusCode: Int32(clamping: status), statusReason: outcome.reason,
                                headerCount: headers.count, header: { (headers[$0].name, headers[$0].value) }, bodyText: outcome.body)
        responseRelayed = true
        accountTokens(policy)  // token limits and token metrics count the backend's usage (Simulated/)
        if failOnError, status >= 400 {
            var failure = PolicyFailure(source: "forward-request", reason: "BackendError",
                message: "The backend returned status \(status) and fail-on-error-status-code is true", status: status, statusReason: outcome.reason)
            failure.keepsResponse = true
            throw failure
        }
    }

    static func message(forError error: String, timeout: Int64) -> String {
        switch error {
        case "Timeout": "Request to the backend service timed out after \(timeout)ms"
        case "BackendConnectionFailure": "Unable to connect to the remote server"
        default: error
        }
    }
}
