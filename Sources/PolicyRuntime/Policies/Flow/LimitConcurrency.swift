import PolicyExpressions
import PolicyModel

// The simulation of `<limit-concurrency>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/LimitConcurrency.swift.

extension RequestExecution {
    func runLimitConcurrency(_ limit: LimitConcurrency, _ policy: Policy) throws {
        let key = try text(limit.key, in: policy) ?? ""
        guard let maxCount = try limitNumber(limit.maxCount, "max-count", policy) else {
            try runPolicies(limit.policies)
            return
        }
        let storeKey = "limit-concurrency|" + key
        var spans = gateway.store.limits.concurrency[storeKey] ?? []
        spans.removeAll { $0.end <= now && $0.start <= now }
        gateway.store.limits.concurrency[storeKey] = spans
        let running = spans.filter { $0.start <= now && now < $0.end }.count
        if running >= maxCount {
            let message = "The number of concurrent requests for key '\(key)' exceeds \(maxCount)."
            context.response.headers = HeaderDictionary([("Content-Type", ["application/json"])])
            context.response.body = MessageBody(text: "{ \"statusCode\": 429, \"message\": \"\(message)\" }")
            record(.policy, policy, "key \"\(key)\": \(running) of \(maxCount) slots taken by earlier requests → 429")
            throw PolicyFailure(source: policy.name, reason: "ConcurrencyLimitExceeded", message: message, status: 429, statusReason: "Too Many Requests")
        }
        record(.policy, policy, "key \"\(key)\": slot \(running + 1) of \(maxCount) taken")
        let entered = now
        defer {
            gateway.store.limits.concurrency[storeKey, default: []].append(ConcurrencySpan(start: entered, end: now))
        }
        try runPolicies(limit.policies)
    }
}
