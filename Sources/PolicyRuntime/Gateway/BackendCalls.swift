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
    /// Until the complete response (or the failure).
    var durationMilliseconds: Int64
    /// When the headers arrived, when the script says so and it is before the end (`headersAfter`).
    var headersMilliseconds: Int64? = nil
    /// The status and headers arrived, then the connection was reset mid-body (`fail: reset-after-headers`).
    var resetAfterHeaders = false
    /// LastError message for a failure other than the usual one of its reason.
    var message: String? = nil
    /// Which scripted entry answered, when it is a `when` or the default one (`when at line 12`).
    var answeredBy: String? = nil
}

/// What a call's timeout waits for.
enum TimeoutScope {
    /// The status line and headers (forward-request: "time to wait for the HTTP response headers").
    case headers
    /// The complete response (send-request: "the timeout interval before the call to the URL fails").
    case completeResponse
}

extension RequestExecution {
    /// The request path relative to the backend (API suffix removed) with its query string.
    var backendRelativePathAndQuery: String {
        // Most requests reach forward-request with the URL they arrived with: reuse the last result.
        let unchanged = context.request.urlChanges == 0
        if unchanged, let cached = gateway.relativePathCache, cached.relative == forwarding.pathIsBackendRelative, cached.apiPath == apiPath,
           cached.urlText == originalUrlText {
            return cached.text
        }
        let text = composeBackendRelativePathAndQuery()
        if unchanged { gateway.relativePathCache = (originalUrlText, apiPath, forwarding.pathIsBackendRelative, text) }
        return text
    }

    func composeBackendRelativePathAndQuery() -> String {
        var path = context.request.url.path
        if !forwarding.pathIsBackendRelative, !apiPath.isEmpty {
            var suffix = Substring(apiPath)
            while suffix.first == "/" { suffix = suffix.dropFirst() }
            while suffix.last == "/" { suffix = suffix.dropLast() }
            let prefix = "/" + suffix
            if path == prefix { path = "" } else if path.hasPrefix(prefix + "/") { path = String(path.dropFirst(prefix.count)) }
        }
        return path + context.request.url.queryString
    }

    /// The backend for this attempt: id used for scripts and breakers, pool id, base URL, and the
    /// circuit breaker that counts the attempt's outcome.
    func resolveBackend(_ policy: Policy) throws -> (String, String?, String, Slot<CircuitBreakerState>?) {
        switch forwarding.target {
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
                circuitLog.append(event)
                events.append(TraceEvent(atMilliseconds: now, kind: .circuit, section: position.section.rawValue,
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
        circuitLog += transitions.events
        for event in transitions.events {
            let until = event.openUntilMs.map { "; open until \($0)ms" } ?? ""
            events.append(TraceEvent(atMilliseconds: event.atMs, kind: .circuit, section: position.section.rawValue, policy: policy.name,
                line: policy.location.line, detail: "\(backendID): circuit \(event.kind.rawValue) (\(event.reason))\(until)"))
        }
    }

    /// Simulates one call to a scripted backend: the entry that answers `request` (Docs/scenarios.md,
    /// `responses`), its timing against `timeout` (which counts to the headers or to the complete
    /// response, `scope`). An unscripted backend answers 200 with a warning; a scripted backend
    /// none of whose entries answers the call throws `RunAbort` (a scenario error).
    func call(_ key: String, _ request: OutgoingCall, timeout: Int64, scope: TimeoutScope, policy: Policy) throws -> CallOutcome {
        let script: ScriptedResponse
        switch gateway.nextResponse(for: key, call: request) {
        case .answer(let answer):
            script = answer
        case .unscripted:
            record(.warning, policy, "no scripted response for '\(key)'; answered 200")
            return CallOutcome(status: 200, reason: "OK", headers: [], body: nil, error: nil, durationMilliseconds: 0)
        case .unmatched(let cursor):
            throw RunAbort(message: Self.unmatchedMessage(key, cursor, request), location: cursor.location, policy: policy.name, line: policy.location.line)
        }
        var outcome = Self.outcome(of: script, timeout: timeout, scope: scope)
        if script.when != nil {
            outcome.answeredBy = "when at line \(script.when?.location.line ?? script.location.line)"
        } else if script.isDefault {
            outcome.answeredBy = "default at line \(script.location.line)"
        }
        return outcome
    }

    /// The outcome of a scripted entry on virtual time, against a timeout that counts to `scope`.
    static func outcome(of script: ScriptedResponse, timeout: Int64, scope: TimeoutScope) -> CallOutcome {
        if script.failure == .timeout {
            return CallOutcome(status: nil, reason: "", headers: [], body: nil, error: "Timeout", durationMilliseconds: timeout)
        }
        let latency = script.latencyMilliseconds
        let headersAt = script.headersMilliseconds
        let waitedFor = script.failure == .connection || scope == .completeResponse ? latency : headersAt
        if waitedFor > timeout {
            return CallOutcome(status: nil, reason: "", headers: [], body: nil, error: "Timeout", durationMilliseconds: timeout)
        }
        if script.failure == .connection {
            return CallOutcome(status: nil, reason: "", headers: [], body: nil, error: "BackendConnectionFailure", durationMilliseconds: latency)
        }
        var outcome = CallOutcome(status: script.status, reason: script.reason ?? HTTPStatus.reason(script.status), headers: script.headers,
            body: script.body, error: nil, durationMilliseconds: latency)
        if script.headersAfterMilliseconds != nil, headersAt < latency { outcome.headersMilliseconds = headersAt }
        if script.failure == .resetAfterHeaders {
            outcome.error = "BackendConnectionFailure"
            outcome.resetAfterHeaders = true
            outcome.message = "The backend reset the connection after sending the response headers, before the response body was complete"
        }
        return outcome
    }

    /// The error of a call that no entry of a scripted backend answers.
    static func unmatchedMessage(_ key: String, _ cursor: ScriptCursor, _ request: OutgoingCall) -> String {
        let shown = cursor.routed.prefix(4).map { "line \($0.location.line): \($0.when?.summary ?? "")" }
        let more = cursor.routed.count > 4 ? "; …" : ""
        let script = cursor.key == "*" ? "responses.'*'" : "responses.\(cursor.key)"
        return "no scripted response answers the call to '\(key)': \(request.method) \(request.url) — no 'when' entry of \(script) matches "
            + "(\(shown.joined(separator: "; "))\(more)) and it has no 'default: true' entry"
    }

    /// `when:` facts of a call made from this request's own headers and body (forward-request).
    func outgoingCall(method: String, url: String) -> OutgoingCall {
        OutgoingCall(method: method, url: url, headers: context.request.headers, body: context.request.body)
    }

    /// The request headers as sent, with correlation headers for this attempt.
    func outgoingHeaders(_ policy: Policy) -> [TraceHeader] {
        let headers = context.request.headers
        if let setAt = forwarding.traceparentSetAt, let value = headers.values("traceparent")?.first {
            // A value a policy set is sent as set on the next attempt; an attempt that finds it
            // already sent (a retry) is a new span of its trace: same trace-id and flags, new parent-id.
            let pending = forwarding.traceparentPending
            forwarding.traceparentPending = false
            if !TraceCorrelation.isValid(value) {
                let place = setAt.file == mainFile ? "line \(setAt.line)" : "\(setAt.file):\(setAt.line)"
                record(.warning, policy, "invalid traceparent '\(value)' sent to the backend (set by the policy at \(place))")
            } else if !pending, let next = TraceCorrelation.newSpan(of: value, random: &gateway.traceRandom) {
                headers.set("traceparent", [next])
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
}
