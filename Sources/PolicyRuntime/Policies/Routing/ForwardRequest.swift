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
        forwarding.streamEnd = nil
        let outcome = try call(backendID, outgoingCall(method: context.request.method, url: url), timeout: timeout, scope: .headers, policy: policy)
        // buffer-response="false" relays the body as it arrives: the pipeline goes on when the
        // headers are in, and the caller has the whole response when the backend has sent it.
        let buffersResponse = try bool(forward.bufferResponse, default: true, in: policy)
        let streams = outcome.status != nil && !buffersResponse
        let headersAt = outcome.headersMilliseconds ?? outcome.durationMilliseconds
        advance(by: streams ? headersAt : outcome.durationMilliseconds)
        forwarding.attempts.append(BackendAttempt(atMilliseconds: start, backend: backendID, pool: poolID, method: context.request.method,
            url: url, headers: sentHeaders, status: outcome.status, error: outcome.error, durationMilliseconds: outcome.durationMilliseconds,
            headersMilliseconds: outcome.headersMilliseconds, body: recordsEvents && !bodyBytes.isEmpty ? String(decoding: bodyBytes, as: UTF8.self) : nil))
        record(.attempt, policy, "\(backendID)\(poolID.map { " (pool \($0))" } ?? ""): \(context.request.method) \(url) → \(Self.attemptSummary(outcome, streams: streams))\(outcome.answeredBy.map { " [\($0)]" } ?? "")")
        if let breaker { recordBreakerOutcome(backendID, breaker, outcome, policy) }
        if streams, outcome.durationMilliseconds > headersAt {
            forwarding.streamEnd = StreamedBody(atMilliseconds: start + outcome.durationMilliseconds, backend: backendID,
                                                reset: outcome.resetAfterHeaders, line: policy.location.line, file: position.file)
        }

        if let error = outcome.error, !(streams && outcome.resetAfterHeaders) {
            setResponse(status: 500, reason: "Internal Server Error")
            context.response.headers = HeaderDictionary()
            context.response.body = nil
            throw PolicyFailure(source: "forward-request", reason: error, message: outcome.message ?? Self.message(forError: error, timeout: timeout))
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

    /// `200 in 250ms`, `Timeout in 5000ms`, `200 in 30000ms (headers after 1000ms)`, or for a
    /// streamed body `200, headers after 1000ms; the body streams on to the caller (…), complete after 30000ms`.
    static func attemptSummary(_ outcome: CallOutcome, streams: Bool) -> String {
        let result = outcome.status.map { status in outcome.error.map { "\(status) then \($0)" } ?? "\(status)" } ?? outcome.error ?? "0"
        guard let headers = outcome.headersMilliseconds else {
            return "\(result) in \(outcome.durationMilliseconds)ms"
        }
        if streams {
            let end = outcome.resetAfterHeaders ? "the connection resets" : "complete"
            return "\(outcome.status ?? 0), headers after \(headers)ms; the body streams on to the caller (buffer-response false), \(end) after \(outcome.durationMilliseconds)ms"
        }
        return "\(result) in \(outcome.durationMilliseconds)ms (headers after \(headers)ms)"
    }

    static func message(forError error: String, timeout: Int64) -> String {
        switch error {
        case "Timeout": "Request to the backend service timed out after \(timeout)ms"
        case "BackendConnectionFailure": "Unable to connect to the remote server"
        default: error
        }
    }
}
