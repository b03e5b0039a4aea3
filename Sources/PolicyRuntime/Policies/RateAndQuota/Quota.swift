import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<quota>` and `<quota-by-key>` (one model, Quota); its catalog entry and typed reading: PolicyModel/Policies/RateAndQuota/Quota.swift.

extension RequestExecution {
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
            key = "quota|\(subscription)|\(scope)|\(position.file)|\(policy.location.line)"
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
        var counter = gateway.store.limits.quotas[key] ?? seededQuota(key, window: window, period: period, firstStart: firstStart)
        if counter.window != window { counter = FixedWindowCounter(window: window) }
        gateway.store.limits.quotas[key] = counter
        let count = byKey ? Self.boundedLimit(try integer(quota.incrementCount, default: 1, in: policy)) : 1

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
    func quotaFirstPeriodStart(_ value: PolicyValue?, _ policy: Policy) throws -> Int64 {
        let yearOne: Int64 = -62_135_596_800_000
        guard let text = try text(value, in: policy)?.trimmingSpaces(), !text.isEmpty else { return yearOne }
        guard let date = LimitDates.unixMilliseconds(iso8601: text) else {
            throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "first-period-start '\(text)' is not a date and time of the form yyyy-MM-ddTHH:mm:ssZ")
        }
        return date
    }

    /// A quota-by-key counter's first window: with the calls and bytes of `state.quotas` when
    /// this is the period the scenario's first request falls in.
    private func seededQuota(_ key: String, window: Int64, period: Int64, firstStart: Int64) -> FixedWindowCounter {
        guard let seed = gateway.seededQuotas.removeValue(forKey: key) else { return FixedWindowCounter(window: window) }
        let elapsed = gateway.startUnixMilliseconds &- firstStart
        let startWindow = period > 0 ? (elapsed >= 0 ? elapsed / period : (elapsed &- period &+ 1) / period) : 0
        guard startWindow == window else { return FixedWindowCounter(window: window) }
        return FixedWindowCounter(window: window, calls: seed.calls, bytes: seed.bytes)
    }
}
