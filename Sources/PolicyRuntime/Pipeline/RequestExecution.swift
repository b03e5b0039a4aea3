import PolicyBackends
import PolicyExpressions
import PolicyModel
import PolicySource

/// Where the request goes when `forward-request` runs.
enum BackendTarget: Sendable {
    /// `set-backend-service base-url`: answered by the URL's host.
    case url(String)
    /// `set-backend-service backend-id`: a backend or pool of the scenario's backends.
    case backend(String)
}

/// One step of `context.LastError.Path`: `set-header[2]`, `when[1]`, `otherwise`.
struct PathStep {
    let name: String
    let index: Int?
    init(_ name: String, _ index: Int? = nil) {
        self.name = name
        self.index = index
    }
    var text: String { index.map { "\(name)[\($0)]" } ?? name }
}

/// Where in the pipeline a request is: for trace events, `context.LastError` and coverage.
struct PipelinePosition {
    var section: PolicySection = .inbound
    /// The running scope, an index into the layout's scopes (0: the narrowest).
    var scopeIndex = 0
    /// The document whose policies run now (scopes and fragments have their own files).
    var file: String
    /// Where in the document the running policy is, rendered only when an error needs the path.
    var pathStack: [PathStep]
}

/// What `set-backend-service`, `rewrite-uri` and `set-header traceparent` leave for
/// `forward-request`, and the attempts it made.
struct ForwardingState {
    var target: BackendTarget?
    var attempts: [BackendAttempt] = []
    /// Number of forward-request attempts made so far for this request.
    var count = 0
    /// The line of the policy that set `traceparent` on the request, when one did.
    var traceparentSetAt: (line: Int, file: String)?
    /// The policy's traceparent value has not been sent yet: the next attempt sends it as set;
    /// later attempts that find it unchanged are new spans (same trace-id and flags, new parent-id).
    var traceparentPending = false
    /// Set by rewrite-uri: the request path is already relative to the backend's URL.
    var pathIsBackendRelative = false
    /// A response body still streaming to the caller (forward-request buffer-response="false").
    var streamEnd: StreamedBody?
}

/// A backend response whose body streams on after the pipeline has moved on (buffer-response="false").
struct StreamedBody {
    /// When the backend has sent the whole body (or reset the connection).
    var atMilliseconds: Int64
    var backend: String
    /// `fail: reset-after-headers`: the connection is reset at that time instead.
    var reset: Bool
    /// The forward-request policy's line and document.
    var line: Int
    var file: String
}

/// Runs one request through the pipeline: sections in order, `<base/>` across scopes, on-error
/// with `context.LastError`, and the trace of everything that happened.
final class RequestExecution {
    let gateway: GatewayState
    /// The program's scopes and sections, laid out once per run.
    let layout: ProgramLayout
    /// The program being run (held by the layout: one reference per request, not a struct copy).
    var program: PolicyProgram { layout.program }
    /// The URL the request arrived with, as the trace prints it (`context.Request.OriginalUrl`
    /// never changes).
    let originalUrlText: String
    let context: PolicyContext
    let arrivedAt: Int64
    let originalMethod: String
    var events: [TraceEvent] = []
    /// Circuit transitions and retry waits, kept at every trace detail for the run's summary.
    var circuitLog: [CircuitBreakerState.Event] = []
    var retryWaits: [RetryWait] = []
    /// Where in the pipeline the running policy is.
    var position: PipelinePosition
    let mainFile: String
    /// What forward-request has been told and has done.
    var forwarding = ForwardingState()
    /// Incoming trace context (W3C) or the one started for this request.
    var trace: TraceCorrelation
    /// Named values already reported as missing (warned once per request).
    var missingNamedValues: Set<String> = []
    /// `wait` nesting: forward/send-request timing is measured from here.
    var hasBackendSection: Bool
    /// Counting and headers the limit policies leave for later in this request.
    var limitState = RequestLimitState()
    /// State of the caching, CORS and transformation policies (Pipeline/ContentState.swift).
    var content = ContentState()
    /// Events are written down (trace detail `.full`); at `.summary` they are not even formatted.
    let recordsEvents: Bool
    /// `context.Response` is a backend's answer relayed as it came (forward-request, or a cache
    /// hit of a stored one); false while it is the gateway's own (no backend call, return-response,
    /// mock-response, an error's status): those get `Content-Length` when sent (`sendContentLength`).
    var responseRelayed = false
    /// Set when routing found no API or operation for the request (the reason).
    let notFound: String?
    /// The API's URL suffix (`context.Api.Path`), stripped from the request path when forwarding.
    var apiPath: String { routeApiPrefix ?? context.api?.path ?? "" }
    /// The API part of the request path as routing matched it (a revision or version segment included).
    let routeApiPrefix: String?

    /// `urlText`: `url.absoluteString`, and `method`: the request's method in upper case, both made
    /// once per scenario request by the caller (nil: here).
    /// `route`: the routing decision of a routed scenario (nil: the scenario's own program).
    init(gateway: GatewayState, request: ScenarioRequest, url: RequestUrl, urlText: String? = nil, method: String? = nil,
         route: ScenarioRouting.Decision? = nil) {
        self.gateway = gateway
        self.originalUrlText = urlText ?? url.absoluteString
        var routeIndex: Int?
        var routeApiPrefix: String?
        if case .target(let index, _, let prefix) = route, gateway.routeLayouts.indices.contains(index) {
            routeIndex = index
            routeApiPrefix = prefix
        }
        self.routeApiPrefix = routeApiPrefix
        if case .notFound(let reason) = route { notFound = reason } else { notFound = nil }
        self.layout = routeIndex.map { gateway.routeLayouts[$0] } ?? gateway.layout
        self.arrivedAt = gateway.clock
        let method = method ?? Self.uppercased(request.method)
        self.originalMethod = method
        // A routed request names every file: requests of one scenario reach different operations.
        self.mainFile = routeIndex == nil ? layout.mainFile : ""
        self.position = PipelinePosition(file: layout.mainFile, pathStack: gateway.takePathBuffer())
        let context = gateway.nextContext()
        context.recycle(method: method, url: url, headers: request.headers, bodyText: request.body,
                        ipAddress: gateway.clientIPAddress, timestamp: gateway.now, random: gateway.contextRandom)
        if let routeIndex {
            gateway.routeContexts[routeIndex].apply(to: context)
            if case .target(_, let parameters, _) = route { context.request.matchedParameters = parameters }
        } else {
            gateway.contextValues.apply(to: context)
        }
        self.context = context
        self.trace = TraceCorrelation(incoming: request.headers, random: &gateway.traceRandom)
        self.recordsEvents = gateway.detail == .full
        self.hasBackendSection = layout.hasBackendSection
    }

    /// `text.uppercased()` / `text.lowercased()`, without a new string when nothing changes (the
    /// usual case: methods arrive upper-case, exists-actions lower-case).
    static func uppercased(_ text: String) -> String {
        text.utf8.contains { $0 >= 0x61 && $0 <= 0x7A || $0 >= 0x80 } ? text.uppercased() : text
    }

    static func lowercased(_ text: String) -> String {
        text.utf8.contains { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 } ? text.lowercased() : text
    }

    /// The running scope's name (`context.LastError.Scope`).
    var currentScopeName: String {
        layout.scopeNames.indices.contains(position.scopeIndex) ? layout.scopeNames[position.scopeIndex] : ""
    }

    /// Virtual time now, relative to the scenario's start.
    var now: Int64 { gateway.clock }

    /// Moves the virtual clock forward and keeps `DateTime.UtcNow` in step.
    func advance(by milliseconds: Int64) {
        gateway.clock &+= max(0, milliseconds)
        context.now = gateway.now
    }

    // MARK: - The pipeline

    func run() -> RequestTrace {
        context.now = gateway.now
        if let notFound {
            // No API or operation of the tree matches: the gateway answers before any policy runs.
            record(.error, detail: "no route: \(notFound); APIM answers 404 before any policy runs")
            setResponse(status: 404, reason: "Not Found")
            context.response.headers.set("Content-Type", ["application/json"])
            context.response.body = MessageBody(text: "{ \"statusCode\": 404, \"message\": \"Resource not found\" }")
            sendContentLength()
            gateway.contextRandom = context.random
            gateway.returnPathBuffer(&position.pathStack)
            return makeTrace()
        }
        do {
            do {
                try runSection(.inbound)
                try runSection(.backend)
            } catch is CacheHit {
                // A cache lookup answered: outbound continues after the matching store policy.
            }
            try runSection(.outbound)
        } catch is ResponseReturned {
            responseRelayed = false
        } catch let failure as PolicyFailure {
            handle(failure)
        } catch let abort as RunAbort {
            stop(abort)
        } catch {
            record(.error, detail: "\(error)")
            setResponse(status: 500, reason: "Internal Server Error")
            responseRelayed = false
        }
        finishStreamedBody()
        finishLimitPolicies()
        finishContentPolicies()
        sendContentLength()
        gateway.contextRandom = context.random
        gateway.returnPathBuffer(&position.pathStack)
        return makeTrace()
    }

    /// Runs on-error after a failure; an error inside on-error ends the call with 500.
    func handle(_ failure: PolicyFailure) {
        context.lastError = failure.lastError
        if !failure.keepsResponse || context.response.statusCode < 400 {
            setResponse(status: failure.status, reason: failure.statusReason)
        }
        // Only forward-request's fail-on-error-status-code keeps the backend's own answer.
        if !(failure.keepsResponse && failure.source == "forward-request" && context.response.statusCode >= 400) {
            responseRelayed = false
        }
        record(.error, policy: failure.source, line: failure.line, file: failure.file,
            detail: "\(failure.reason): \(failure.message) → on-error")
        do {
            try runSection(.onError)
        } catch is ResponseReturned {
            responseRelayed = false
        } catch let inner as PolicyFailure {
            context.lastError = inner.lastError
            record(.error, policy: inner.source, line: inner.line, file: inner.file, detail: "\(inner.reason) in on-error: \(inner.message); the call ends with 500")
            setResponse(status: 500, reason: "Internal Server Error")
            responseRelayed = false
        } catch let abort as RunAbort {
            stop(abort)
        } catch {
            record(.error, detail: "\(error)")
            setResponse(status: 500, reason: "Internal Server Error")
            responseRelayed = false
        }
    }

    /// A response the gateway writes itself carries `Content-Length`: the body's UTF-8 byte count
    /// (0 without a body), replacing any value a policy set; none on 1xx, 204 and 304. A relayed
    /// backend response keeps the headers the backend sent. Only the trace shows response headers,
    /// so a run that records no events skips this.
    func sendContentLength() {
        guard recordsEvents, !responseRelayed else { return }
        let status = context.response.statusCode
        let headers = context.response.headers
        if status < 200 || status == 204 || status == 304 {
            return
        }
        headers.set("Content-Length", [String(context.response.body?.bytes.count ?? 0)])
    }

    /// A broken scenario (not the policy's doing): the request ends with 500 and an `error`
    /// event, and the runner stops the run with a scenario error once this request's trace is out.
    func stop(_ abort: RunAbort) {
        record(.error, policy: abort.policy, line: abort.line, detail: "scenario error: \(abort.message)")
        setResponse(status: 500, reason: "Internal Server Error")
        responseRelayed = false
        if gateway.abort == nil { gateway.abort = abort }
    }

    /// With buffer-response="false" the caller has the whole response only when the backend has
    /// sent its body: the request ends then (or when the backend resets the connection mid-body,
    /// which the caller sees as a response cut short — on-error cannot run any more).
    func finishStreamedBody() {
        guard let stream = forwarding.streamEnd else { return }
        forwarding.streamEnd = nil
        if stream.atMilliseconds > now { advance(by: stream.atMilliseconds - now) }
        let detail = stream.reset
            ? "\(stream.backend): connection reset mid-body at \(stream.atMilliseconds)ms while the body streamed to the caller; the caller's response is cut short (status and headers were already sent, on-error does not run)"
            : "\(stream.backend): the streamed body is complete at \(stream.atMilliseconds)ms"
        guard recordsEvents else { return }
        events.append(TraceEvent(atMilliseconds: now, kind: stream.reset ? .error : .attempt, section: PolicySection.backend.rawValue,
            policy: "forward-request", line: stream.line, file: stream.file == mainFile ? nil : stream.file, detail: detail))
    }

    func setResponse(status: Int, reason: String) {
        context.response.statusCode = Int32(clamping: status)
        context.response.statusReason = reason
    }

    /// Runs a section starting at the narrowest scope.
    func runSection(_ kind: PolicySection) throws {
        position.section = kind
        try runScopeSection(kind, scope: layout.files.count - 1)
    }

    /// Runs section `kind` of the document at `scope`; `<base/>` inside steps to `scope - 1`.
    func runScopeSection(_ kind: PolicySection, scope: Int) throws {
        guard let policies = layout.policies(kind, scope: scope) else { return }
        let savedScope = position.scopeIndex
        let savedFile = position.file
        position.scopeIndex = scope
        position.file = layout.files[scope]
        defer {
            position.scopeIndex = savedScope
            position.file = savedFile
        }
        try runPolicies(policies)
    }

    /// Runs policies in order; a failure is annotated with where it happened.
    func runPolicies(_ policies: [Policy]) throws {
        for (index, policy) in policies.enumerated() {
            position.pathStack.append(PathStep(policy.name, index + 1))
            defer { position.pathStack.removeLast() }
            do {
                try execute(policy)
            } catch var failure as PolicyFailure {
                if failure.path.isEmpty {
                    failure.path = position.pathStack.map(\.text).joined(separator: "\\")
                    failure.section = position.section.rawValue
                    failure.policyId = policy.id ?? ""
                    failure.scope = currentScopeName
                    if failure.line == nil { failure.line = policy.location.line }
                    failure.file = position.file
                }
                throw failure
            }
        }
    }

    // MARK: - Trace

    /// Records an event at the current virtual time.
    func record(_ kind: TraceEvent.Kind, policy: String? = nil, line: Int? = nil, file: String? = nil, detail: @autoclosure () -> String) {
        guard recordsEvents else { return }
        let file = file ?? position.file
        events.append(TraceEvent(
            atMilliseconds: now, kind: kind, section: position.section.rawValue, policy: policy, line: line,
            file: file == mainFile ? nil : file, detail: detail()))
    }

    func record(_ kind: TraceEvent.Kind, _ policy: Policy, _ detail: @autoclosure () -> String) {
        guard recordsEvents else { return }
        record(kind, policy: policy.name, line: policy.location.line, detail: detail())
    }

    func makeTrace() -> RequestTrace {
        var trace = makeRequestTrace()
        trace.circuitEvents = circuitLog
        trace.retryWaits = retryWaits
        return trace
    }

    private func makeRequestTrace() -> RequestTrace {
        let response = context.response
        guard recordsEvents else {
            let lastError = context.lastError
            return RequestTrace(
                method: originalMethod, url: originalUrlText, atMilliseconds: arrivedAt,
                response: TraceResponse(status: Int(response.statusCode), reason: response.statusReason, headers: [], body: nil),
                elapsedMilliseconds: now - arrivedAt, attempts: forwarding.attempts, events: [], lastError: lastError, variables: [])
        }
        var body: String?
        if let bytes = response.body?.bytes, !bytes.isEmpty { body = String(decoding: bytes, as: UTF8.self) }
        let headers = response.headers.entries.flatMap { entry in entry.values.map { TraceHeader(entry.name, $0) } }
        let variables = context.variables.all
            .map { (name: $0.0, value: Self.display($0.1)) }
            .sorted { $0.name < $1.name }
        let lastError = context.lastError
        return RequestTrace(
            method: originalMethod,
            url: originalUrlText, atMilliseconds: arrivedAt,
            response: TraceResponse(status: Int(response.statusCode), reason: response.statusReason, headers: headers, body: body),
            elapsedMilliseconds: now - arrivedAt, attempts: forwarding.attempts, events: events, lastError: lastError, variables: variables)
    }

    /// A value as the trace prints it: strings quoted, everything else as .NET's ToString().
    static func display(_ value: Value) -> String {
        if case .object(let object) = value, let response = object as? ResponseData {
            return "IResponse(\(response.statusCode) \(response.statusReason))"
        }
        switch value {
        case .string(let text): return "\"" + text + "\""
        case .null: return "null"
        default: return value.dotNetString
        }
    }
}
