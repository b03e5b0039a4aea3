import Foundation
import PolicyExpressions
import PolicyModel

/// Policies of the rest of the gateway: rate limits, quotas, token limits, concurrency, metrics and event logging.
extension RequestExecution {
    /// Runs `policy` when it belongs to this family; `false` when it does not.
    func runLimitPolicy(_ policy: Policy) throws -> Bool {
        switch policy.kind {
        case .rateLimit(let limit):
            try runRateLimit(limit, policy, byKey: false)
            return true
        case .rateLimitByKey(let limit):
            try runRateLimit(limit, policy, byKey: true)
            return true
        case .quota(let quota):
            try runQuota(quota, policy, byKey: false)
            return true
        case .quotaByKey(let quota):
            try runQuota(quota, policy, byKey: true)
            return true
        default:
            break
        }
        switch policy.name {
        case "azure-openai-token-limit", "llm-token-limit":
            try runTokenLimit(policy)
        case "azure-openai-emit-token-metric", "llm-emit-token-metric":
            try runEmitTokenMetric(policy)
        case "llm-content-safety":
            try runContentSafety(policy)
        case "emit-metric":
            try runEmitMetric(policy)
        case "log-to-eventhub":
            try runLogToEventHub(policy)
        case "send-service-bus-message":
            try runSendServiceBusMessage(policy)
        case "publish-to-dapr":
            try runPublishToDapr(policy)
        case "invoke-dapr-binding":
            try runInvokeDaprBinding(policy)
        default:
            return false
        }
        return true
    }

    // MARK: rate-limit, rate-limit-by-key

    /// One limit that applies to this call: the policy's own, or a nested `<api>` / `<operation>`.
    private struct AppliedLimit {
        var label: String
        var key: String
        var calls: Int
        var period: Int64
    }

    func runRateLimit(_ limit: RateLimit, _ policy: Policy, byKey: Bool) throws {
        var applied: [AppliedLimit] = []
        let scope = currentScopeName
        if byKey {
            let key = try text(limit.counterKey, in: policy) ?? ""
            if let calls = try limitNumber(limit.calls, "calls", policy) {
                let period = try limitPeriod(limit.renewalPeriod, policy)
                applied.append(AppliedLimit(label: "key \"\(key)\"", key: "rate-limit-by-key|" + key, calls: calls, period: period))
            }
        } else {
            guard let subscription = context.subscription?.id, !subscription.isEmpty else {
                record(.policy, policy, "no subscription on this call; rate-limit counts calls per subscription, so nothing is counted")
                return
            }
            let base = "rate-limit|\(subscription)|\(scope)|\(currentFile)|\(policy.location.line)"
            if let calls = try limitNumber(limit.calls, "calls", policy) {
                applied.append(AppliedLimit(label: "subscription \(subscription)", key: base,
                    calls: calls, period: try limitPeriod(limit.renewalPeriod, policy)))
            }
            for api in policy.element.elements(named: "api") where matchesApi(api) {
                let apiLabel = api["name"]?.text ?? api["id"]?.text ?? ""
                if let calls = try limitNumber(api["calls"], "calls", policy) {
                    applied.append(AppliedLimit(label: "subscription \(subscription), api \(apiLabel)", key: base + "|api:" + apiLabel,
                        calls: calls, period: try limitPeriod(api["renewal-period"], policy)))
                }
                for operation in api.elements(named: "operation") where matchesOperation(operation) {
                    let operationLabel = operation["name"]?.text ?? operation["id"]?.text ?? ""
                    guard let calls = try limitNumber(operation["calls"], "calls", policy) else { continue }
                    applied.append(AppliedLimit(label: "subscription \(subscription), operation \(operationLabel)",
                        key: base + "|api:" + apiLabel + "|operation:" + operationLabel,
                        calls: calls, period: try limitPeriod(operation["renewal-period"], policy)))
                }
            }
        }
        let count = Self.boundedLimit(try integer(limit.incrementCount, default: 1, in: policy))
        let retryHeader = try text(limit.retryAfterHeaderName, in: policy) ?? "Retry-After"
        let retryVariable = try text(limit.retryAfterVariableName, in: policy)
        let remainingHeader = try text(limit.remainingCallsHeaderName, in: policy)
        let remainingVariable = try text(limit.remainingCallsVariableName, in: policy)
        let totalHeader = try text(limit.totalCallsHeaderName, in: policy)

        // The check: a limit is exceeded when this call's count no longer fits in its window.
        // A `*-by-key` counter this request already counted (another policy, same key) is not checked again.
        var exceeded: (limit: AppliedLimit, wait: Int64)?
        for item in applied where !(byKey && limitState.incrementedKeys.contains(item.key)) {
            var window = gateway.store.limits.windows[item.key] ?? SlidingWindow()
            window.prune(now: now, period: item.period)
            gateway.store.limits.windows[item.key] = window
            let wait = window.wait(toFit: max(count, 1), limit: item.calls, now: now, period: item.period)
            if window.total >= item.calls || window.total > item.calls - count, wait >= (exceeded?.wait ?? 0) {
                exceeded = (item, max(wait, 1))
            }
        }
        if let exceeded {
            let seconds = retryAfterSeconds(exceeded.wait)
            if let retryVariable { context.variables.set(retryVariable, .int(Int32(clamping: seconds))) }
            if let remainingVariable { context.variables.set(remainingVariable, .int(0)) }
            var headers: [(String, [String])] = [("Content-Type", ["application/json"]), (retryHeader, [String(seconds)])]
            if let remainingHeader { headers.append((remainingHeader, ["0"])) }
            if let totalHeader { headers.append((totalHeader, [String(exceeded.limit.calls)])) }
            let message = "Rate limit is exceeded. Try again in \(seconds) seconds."
            context.response.headers = HeaderDictionary(headers)
            context.response.body = MessageBody(text: "{ \"statusCode\": 429, \"message\": \"\(message)\" }")
            let used = gateway.store.limits.windows[exceeded.limit.key]?.total ?? 0
            record(.policy, policy, "\(exceeded.limit.label): \(used) of \(exceeded.limit.calls) calls in \(exceeded.limit.period / 1000)s used → 429, \(retryHeader): \(seconds)")
            throw PolicyFailure(source: policy.name, reason: "RateLimitExceeded", message: message, status: 429, statusReason: "Too Many Requests")
        }

        // Admitted: count now, or when the response is known (increment-condition).
        var remaining = Int.max
        var total = 0
        for item in applied {
            let onceKey = byKey ? item.key : ""
            let alreadyCounted = byKey && limitState.incrementedKeys.contains(onceKey)
            let used = gateway.store.limits.windows[item.key]?.total ?? 0
            if limit.incrementCondition == nil {
                if !alreadyCounted {
                    gateway.store.limits.windows[item.key, default: SlidingWindow()].add(count, at: now)
                    if byKey { limitState.incrementedKeys.insert(onceKey) }
                }
                let left = item.calls - (alreadyCounted ? used : used + count)
                if left < remaining { remaining = left; total = item.calls }
                record(.policy, policy, "\(item.label): \(alreadyCounted ? used : used + count) of \(item.calls) calls in \(item.period / 1000)s\(alreadyCounted ? " (already counted by this request)" : "")")
            } else {
                let left = item.calls - used
                if left < remaining { remaining = left; total = item.calls }
                limitState.deferredIncrements.append(DeferredIncrement(policy: policy,
                    counter: .window(key: item.key, period: item.period, calls: item.calls, remainingHeader: remainingHeader),
                    condition: limit.incrementCondition, count: count))
                record(.policy, policy, "\(item.label): \(used) of \(item.calls) calls in \(item.period / 1000)s; increment-condition is evaluated when the response is known")
            }
        }
        guard !applied.isEmpty else {
            record(.policy, policy, "no limit applies to this call")
            return
        }
        remaining = max(0, remaining)
        if let remainingVariable { context.variables.set(remainingVariable, .int(Int32(clamping: remaining))) }
        if let remainingHeader { limitState.setHeader(remainingHeader, String(remaining)) }
        if let totalHeader { limitState.setHeader(totalHeader, String(total)) }
    }

    /// A limit's number (`calls`, `bandwidth`, `tokens-per-minute`, …); nil when absent. A value
    /// that is not a number only because it names an undefined named value (stubbed with its name)
    /// leaves that limit unapplied with a warning instead of failing the call.
    func limitNumber(_ value: PolicyValue?, _ attribute: String, _ policy: Policy) throws -> Int? {
        guard let value else { return nil }
        let undefined = value.namedValues.map(\.name).filter { program.namedValues[$0] == nil }
        guard !undefined.isEmpty else { return Self.boundedLimit(try integer(value, default: 0, in: policy)) }
        do {
            return Self.boundedLimit(try integer(value, default: 0, in: policy))
        } catch {
            record(.warning, policy, "\(attribute) uses the undefined named value '\(undefined[0])'; this limit is not applied")
            return nil
        }
    }

    /// Limits and increments are kept in 0…10^12 so that no counting arithmetic can overflow.
    static func boundedLimit(_ number: Int) -> Int {
        min(max(number, 0), 1_000_000_000_000)
    }

    /// `renewal-period` in milliseconds (at least 1 s).
    func limitPeriod(_ value: PolicyValue?, _ policy: Policy) throws -> Int64 {
        let seconds = try self.seconds(value, default: 0, in: policy)
        let bounded = min(max(seconds, 1), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000)
        return Int64(bounded * 1000)
    }

    private func matchesApi(_ element: Element) -> Bool {
        guard let api = context.api else { return false }
        if let name = element["name"]?.text, !name.isEmpty, name == api.name { return true }
        if let id = element["id"]?.text, !id.isEmpty, id == api.id || api.id.hasSuffix("/" + id) { return true }
        return false
    }

    private func matchesOperation(_ element: Element) -> Bool {
        guard let operation = context.operation else { return false }
        if let name = element["name"]?.text, !name.isEmpty, name == operation.name { return true }
        if let id = element["id"]?.text, !id.isEmpty, id == operation.id || operation.id.hasSuffix("/" + id) { return true }
        return false
    }

    // MARK: quota, quota-by-key

    func runQuota(_ quota: Quota, _ policy: Policy, byKey: Bool) throws {
        let key: String
        let label: String
        if byKey {
            let counterKey = try text(quota.counterKey, in: policy) ?? ""
            key = "quota-by-key|" + counterKey
            label = "key \"\(counterKey)\""
        } else {
            guard let subscription = context.subscription?.id, !subscription.isEmpty else {
                record(.policy, policy, "no subscription on this call; quota counts calls per subscription, so nothing is counted")
                return
            }
            let scope = currentScopeName
            key = "quota|\(subscription)|\(scope)|\(currentFile)|\(policy.location.line)"
            label = "subscription \(subscription)"
        }
        let calls = try limitNumber(quota.calls, "calls", policy)
        let kilobytes = try limitNumber(quota.bandwidth, "bandwidth", policy)
        let periodSeconds = try seconds(quota.renewalPeriod, default: 0, in: policy)
        let period = Int64(min(max(periodSeconds, 0), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        let firstStart = try quotaFirstPeriodStart(quota.firstPeriodStart, policy)
        let nowUnix = gateway.startUnixMilliseconds &+ now
        let window: Int64
        let windowEnd: Int64?
        if period > 0 {
            let elapsed = nowUnix &- firstStart
            window = elapsed >= 0 ? elapsed / period : (elapsed &- period &+ 1) / period
            windowEnd = firstStart &+ (window &+ 1) &* period &- nowUnix
        } else {
            window = 0
            windowEnd = nil
        }
        var counter = gateway.store.limits.quotas[key] ?? FixedWindowCounter(window: window)
        if counter.window != window { counter = FixedWindowCounter(window: window) }
        gateway.store.limits.quotas[key] = counter
        let count = byKey ? Self.boundedLimit(try integer(policy.element["increment-count"], default: 1, in: policy)) : 1

        let checked = !(byKey && limitState.incrementedKeys.contains(key))
        let outOfCalls = checked && (calls.map { counter.calls >= $0 || counter.calls > $0 - count } ?? false)
        let outOfBandwidth = kilobytes.map { counter.bytes >= Int64($0) &* 1024 } ?? false
        if outOfCalls || outOfBandwidth {
            let what = outOfCalls ? "call volume" : "bandwidth"
            var message = "Out of \(what) quota."
            var headers: [(String, [String])] = [("Content-Type", ["application/json"])]
            if let windowEnd {
                message += " Quota will be replenished in \(timeSpanText(milliseconds: windowEnd))."
                headers.append(("Retry-After", [String(retryAfterSeconds(windowEnd))]))
            }
            context.response.headers = HeaderDictionary(headers)
            context.response.body = MessageBody(text: "{ \"statusCode\": 403, \"message\": \"\(message)\" }")
            let used = outOfCalls ? "\(counter.calls) of \(calls ?? 0) calls" : "\(counter.bytes) of \(Int64(kilobytes ?? 0) &* 1024) bytes"
            record(.policy, policy, "\(label): \(used) used in this period → 403\(windowEnd.map { ", renews in \(timeSpanText(milliseconds: $0))" } ?? " (the period never renews)")")
            throw PolicyFailure(source: policy.name, reason: "QuotaExceeded", message: message, status: 403, statusReason: "Forbidden")
        }

        let alreadyCounted = byKey && limitState.incrementedKeys.contains(key)
        let countsCalls = calls != nil && !alreadyCounted
        if countsCalls, quota.incrementCondition == nil {
            gateway.store.limits.quotas[key]?.calls += count
            if byKey { limitState.incrementedKeys.insert(key) }
        }
        let deferredCalls = countsCalls && quota.incrementCondition != nil
        if deferredCalls || kilobytes != nil {
            limitState.deferredIncrements.append(DeferredIncrement(policy: policy,
                counter: .quota(key: key, window: window, countsCalls: deferredCalls, countsBandwidth: kilobytes != nil),
                condition: quota.incrementCondition, count: count))
        }
        let updated = gateway.store.limits.quotas[key] ?? counter
        var parts: [String] = []
        if let calls { parts.append("\(updated.calls) of \(calls) calls\(deferredCalls ? " (this call is counted when the response is known)" : "")\(alreadyCounted ? " (already counted by this request)" : "")") }
        if let kilobytes { parts.append("\(updated.bytes) of \(Int64(kilobytes) &* 1024) bytes (this call's bytes are counted when it ends)") }
        let renewal = windowEnd.map { "renews in \(timeSpanText(milliseconds: $0))" } ?? "never renews"
        record(.policy, policy, "\(label): \(parts.joined(separator: ", ")); \(renewal)")
    }

    /// `first-period-start` as Unix milliseconds; default 0001-01-01T00:00:00Z.
    private func quotaFirstPeriodStart(_ value: PolicyValue?, _ policy: Policy) throws -> Int64 {
        let yearOne: Int64 = -62_135_596_800_000
        guard let text = try text(value, in: policy)?.trimmingSpaces(), !text.isEmpty else { return yearOne }
        guard let date = LimitDates.unixMilliseconds(iso8601: text) else {
            throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "first-period-start '\(text)' is not a date and time of the form yyyy-MM-ddTHH:mm:ssZ")
        }
        return date
    }

    // MARK: End of the request

    /// Runs when the request's response is final: deferred counters (increment-condition,
    /// bandwidth), token metrics that never saw a backend response, and the limit headers.
    func finishLimitPolicies() {
        let deferred = limitState.deferredIncrements
        limitState.deferredIncrements = []
        for item in deferred {
            var counts = true
            if let condition = item.condition {
                do {
                    counts = try bool(condition, default: true, in: item.policy)
                } catch {
                    events.append(TraceEvent(atMilliseconds: now, kind: .warning, policy: item.policy.name,
                        line: item.policy.location.line, detail: "increment-condition failed when the response was known (\(error.message)); not counted"))
                    counts = false
                }
            }
            switch item.counter {
            case .window(let key, _, let calls, let remainingHeader):
                let once = item.policy.name == "rate-limit-by-key"
                if counts, !(once && limitState.incrementedKeys.contains(key)) {
                    gateway.store.limits.windows[key, default: SlidingWindow()].add(item.count, at: now)
                    if once { limitState.incrementedKeys.insert(key) }
                }
                let used = gateway.store.limits.windows[key]?.total ?? 0
                if let remainingHeader { limitState.setHeader(remainingHeader, String(max(0, calls - used))) }
                finishEvent(item.policy, "increment-condition \(counts ? "true: counted" : "false: not counted"); \(used) of \(calls) calls in the window")
            case .quota(let key, let window, let countsCalls, let countsBandwidth):
                guard var counter = gateway.store.limits.quotas[key], counter.window == window else { continue }
                var parts: [String] = []
                if countsCalls {
                    if counts, !limitState.incrementedKeys.contains(key) {
                        counter.calls += item.count
                        if item.policy.name == "quota-by-key" { limitState.incrementedKeys.insert(key) }
                    }
                    parts.append("increment-condition \(counts ? "true: call counted" : "false: call not counted")")
                }
                if countsBandwidth, counts {
                    let bytes = Int64((context.request.body?.bytes.count ?? 0) + (context.response.body?.bytes.count ?? 0))
                    counter.bytes = counter.bytes &+ bytes
                    parts.append("\(bytes) bytes of bodies counted")
                }
                gateway.store.limits.quotas[key] = counter
                finishEvent(item.policy, parts.joined(separator: "; ") + "; \(counter.calls) calls, \(counter.bytes) bytes in this period")
            }
        }
        finishTokenMetrics()
        for (name, value) in limitState.responseHeaders {
            context.response.headers.set(name, [value])
        }
    }

    private func finishEvent(_ policy: Policy, _ detail: String) {
        events.append(TraceEvent(atMilliseconds: now, kind: .policy, policy: policy.name,
            line: policy.location.line, detail: "at the end of the request: " + detail))
    }
}

/// Dates of the limit policies.
enum LimitDates {
    /// `yyyy-MM-ddTHH:mm:ssZ` (fractions and offsets accepted) as Unix milliseconds.
    static func unixMilliseconds(iso8601 text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        guard let seconds = date?.timeIntervalSince1970, seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        return Int64((seconds * 1000).rounded())
    }
}
