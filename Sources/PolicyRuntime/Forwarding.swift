import Foundation
import PolicyBackends
import PolicyExpressions
import PolicyModel

/// What one simulated backend call ended with.
struct CallOutcome {
    var status: Int?
    var reason: String
    var headers: [ScriptedHeader]
    var body: String?
    /// LastError reason when the call failed (`Timeout`, `BackendConnectionFailure`).
    var error: String?
    var durationMilliseconds: Int64
}

extension RequestExecution {
    // MARK: forward-request

    func forwardRequest(_ forward: ForwardRequest, _ policy: Policy) throws {
        let timeout: Int64
        if let milliseconds = forward.timeoutMs {
            timeout = Int64(try integer(milliseconds, default: 300_000, in: policy))
        } else {
            timeout = Int64(try seconds(forward.timeout, default: 300, in: policy) * 1000)
        }
        let buffered = try bool(forward.bufferRequestBody, default: false, in: policy)
        let failOnError = try bool(forward.failOnErrorStatusCode, default: false, in: policy)
        forwardCount += 1

        let (backendID, poolID, baseURL, breaker) = try resolveBackend(policy)
        let url = joinedBackendURL(baseURL, backendRelativePathAndQuery)
        let bodyBytes = context.request.body?.bytes ?? []
        if forwardCount > 1, !buffered, !bodyBytes.isEmpty {
            attempts.append(BackendAttempt(atMilliseconds: now, backend: backendID, pool: poolID, method: context.request.method,
                url: url, headers: [], status: nil, error: "ProtocolViolation", durationMilliseconds: 0))
            record(.attempt, policy, "\(backendID): retried request sent without its body (buffer-request-body is not true) → Content length mismatch")
            throw PolicyFailure(source: "forward-request", reason: "ProtocolViolation",
                message: "Content length mismatch: the retried request was sent without its body; set buffer-request-body=\"true\"")
        }
        let sentHeaders = outgoingHeaders(policy)
        let start = now
        let outcome = call(backendID, timeout: timeout, policy: policy)
        advance(by: outcome.durationMilliseconds)
        attempts.append(BackendAttempt(atMilliseconds: start, backend: backendID, pool: poolID, method: context.request.method,
            url: url, headers: sentHeaders, status: outcome.status, error: outcome.error, durationMilliseconds: outcome.durationMilliseconds))
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

    /// The backend for this attempt: id used for scripts and breakers, pool id, base URL, and the
    /// circuit breaker that counts the attempt's outcome.
    func resolveBackend(_ policy: Policy) throws -> (String, String?, String, Slot<CircuitBreakerState>?) {
        switch backendTarget {
        case .url(let url):
            let host = Self.host(of: url)
            return (host, nil, url, gateway.breakers[host])
        case .backend(let id):
            guard let route = gateway.route(id) else {
                record(.warning, policy, "backend '\(id)' is not in the scenario's backends; simulated as a plain backend")
                return (id, nil, "https://\(id)", gateway.breakers[id])
            }
            closeElapsedCircuits()
            if route.isPool {
                guard let selector = route.selector else { return (id, nil, "https://\(id)", gateway.breakers[id]) }
                let now = self.now
                let breakers = route.memberBreakers
                let chosenIndex = selector.value.selectIndex(at: now) { member in !(breakers[member]?.value.isOpen(at: now) ?? false) }
                guard let chosenIndex else {
                    record(.select, policy, "pool \(id): no member available (every circuit is open)")
                    throw PolicyFailure(source: "forward-request", reason: "BackendUnavailable",
                        message: "Backend pool \(id) is temporarily unavailable", status: 503, statusReason: "Service Unavailable")
                }
                let chosen = selector.value.memberIDs[chosenIndex]
                record(.select, policy, "pool \(id) → \(chosen)\(route.backend.map { Self.memberDetail($0, chosen) } ?? "")")
                return (chosen, id, route.memberURLs[chosenIndex], breakers[chosenIndex])
            }
            if route.breaker?.value.isOpen(at: now) ?? false {
                record(.circuit, policy, "\(id): circuit open; no call is made")
                throw PolicyFailure(source: "forward-request", reason: "BackendUnavailable",
                    message: "Backend \(id) is temporarily unavailable (circuit breaker open)", status: 503, statusReason: "Service Unavailable")
            }
            return (id, nil, route.url, route.breaker)
        case nil:
            if let service = context.api?.serviceUrl, !service.isEmpty {
                let host = Self.host(of: service)
                return (host, nil, service, gateway.breakers[host])
            }
            let url = context.request.originalUrl
            return (url.host, nil, "\(url.scheme)://\(url.host)", gateway.breakers[url.host])
        }
    }

    /// ` (priority p, weight w)` of a pool member, for the selection event.
    static func memberDetail(_ pool: Backend, _ member: String) -> String {
        guard let entry = pool.pool?.members.first(where: { $0.id == member }) else { return "" }
        let priority = entry.priority.map { String($0) } ?? "-"
        let weight = entry.weight.map { String($0) } ?? "-"
        return " (priority \(priority), weight \(weight))"
    }

    /// Closes circuits whose open time has passed, recording each transition.
    func closeElapsedCircuits() {
        let now = self.now
        for (id, breaker) in gateway.breakerList {
            // Read first: only a circuit whose open time has passed is written back.
            guard let until = breaker.value.openUntilMs, now >= until else { continue }
            if let event = breaker.value.advance(to: now) {
                events.append(TraceEvent(atMilliseconds: now, kind: .circuit, section: section.rawValue,
                    detail: "\(id): circuit closed at \(event.atMs)ms (\(event.reason))"))
            }
        }
    }

    func recordBreakerOutcome(_ backendID: String, _ breaker: Slot<CircuitBreakerState>, _ outcome: CallOutcome, _ policy: Policy) {
        let result: CircuitBreakerState.Outcome
        if let error = outcome.error {
            result = .error(reason: error)
        } else {
            let retryAfter = outcome.headers.first { $0.name.lowercased() == "retry-after" }?.value
            result = .status(outcome.status ?? 200, retryAfter: retryAfter)
        }
        let transitions = breaker.value.record(result, at: now, clockStartEpochMs: gateway.startUnixMilliseconds)
        guard !transitions.isEmpty else { return }
        for event in transitions.events {
            let until = event.openUntilMs.map { "; open until \($0)ms" } ?? ""
            events.append(TraceEvent(atMilliseconds: event.atMs, kind: .circuit, section: section.rawValue, policy: policy.name,
                line: policy.location.line, detail: "\(backendID): circuit \(event.kind.rawValue) (\(event.reason))\(until)"))
        }
    }

    /// Simulates one call to a scripted backend; `nil` script answers 200 with a warning.
    func call(_ key: String, timeout: Int64, policy: Policy) -> CallOutcome {
        guard let script = gateway.nextResponse(for: key) else {
            record(.warning, policy, "no scripted response for '\(key)'; answered 200")
            return CallOutcome(status: 200, reason: "OK", headers: [], body: nil, error: nil, durationMilliseconds: 0)
        }
        if script.failure == .timeout || script.latencyMilliseconds > timeout {
            return CallOutcome(status: nil, reason: "", headers: [], body: nil, error: "Timeout", durationMilliseconds: timeout)
        }
        if script.failure == .connection {
            return CallOutcome(status: nil, reason: "", headers: [], body: nil, error: "BackendConnectionFailure", durationMilliseconds: script.latencyMilliseconds)
        }
        return CallOutcome(status: script.status, reason: script.reason ?? HTTPStatus.reason(script.status), headers: script.headers,
            body: script.body, error: nil, durationMilliseconds: script.latencyMilliseconds)
    }

    /// The request headers as sent, with correlation headers for this attempt.
    func outgoingHeaders(_ policy: Policy) -> [TraceHeader] {
        let headers = context.request.headers
        if let setAt = traceparentSetAt, let value = headers.values("traceparent")?.first {
            if !TraceCorrelation.isValid(value) {
                let place = setAt.file == mainFile ? "line \(setAt.line)" : "\(setAt.file):\(setAt.line)"
                record(.warning, policy, "invalid traceparent '\(value)' sent to the backend (set by the policy at \(place))")
            }
        } else {
            trace.apply(to: headers, gateway.correlation, random: &gateway.traceRandom)
        }
        guard recordsEvents else { return [] }
        return headers.entries.flatMap { entry in entry.values.map { TraceHeader(entry.name, $0) } }
    }

    static func host(of url: String) -> String {
        URLComponents(string: url)?.host ?? url
    }

    /// `join(base, pathAndQuery)`, reusing the last result (each attempt of a run usually sends
    /// the same path to one of a few backends).
    func joinedBackendURL(_ base: String, _ pathAndQuery: String) -> String {
        if let cached = gateway.joinedURLCache, cached.base == base, cached.pathAndQuery == pathAndQuery { return cached.url }
        let url = Self.join(base, pathAndQuery)
        gateway.joinedURLCache = (base, pathAndQuery, url)
        return url
    }

    static func join(_ base: String, _ pathAndQuery: String) -> String {
        if pathAndQuery.isEmpty { return base }
        if base.hasSuffix("/"), pathAndQuery.hasPrefix("/") { return base + pathAndQuery.dropFirst() }
        if !base.hasSuffix("/"), !pathAndQuery.hasPrefix("/"), !pathAndQuery.hasPrefix("?") { return base + "/" + pathAndQuery }
        return base + pathAndQuery
    }

    // MARK: send-request

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
            headers.apply(existsAction: action, name, try headerValues(header, policy))
        }
        if let setBody = parts.body { body = try text(setBody.body, in: policy) }
        for other in parts.others {
            switch other.name {
            case "authentication-managed-identity":
                let resource = try other["resource"].map { value throws(PolicyFailure) in try text(value, in: policy) ?? "" } ?? ""
                let clientID = try other["client-id"].map { value throws(PolicyFailure) in try text(value, in: policy) ?? "" }
                if let refusal = gateway.access.managedIdentities?.refusal(resource: resource, clientID: clientID) {
                    let message = "Unable to acquire a managed identity token: \(refusal)."
                    let ignore = try other["ignore-error"].map { value throws(PolicyFailure) in try bool(value, default: false, in: policy) } ?? false
                    guard ignore else {
                        throw PolicyFailure(source: "authentication-managed-identity", reason: "ManagedIdentityTokenAcquisitionFailed", message: message)
                    }
                    record(.warning, policy, "\(message) ignore-error is true: no token is set")
                    continue
                }
                headers.set("Authorization", ["Bearer " + SimulatedTokens.managedIdentity(resource: resource)])
            case "authentication-certificate":
                let presented = try clientCertificateDescription(other, in: policy)
                record(.policy, policy, "\(presented) presented to \(Self.host(of: url))")
            default:
                record(.warning, policy, "'\(other.name)' inside '\(policy.name)' is not simulated")
            }
        }
        let timeout = Int64(try seconds(request.timeout, default: 60, in: policy) * 1000)
        let ignoreError = try bool(request.ignoreError, default: false, in: policy)
        let host = Self.host(of: url)
        let start = now
        let outcome = call(host, timeout: timeout, policy: policy)
        if !oneWay { advance(by: outcome.durationMilliseconds) }
        attempts.append(BackendAttempt(atMilliseconds: start, backend: host, method: method, url: url,
            headers: headers.entries.flatMap { entry in entry.values.map { TraceHeader(entry.name, $0) } },
            status: outcome.status, error: outcome.error, durationMilliseconds: oneWay ? 0 : outcome.durationMilliseconds))
        let result = outcome.error ?? "\(outcome.status ?? 0)"
        record(.attempt, policy, "\(oneWay ? "one-way " : "")\(method) \(url) → \(result)\(oneWay ? "" : " in \(outcome.durationMilliseconds)ms")")
        _ = body
        guard !oneWay else { return }
        let variable = request.responseVariableName?.text
        if let error = outcome.error {
            if ignoreError {
                if let variable { context.variables.set(variable, .null) }
                record(.policy, policy, "error \(error) ignored (ignore-error); \(variable ?? "response") = null")
                return
            }
            throw PolicyFailure(source: policy.name, reason: error, message: Self.message(forError: error, timeout: timeout))
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

/// Deterministic stand-ins for tokens the gateway would obtain.
enum SimulatedTokens {
    /// A fake, clearly-labelled JWT-shaped token for a managed identity and resource.
    static func managedIdentity(resource: String) -> String {
        let header = base64URL(#"{"alg":"none","typ":"JWT"}"#)
        let payload = base64URL(#"{"aud":"\#(resource)","iss":"policycheck-simulated-managed-identity","sub":"simulated"}"#)
        return header + "." + payload + "."
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
