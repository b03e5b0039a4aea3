import PolicyBackends
import PolicyExpressions
import PolicyModel

// The simulation of `<retry>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/Retry.swift.

extension RequestExecution {
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
            retryWaits.append(RetryWait(atMilliseconds: now, milliseconds: wait))
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

    func pow2(_ exponent: Int) -> Double {
        exponent >= 60 ? Double.greatestFiniteMagnitude : Double(UInt64(1) << UInt64(max(0, exponent)))
    }
}
