import PolicyBackends
import PolicyExpressions
import PolicyModel

/// set-backend-service, rewrite-uri and retry, with the backend URL composition they share.
/// forward-request and send-request are in Forwarding.swift.
extension RequestExecution {
    // MARK: set-backend-service

    func setBackendService(_ service: SetBackendService, _ policy: Policy) throws {
        if let id = try text(service.backendId, in: policy) {
            backendTarget = .backend(id)
            record(.policy, policy, "\(program.backends[id].map { $0.isPool ? "pool" : "backend" } ?? "backend") \(id)")
        } else if let url = try text(service.baseUrl, in: policy) {
            backendTarget = .url(url)
            record(.policy, policy, "base-url \(url)")
        }
    }

    // MARK: rewrite-uri

    func rewriteUri(_ rewrite: RewriteUri, _ policy: Policy) throws {
        let template = try text(rewrite.template, in: policy) ?? "/"
        let copyUnmatched = try bool(rewrite.copyUnmatchedParams, default: true, in: policy)
        var used: Set<String> = []
        var path = ""
        var index = template.startIndex
        while index < template.endIndex {
            let char = template[index]
            if char == "{", let close = template[index...].firstIndex(of: "}") {
                let name = String(template[template.index(after: index)..<close])
                used.insert(name)
                let value = context.request.matchedParameters.first { $0.0 == name }?.1
                    ?? context.request.url.query.first { $0.0 == name }?.1.first ?? ""
                path += value
                index = template.index(after: close)
            } else {
                path.append(char)
                index = template.index(after: index)
            }
        }
        var query: [(String, [String])] = []
        if let mark = path.firstIndex(of: "?") {
            for pair in path[path.index(after: mark)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((String(parts[0]), [parts.count > 1 ? String(parts[1]) : ""]))
            }
            path = String(path[..<mark])
        }
        if copyUnmatched {
            for (name, values) in context.request.url.query where !used.contains(name) && !query.contains(where: { $0.0 == name }) {
                query.append((name, values))
            }
        }
        context.request.url.path = path.hasPrefix("/") ? path : "/" + path
        context.request.url.query = query
        pathIsBackendRelative = true
        record(.policy, policy, "uri \(context.request.url.path)\(context.request.url.queryString)")
    }

    /// The request path relative to the backend (API suffix removed) with its query string.
    var backendRelativePathAndQuery: String {
        // Most requests reach forward-request with the URL they arrived with: reuse the last result.
        let unchanged = context.request.urlChanges == 0
        if unchanged, let cached = gateway.relativePathCache, cached.relative == pathIsBackendRelative, cached.apiPath == apiPath,
           cached.urlText == originalUrlText {
            return cached.text
        }
        let text = composeBackendRelativePathAndQuery()
        if unchanged { gateway.relativePathCache = (originalUrlText, apiPath, pathIsBackendRelative, text) }
        return text
    }

    private func composeBackendRelativePathAndQuery() -> String {
        var path = context.request.url.path
        if !pathIsBackendRelative, !apiPath.isEmpty {
            var suffix = Substring(apiPath)
            while suffix.first == "/" { suffix = suffix.dropFirst() }
            while suffix.last == "/" { suffix = suffix.dropLast() }
            let prefix = "/" + suffix
            if path == prefix { path = "" } else if path.hasPrefix(prefix + "/") { path = String(path.dropFirst(prefix.count)) }
        }
        return path + context.request.url.queryString
    }

    // MARK: retry

    func runRetry(_ retry: Retry, _ policy: Policy) throws {
        let count = try integer(retry.count, default: 1, in: policy)
        let interval = try seconds(retry.interval, default: 0, in: policy)
        let maxInterval = try retry.maxInterval.map { value throws(PolicyFailure) in try seconds(value, default: 0, in: policy) }
        let delta = try retry.delta.map { value throws(PolicyFailure) in try seconds(value, default: 0, in: policy) }
        let firstFast = try bool(retry.firstFastRetry, default: false, in: policy)
        guard count >= 0, count <= RuntimeLimits.maxRetryCount else {
            throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "retry count \(count) is outside 1–\(RuntimeLimits.maxRetryCount)")
        }
        var retries = 0
        while true {
            var failure: PolicyFailure?
            do {
                try runPolicies(retry.policies)
            } catch let error as PolicyFailure {
                failure = error
                context.lastError = error.lastError
                if !error.keepsResponse { setResponse(status: error.status, reason: error.statusReason) }
            }
            let again = try bool(retry.condition, default: false, in: policy)
            guard again, retries < count else {
                if retries > 0 || again {
                    record(.policy, policy, again ? "retries exhausted after \(retries) of \(count)" : "condition false after \(retries == 0 ? "the first run" : "retry \(retries)")")
                } else {
                    record(.policy, policy, "condition false after the first run")
                }
                if let failure { throw failure }
                return
            }
            retries += 1
            let wait = retryWait(k: retries, interval: interval, maxInterval: maxInterval, delta: delta, firstFast: firstFast)
            if let failure { record(.policy, policy, "error \(failure.reason) is retried") }
            record(.wait, policy, "retry \(retries) of \(count) after \(wait)ms")
            advance(by: wait)
        }
    }

    /// Wait before the k-th retry (apim-semantics §5), in milliseconds.
    func retryWait(k: Int, interval: Double, maxInterval: Double?, delta: Double?, firstFast: Bool) -> Int64 {
        if firstFast, k == 1 { return 0 }
        var seconds: Double
        switch (delta, maxInterval) {
        case (let delta?, let maxInterval?):
            var jittered = delta
            if gateway.jitter { jittered = delta * (0.8 + 0.4 * gateway.jitterRandom.nextUnitDouble()) }
            let growth = pow2(k - 1) - 1
            seconds = min(interval + growth * jittered, maxInterval)
        case (let delta?, nil):
            seconds = interval + Double(k - 1) * delta
        case (nil, let maxInterval?):
            seconds = min(interval, maxInterval)
        case (nil, nil):
            seconds = interval
        }
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int64(min(seconds * 1000, Double(RuntimeLimits.maxVirtualMilliseconds)).rounded())
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 60 ? Double.greatestFiniteMagnitude : Double(UInt64(1) << UInt64(max(0, exponent)))
    }
}

/// Upper bounds that keep a run finite.
public enum RuntimeLimits {
    public static let maxRetryCount = 50
    /// No scenario may move the virtual clock past 30 days.
    public static let maxVirtualMilliseconds: Int64 = 30 * 24 * 3_600_000
}
