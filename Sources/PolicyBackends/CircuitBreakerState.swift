/// The circuit of one backend on the simulator's virtual clock (milliseconds since the scenario's
/// start). Pure and deterministic: time only moves when the caller says so.
///
/// Decisions (see Docs/backends.md):
/// - The window is sliding and half-open: a failure at time `f` is in the window at `t` when
///   `t - interval < f <= t`.
/// - `count`: the circuit trips on the failure that brings the failures in the window to `count`.
/// - `percentage`: on a failure, the circuit trips when `failures * 100 >= percentage * attempts`
///   over the window (every recorded outcome is an attempt). There is no minimum number of attempts.
/// - Tripped: open from the tripping failure's time for `tripDuration`, or for the `Retry-After`
///   of that response when `acceptRetryAfter` is true and the value is readable. Then the circuit
///   closes (at exactly the end of that time) and the window starts empty.
/// - Outcomes recorded while the circuit is open are ignored (no request should reach the backend).
public struct CircuitBreakerState: Sendable {
    /// What one attempt against the backend ended with.
    public enum Outcome: Sendable, Hashable {
        /// A response; `retryAfter` is the raw `Retry-After` header value, if any.
        case status(Int, retryAfter: String? = nil)
        /// An error with its LastError reason (`Timeout`, `BackendConnectionFailure`, …).
        case error(reason: String)
    }

    /// A transition of the circuit, for the run trace.
    public struct Event: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            case tripped, closed
        }

        public var kind: Kind
        /// Virtual milliseconds.
        public var atMs: Int64
        public var backendID: String
        /// Why: `3 failures within PT5M (last: status 429)`, `trip duration PT1M elapsed`, …
        public var reason: String
        /// For `tripped`: when the circuit will close.
        public var openUntilMs: Int64?

        public var description: String {
            switch kind {
            case .tripped: "circuit of backend '\(backendID)' tripped at \(atMs)ms until \(openUntilMs ?? atMs)ms: \(reason)"
            case .closed: "circuit of backend '\(backendID)' closed at \(atMs)ms: \(reason)"
            }
        }
    }

    /// What `record` did: the circuit may have closed (time had passed) and may have tripped.
    public struct Transitions: Sendable, Hashable {
        public var closed: Event?
        public var tripped: Event?

        public var isEmpty: Bool { closed == nil && tripped == nil }
        /// The events in time order.
        public var events: [Event] { [closed, tripped].compactMap { $0 } }
    }

    public let backendID: String
    public let rule: CircuitBreakerRule
    /// When open: the virtual time at which the circuit closes again.
    public private(set) var openUntilMs: Int64?

    // Count mode: times of the most recent failures (a ring of at most `count` entries).
    private var failureTimes: [Int64] = []
    private var ringStart = 0
    // Percentage mode: run-length buckets per distinct millisecond, oldest first, from `bucketStart`.
    private var bucketTimes: [Int64] = []
    private var bucketAttempts: [Int32] = []
    private var bucketFailures: [Int32] = []
    private var bucketStart = 0
    private var windowAttempts = 0
    private var windowFailures = 0

    public init(backendID: String, rule: CircuitBreakerRule) {
        self.backendID = backendID
        self.rule = rule
        if case .count(let count) = rule.failureCondition.threshold {
            failureTimes.reserveCapacity(min(max(count, 1), 4096))
        }
    }

    /// Whether the circuit is open (no request may go to the backend) at virtual time `t`.
    @inlinable
    public func isOpen(at t: Int64) -> Bool {
        guard let until = openUntilMs else { return false }
        return t < until
    }

    /// Closes the circuit when its open time has passed by `t`; returns the `closed` event.
    public mutating func advance(to t: Int64) -> Event? {
        guard let until = openUntilMs, t >= until else { return nil }
        openUntilMs = nil
        resetWindow()
        return Event(kind: .closed, atMs: until, backendID: backendID,
                     reason: "open time elapsed", openUntilMs: nil)
    }

    /// Whether an outcome counts as a failure under the rule.
    public func isFailure(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .status(let status, _): rule.failureCondition.isFailure(status: status)
        case .error(let reason): rule.failureCondition.isFailure(errorReason: reason)
        }
    }

    /// Records the outcome of an attempt at virtual time `t`.
    /// - Parameter clockStartEpochMs: the absolute time (Unix epoch milliseconds) of virtual time 0,
    ///   used to turn an HTTP-date `Retry-After` into a duration.
    public mutating func record(_ outcome: Outcome, at t: Int64, clockStartEpochMs: Int64 = 0) -> Transitions {
        var result = Transitions()
        result.closed = advance(to: t)
        if isOpen(at: t) { return result }
        let failed = isFailure(outcome)
        let condition = rule.failureCondition
        switch condition.threshold {
        case .count(let count):
            guard failed else { return result }
            let needed = max(count, 1)
            if failureTimes.count < needed {
                failureTimes.append(t)
            } else {
                failureTimes[ringStart] = t
                ringStart = (ringStart + 1) % needed
            }
            // The oldest of the last `needed` failures decides.
            if failureTimes.count == needed, failureTimes[ringStart] > t - condition.interval {
                result.tripped = trip(at: t, outcome: outcome, clockStartEpochMs: clockStartEpochMs,
                                      why: "\(needed) failure\(needed == 1 ? "" : "s") within \(formatMs(condition.interval))")
            }
        case .percentage(let percentage):
            evict(before: t - condition.interval)
            if let last = bucketTimes.last, bucketTimes.count > bucketStart, last == t {
                bucketAttempts[bucketAttempts.count - 1] += 1
                if failed { bucketFailures[bucketFailures.count - 1] += 1 }
            } else {
                bucketTimes.append(t)
                bucketAttempts.append(1)
                bucketFailures.append(failed ? 1 : 0)
            }
            windowAttempts += 1
            if failed { windowFailures += 1 }
            if failed, windowFailures * 100 >= percentage * windowAttempts {
                result.tripped = trip(at: t, outcome: outcome, clockStartEpochMs: clockStartEpochMs,
                                      why: "\(windowFailures) of \(windowAttempts) attempts failed within \(formatMs(condition.interval)) (≥ \(percentage)%)")
            }
        }
        return result
    }

    private mutating func trip(at t: Int64, outcome: Outcome, clockStartEpochMs: Int64, why: String) -> Event {
        var duration = rule.tripDuration
        var reason = why + " (last: \(describe(outcome)))"
        if rule.acceptRetryAfter, case .status(_, let header?) = outcome,
           let ms = RetryAfter.milliseconds(header, nowEpochMs: clockStartEpochMs &+ t) {
            duration = ms
            reason += "; open for Retry-After \(header.trimmingSpaces)"
        } else {
            reason += "; open for \(formatMs(duration))"
        }
        let until = t &+ duration
        openUntilMs = until
        resetWindow()
        return Event(kind: .tripped, atMs: t, backendID: backendID, reason: reason, openUntilMs: until)
    }

    private mutating func resetWindow() {
        failureTimes.removeAll(keepingCapacity: true)
        ringStart = 0
        bucketTimes.removeAll(keepingCapacity: true)
        bucketAttempts.removeAll(keepingCapacity: true)
        bucketFailures.removeAll(keepingCapacity: true)
        bucketStart = 0
        windowAttempts = 0
        windowFailures = 0
    }

    /// Drops percentage buckets at or before `limit` (they left the window).
    private mutating func evict(before limit: Int64) {
        while bucketStart < bucketTimes.count, bucketTimes[bucketStart] <= limit {
            windowAttempts -= Int(bucketAttempts[bucketStart])
            windowFailures -= Int(bucketFailures[bucketStart])
            bucketStart += 1
        }
        // Compact now and then so the arrays do not grow without bound.
        if bucketStart > 1024, bucketStart * 2 > bucketTimes.count {
            bucketTimes.removeFirst(bucketStart)
            bucketAttempts.removeFirst(bucketStart)
            bucketFailures.removeFirst(bucketStart)
            bucketStart = 0
        }
    }

    private func describe(_ outcome: Outcome) -> String {
        switch outcome {
        case .status(let status, _): "status \(status)"
        case .error(let reason): "error \(reason)"
        }
    }
}

/// A duration in milliseconds as a short ISO 8601 text (`PT5M`, `PT1.5S`, `P1D`).
func formatMs(_ ms: Int64) -> String {
    if ms == 0 { return "PT0S" }
    var rest = ms
    var out = "P"
    let days = rest / 86_400_000
    rest %= 86_400_000
    if days > 0 { out += "\(days)D" }
    if rest == 0 { return out }
    out += "T"
    let hours = rest / 3_600_000; rest %= 3_600_000
    let minutes = rest / 60_000; rest %= 60_000
    if hours > 0 { out += "\(hours)H" }
    if minutes > 0 { out += "\(minutes)M" }
    if rest > 0 {
        let seconds = rest / 1000, millis = rest % 1000
        if millis == 0 {
            out += "\(seconds)S"
        } else {
            var fraction = String(millis)
            while fraction.count < 3 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            out += "\(seconds).\(fraction)S"
        }
    }
    return out
}
