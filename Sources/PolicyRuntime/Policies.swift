import PolicyExpressions
import PolicyModel

/// What each policy does when it runs.
extension RequestExecution {
    /// True in inbound and backend, where header, body and query policies change the request.
    var onRequestSide: Bool { section == .inbound || section == .backend }

    func execute(_ policy: Policy) throws {
        if content.skipUntil != nil, skippedAfterCacheHit(policy) { return }
        gateway.coverage?.ran(policy)
        switch policy.kind {
        case .base:
            try runScopeSection(section, scope: scopeIndex - 1)
        case .choose(let choose):
            try runChoose(choose, policy)
        case .retry(let retry):
            try runRetry(retry, policy)
        case .wait(let wait):
            try runWait(wait, policy)
        case .limitConcurrency(let limit):
            try runLimitConcurrency(limit, policy)
        case .includeFragment(let include):
            try runFragment(include, policy)
        case .setBackendService(let service):
            try setBackendService(service, policy)
        case .forwardRequest(let forward):
            try forwardRequest(forward, policy)
        case .setVariable(let variable):
            try setVariable(variable, policy)
        case .setHeader(let header):
            try setHeader(header, policy, onRequest: onRequestSide)
        case .setQueryParameter(let parameter):
            try setQueryParameter(parameter, policy)
        case .setBody(let body):
            try setBody(body, policy, onRequest: onRequestSide)
        case .setStatus(let status):
            try setStatus(status, policy)
        case .setMethod(let method):
            let value = try text(method.method, in: policy) ?? "GET"
            context.request.method = value.uppercased()
            record(.policy, policy, "method \(value.uppercased())")
        case .rewriteUri(let rewrite):
            try rewriteUri(rewrite, policy)
        case .returnResponse(let response):
            try returnResponse(response, policy)
        case .mockResponse(let mock):
            let status = try integer(mock.statusCode, default: 200, in: policy)
            let contentType = try text(mock.contentType, in: policy) ?? "application/json"
            setResponse(status: status, reason: HTTPStatus.reason(status))
            context.response.headers = HeaderDictionary([("Content-Type", [contentType])])
            context.response.body = nil
            record(.policy, policy, "mocked response \(status) (\(contentType)); the rest of the pipeline is skipped")
            throw ResponseReturned()
        case .sendRequest(let request):
            try sendRequest(request, policy, oneWay: false)
        case .sendOneWayRequest(let request):
            try sendRequest(request, policy, oneWay: true)
        case .trace(let trace):
            try runTrace(trace, policy)
        case .authenticationManagedIdentity(let identity):
            try authenticateWithManagedIdentity(identity, policy)
        case .cacheLookupValue(let lookup):
            try cacheLookupValue(lookup, policy)
        case .cacheStoreValue(let store):
            try cacheStoreValue(store, policy)
        case .cacheRemoveValue(let remove):
            let key = try text(remove.key, in: policy) ?? ""
            gateway.store.values[key] = nil
            record(.policy, policy, "removed cache key \"\(key)\"")
        default:
            if try runLimitPolicy(policy) { return }
            if try runAccessPolicy(policy) { return }
            if try runContentPolicy(policy) { return }
            try runSimulatedOrSkip(policy)
        }
    }

    // MARK: Flow

    func runChoose(_ choose: Choose, _ policy: Policy) throws {
        for (index, when) in choose.whens.enumerated() {
            let taken: Bool
            if let condition = when.condition {
                taken = try bool(condition, default: false, in: policy)
            } else {
                taken = false
            }
            if taken {
                record(.policy, policy, "when[\(index + 1)] (line \(when.location.line)) taken")
                gateway.coverage?.took(index, of: policy)
                pathStack.append(PathStep("when", index + 1))
                defer { pathStack.removeLast() }
                try runPolicies(when.policies)
                return
            }
        }
        if let otherwise = choose.otherwise {
            record(.policy, policy, "otherwise taken")
            gateway.coverage?.took(choose.whens.count, of: policy)
            pathStack.append(PathStep("otherwise"))
            defer { pathStack.removeLast() }
            try runPolicies(otherwise)
        } else {
            record(.policy, policy, "no branch taken")
            gateway.coverage?.took(choose.whens.count, of: policy)
        }
    }

    func runFragment(_ include: IncludeFragment, _ policy: Policy) throws {
        let id = include.fragmentId?.text ?? ""
        guard let fragment = program.fragments[id] else {
            record(.warning, policy, "fragment '\(id)' is not in the scenario's fragments; skipped")
            return
        }
        record(.policy, policy, "fragment '\(id)'")
        let saved = currentFile
        currentFile = fragment.file.path
        defer { currentFile = saved }
        try runPolicies(fragment.fragmentPolicies)
    }

    /// `<wait for="all|any">`: children start together on the virtual clock; the wait ends when
    /// all (or the first) of them end.
    func runWait(_ wait: Wait, _ policy: Policy) throws {
        let mode = (try text(wait.waitFor, in: policy) ?? "all").lowercased()
        let start = now
        var ends: [Int64] = []
        for (index, child) in wait.policies.enumerated() {
            gateway.clock = start
            pathStack.append(PathStep(child.name, index + 1))
            defer { pathStack.removeLast() }
            try execute(child)
            ends.append(now)
        }
        let end = (mode == "any" ? ends.min() : ends.max()) ?? start
        gateway.clock = end
        context.now = gateway.now
        record(.wait, policy, "wait for \(mode): \(wait.policies.count) branch\(wait.policies.count == 1 ? "" : "es") took \(end - start)ms")
    }

    func runTrace(_ trace: Trace, _ policy: Policy) throws {
        let source = try text(trace.source, in: policy) ?? ""
        let severity = try text(trace.severity, in: policy) ?? "verbose"
        var message = try text(trace.message, in: policy) ?? ""
        if trace.message == nil, let inline = policy.element.text { message = try text(inline, in: policy) ?? "" }
        var metadata: [String] = []
        for item in trace.metadata {
            metadata.append("\(try text(item.name, in: policy) ?? "")=\(try text(item.value, in: policy) ?? "")")
        }
        let suffix = metadata.isEmpty ? "" : " {" + metadata.joined(separator: ", ") + "}"
        record(.trace, policy, "[\(severity)] \(source): \(message)\(suffix)")
    }

    // MARK: Variables, headers, body

    func setVariable(_ variable: SetVariable, _ policy: Policy) throws {
        let name = variable.name?.text ?? ""
        let value = try variable.value.map { value throws(PolicyFailure) in try evaluate(value, in: policy) } ?? .null
        guard VariableTypes.isAllowed(value) else {
            throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "Expression evaluation failed. Variable '\(name)' cannot hold a value of type '\(value.typeName)'; context.Variables accepts primitives, string, Guid, DateTime, TimeSpan, byte[] and JSON tokens.")
        }
        context.variables.set(name, value)
        record(.variable, policy, "\(name) = \(Self.display(value))")
    }

    func headerValues(_ header: SetHeader, _ policy: Policy) throws -> [String] {
        var values: [String] = []
        for value in header.values {
            if let text = try text(value, in: policy) { values.append(text) }
        }
        return values
    }

    func setHeader(_ header: SetHeader, _ policy: Policy, onRequest: Bool) throws {
        let name = try text(header.name, in: policy) ?? ""
        let action = Self.existsAction(try text(header.existsAction, in: policy))
        let values = try headerValues(header, policy)
        let headers = onRequest ? context.request.headers : context.response.headers
        let exists = headers.apply(existsAction: action, name, values)
        if onRequest, name.utf8.count == 11, name.lowercased() == "traceparent", action != "delete" {
            traceparentSetAt = (policy.location.line, currentFile)
        }
        guard recordsEvents else { return }
        let target = onRequest ? "request" : "response"
        let shown = action == "delete" ? "" : ": " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        record(.policy, policy, "\(target) header \(name) \(action)\(action == "skip" && exists ? " (exists, kept)" : "")\(shown)")
    }

    /// An `exists-action` value in lower case (`override` when absent); the four documented
    /// spellings are taken as they are.
    static func existsAction(_ text: String?) -> String {
        guard let text else { return "override" }
        switch text {
        case "override", "skip", "append", "delete": return text
        default: return lowercased(text)
        }
    }


    func setQueryParameter(_ parameter: SetHeader, _ policy: Policy) throws {
        let name = try text(parameter.name, in: policy) ?? ""
        let action = (try text(parameter.existsAction, in: policy) ?? "override").lowercased()
        let values = try headerValues(parameter, policy)
        var query = context.request.url.query
        let index = query.firstIndex { $0.0 == name }
        switch action {
        case "delete":
            query.removeAll { $0.0 == name }
        case "skip":
            if index == nil { query.append((name, values)) }
        case "append":
            if let index { query[index].1 += values } else { query.append((name, values)) }
        default:
            if let index { query[index].1 = values } else { query.append((name, values)) }
        }
        context.request.url.query = query
        record(.policy, policy, "query parameter \(name) \(action)")
    }

    func setBody(_ body: SetBody, _ policy: Policy, onRequest: Bool) throws {
        let template = try text(body.template, in: policy)?.lowercased()
        var content: String
        if template == "liquid" {
            content = try renderLiquid(body, policy, onRequest: onRequest)
        } else {
            content = try text(body.body, in: policy) ?? ""
        }
        if let xsiNil = try text(body.xsiNil, in: policy)?.lowercased(), xsiNil == "blank" || xsiNil == "null" { content = "" }
        let message = MessageBody(text: content)
        if onRequest { context.request.body = message } else { context.response.body = message }
        record(.policy, policy, "\(onRequest ? "request" : "response") body set (\(content.utf8.count) bytes)")
    }

    func setStatus(_ status: SetStatus, _ policy: Policy) throws {
        let code = try integer(status.code, default: 200, in: policy)
        let reason = try text(status.reason, in: policy) ?? HTTPStatus.reason(code)
        setResponse(status: code, reason: reason)
        record(.policy, policy, "status \(code) \(reason)")
    }

    func returnResponse(_ response: ReturnResponse, _ policy: Policy) throws {
        if let variable = response.responseVariableName?.text {
            if case .object(let object)? = context.variables.get(variable), let stored = object as? ResponseData {
                context.response = ResponseData(statusCode: stored.statusCode, statusReason: stored.statusReason,
                    headers: HeaderDictionary(stored.headers.entries.map { ($0.name, $0.values) }), body: stored.body.map { MessageBody(bytes: $0.bytes) })
            } else {
                throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                    message: "Expression evaluation failed. Variable '\(variable)' does not hold a response.")
            }
        } else {
            context.response = ResponseData(statusCode: 200, statusReason: "OK")
        }
        let parts = response.parts
        if let status = parts.setStatus { try setStatus(status, policy) }
        for header in parts.headers { try setHeader(header, policy, onRequest: false) }
        if let body = parts.body { try setBody(body, policy, onRequest: false) }
        record(.policy, policy, "returns \(context.response.statusCode) \(context.response.statusReason); the rest of the pipeline is skipped")
        throw ResponseReturned()
    }

    // MARK: Managed identity and the value cache

    /// A deterministic fake token for the resource: into the variable, or as `Authorization: Bearer`.
    func authenticateWithManagedIdentity(_ identity: AuthenticationManagedIdentity, _ policy: Policy) throws {
        let resource = try text(identity.resource, in: policy) ?? ""
        let clientID = try text(identity.clientId, in: policy)
        if let refusal = gateway.access.managedIdentities?.refusal(resource: resource, clientID: clientID) {
            let message = "Unable to acquire a managed identity token: \(refusal)."
            if try bool(identity.ignoreError, default: false, in: policy) {
                record(.warning, policy, "\(message) ignore-error is true: no token is set")
                return
            }
            throw PolicyFailure(source: policy.name, reason: "ManagedIdentityTokenAcquisitionFailed", message: message)
        }
        let token = SimulatedTokens.managedIdentity(resource: resource)
        if let variable = try text(identity.outputTokenVariableName, in: policy) {
            context.variables.set(variable, .string(token))
            record(.policy, policy, "simulated token for \(resource) stored in \(variable)")
        } else {
            context.request.headers.set("Authorization", ["Bearer " + token])
            record(.policy, policy, "simulated token for \(resource) sent as Authorization: Bearer")
        }
    }

    func cacheLookupValue(_ lookup: CacheLookupValue, _ policy: Policy) throws {
        let key = try text(lookup.key, in: policy) ?? ""
        let name = lookup.variableName?.text ?? ""
        if let entry = gateway.store.values[key], entry.expires > now {
            context.variables.set(name, entry.value)
            record(.policy, policy, "cache hit for \"\(key)\": \(name) = \(Self.display(entry.value))")
            return
        }
        let fallback = try lookup.defaultValue.map { value throws(PolicyFailure) in try evaluate(value, in: policy) } ?? .null
        context.variables.set(name, fallback)
        record(.policy, policy, "cache miss for \"\(key)\": \(name) = \(Self.display(fallback))")
    }

    func cacheStoreValue(_ store: CacheStoreValue, _ policy: Policy) throws {
        let key = try text(store.key, in: policy) ?? ""
        let value = try store.value.map { value throws(PolicyFailure) in try evaluate(value, in: policy) } ?? .null
        let seconds = try self.seconds(store.duration, default: 0, in: policy)
        let expires = now &+ Int64(min(max(0, seconds), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        gateway.store.values[key] = (value, expires)
        record(.policy, policy, "cached \"\(key)\" for \(Int64(seconds * 1000))ms")
    }

    // MARK: Not simulated

    func runSimulatedOrSkip(_ policy: Policy) throws {
        record(.warning, policy, "'\(policy.name)' is not simulated; skipped")
    }
}

/// The types `context.Variables` accepts (apim-semantics §8).
enum VariableTypes {
    static func isAllowed(_ value: Value) -> Bool {
        switch value {
        case .null, .bool, .char, .byte, .int, .long, .ulong, .float, .double, .decimal, .string, .dateTime, .dateTimeOffset, .timeSpan, .guid:
            return true
        case .array(let array):
            return array.elementType.lowercased() == "byte"
        case .object(let object):
            return object is JTokenObject || object is ResponseData || object.typeName.hasPrefix("J")
        case .list, .dictionary, .function:
            return false
        }
    }
}

/// Reason phrases for status codes.
enum HTTPStatus {
    static func reason(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}
