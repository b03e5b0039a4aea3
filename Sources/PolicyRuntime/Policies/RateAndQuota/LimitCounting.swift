import Foundation
import PolicyExpressions
import PolicyModel

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

extension RequestExecution {
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
                let once: Bool
                if case .rateLimitByKey = item.policy.kind { once = true } else { once = false }
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
                        if case .quotaByKey = item.policy.kind { limitState.incrementedKeys.insert(key) }
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

    func finishEvent(_ policy: Policy, _ detail: String) {
        events.append(TraceEvent(atMilliseconds: now, kind: .policy, policy: policy.name,
            line: policy.location.line, detail: "at the end of the request: " + detail))
    }
}
