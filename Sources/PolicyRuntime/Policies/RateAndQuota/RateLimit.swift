import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<rate-limit>` and `<rate-limit-by-key>` (one model, RateLimit); its catalog entry and typed reading: PolicyModel/Policies/RateAndQuota/RateLimit.swift.

extension RequestExecution {
    /// One limit that applies to this call: the policy's own, or a nested `<api>` / `<operation>`.
    struct AppliedLimit {
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
            let base = "rate-limit|\(subscription)|\(scope)|\(position.file)|\(policy.location.line)"
            if let calls = try limitNumber(limit.calls, "calls", policy) {
                applied.append(AppliedLimit(label: "subscription \(subscription)", key: base,
                    calls: calls, period: try limitPeriod(limit.renewalPeriod, policy)))
            }
            for api in limit.apis where matchesApi(api) {
                let apiLabel = api.name ?? api.id ?? ""
                if let calls = try limitNumber(api.calls, "calls", policy) {
                    applied.append(AppliedLimit(label: "subscription \(subscription), api \(apiLabel)", key: base + "|api:" + apiLabel,
                        calls: calls, period: try limitPeriod(api.renewalPeriod, policy)))
                }
                for operation in api.operations where matchesOperation(operation) {
                    let operationLabel = operation.name ?? operation.id ?? ""
                    guard let calls = try limitNumber(operation.calls, "calls", policy) else { continue }
                    applied.append(AppliedLimit(label: "subscription \(subscription), operation \(operationLabel)",
                        key: base + "|api:" + apiLabel + "|operation:" + operationLabel,
                        calls: calls, period: try limitPeriod(operation.renewalPeriod, policy)))
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

    func matchesApi(_ scoped: RateLimit.ScopedLimit) -> Bool {
        guard let api = context.api else { return false }
        if let name = scoped.name, !name.isEmpty, name == api.name { return true }
        if let id = scoped.id, !id.isEmpty, id == api.id || api.id.hasSuffix("/" + id) { return true }
        return false
    }

    func matchesOperation(_ scoped: RateLimit.ScopedLimit) -> Bool {
        guard let operation = context.operation else { return false }
        if let name = scoped.name, !name.isEmpty, name == operation.name { return true }
        if let id = scoped.id, !id.isEmpty, id == operation.id || operation.id.hasSuffix("/" + id) { return true }
        return false
    }
}
