import PolicyRuntime

/// The summary block of `run` (text) and the `"summary"` object of its JSON (Docs/run-output.md,
/// "Summary"), and the one-line headline `test` prints per scenario.
public enum SummaryFormatter {
    /// The summary block: starts with a blank line, every line ends with "\n".
    public static func text(_ summary: RunSummary) -> String {
        var out = "\nsummary:\n"
        out += "  requests: \(summary.requests)"
        if let first = summary.firstArrivalMs { out += " from \(duration(first)) to \(duration(summary.lastEndMs)) (virtual time)" }
        out += "\n"
        out += "  client statuses: \(histogram(summary.statuses))\n"
        out += "  latency: p50 \(summary.latencyMs(atPercentile: 50))ms, p90 \(summary.latencyMs(atPercentile: 90))ms, "
            + "p99 \(summary.latencyMs(atPercentile: 99))ms, max \(summary.maxLatencyMs)ms\n"
        if summary.backends.isEmpty {
            out += "  backends: none called\n"
        } else {
            out += "  backends:\n"
            let width = summary.backends.map(\.id.count).max() ?? 0
            for backend in summary.backends {
                var line = "    \(backend.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(backend.calls) call\(backend.calls == 1 ? "" : "s")"
                if !backend.statuses.isEmpty { line += ": \(histogram(backend.statuses))" }
                if !backend.errors.isEmpty {
                    line += (backend.statuses.isEmpty ? ": " : ", ") + backend.errors.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
                }
                for pool in backend.poolCalls.keys.sorted() {
                    let share = summary.share(of: backend.id, in: pool)
                    line += "; \(percent(share.traffic)) of pool \(pool)"
                    if let weight = share.weight { line += " (weight share \(percent(weight)))" }
                }
                out += line + "\n"
            }
        }
        out += "  retries: "
        if summary.retries == 0 {
            out += "none\n"
        } else {
            out += "\(summary.retries) in \(summary.requestsRetried) request\(summary.requestsRetried == 1 ? "" : "s") (at most \(summary.maxRetriesPerRequest) in one), "
                + "waits \(duration(summary.retryWaitMs)) in all\n"
        }
        if summary.circuits.isEmpty {
            out += "  circuits: none opened\n"
        } else {
            out += "  circuits:\n"
            for circuit in summary.circuits {
                out += "    \(circuit.backend)\(circuit.instance.map { " (instance \($0))" } ?? ""): open \(duration(circuit.trippedAtMs))–\(duration(circuit.openUntilMs ?? circuit.trippedAtMs))"
                    + " (\(duration(circuit.openMs))), \(circuit.reason)"
                    + (circuit.closedAtMs.map { "; seen closed at \(duration($0))" } ?? "; still open at the end") + "\n"
            }
        }
        out += "  rejections: \(summary.rateLimited) by rate limits, \(summary.quotaExceeded) by quotas, \(summary.concurrencyLimited) by concurrency limits\n"
        return out
    }

    /// The `"summary"` object.
    static func json(_ summary: RunSummary) -> JSONValue {
        .object([
            ("requests", .int(summary.requests)),
            ("firstArrivalMs", summary.firstArrivalMs.map { .int(Int(clamping: $0)) } ?? .null),
            ("lastEndMs", .int(Int(clamping: summary.lastEndMs))),
            ("statuses", statusesJSON(summary.statuses)),
            ("latencyMs", .object([
                ("p50", .int(Int(clamping: summary.latencyMs(atPercentile: 50)))),
                ("p90", .int(Int(clamping: summary.latencyMs(atPercentile: 90)))),
                ("p99", .int(Int(clamping: summary.latencyMs(atPercentile: 99)))),
                ("max", .int(Int(clamping: summary.maxLatencyMs))),
            ])),
            ("backends", .array(summary.backends.map { backend in
                .object([
                    ("id", .string(backend.id)),
                    ("calls", .int(backend.calls)),
                    ("statuses", statusesJSON(backend.statuses)),
                    ("errors", .object(backend.errors.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                    ("pools", .array(backend.poolCalls.keys.sorted().map { pool in
                        let share = summary.share(of: backend.id, in: pool)
                        return .object([
                            ("pool", .string(pool)),
                            ("calls", .int(backend.poolCalls[pool] ?? 0)),
                            ("share", .double(rounded(share.traffic))),
                            ("weightShare", share.weight.map { .double(rounded($0)) } ?? .null),
                        ])
                    })),
                ])
            })),
            ("retries", .object([
                ("total", .int(summary.retries)),
                ("requests", .int(summary.requestsRetried)),
                ("maxPerRequest", .int(summary.maxRetriesPerRequest)),
                ("waits", .int(summary.retryWaits)),
                ("waitMs", .int(Int(clamping: summary.retryWaitMs))),
            ])),
            ("circuits", .array(summary.circuits.map { circuit in
                .object([
                    ("backend", .string(circuit.backend)),
                    ("instance", circuit.instance.map { .int($0) } ?? .null),
                    ("openedAtMs", .int(Int(clamping: circuit.trippedAtMs))),
                    ("openUntilMs", circuit.openUntilMs.map { .int(Int(clamping: $0)) } ?? .null),
                    ("openMs", .int(Int(clamping: circuit.openMs))),
                    ("closedAtMs", circuit.closedAtMs.map { .int(Int(clamping: $0)) } ?? .null),
                    ("reason", .string(circuit.reason)),
                ])
            })),
            ("rejections", .object([
                ("rateLimit", .int(summary.rateLimited)), ("quota", .int(summary.quotaExceeded)), ("concurrency", .int(summary.concurrencyLimited)),
            ])),
        ])
    }

    /// `test`'s per-scenario headline: `33 requests, 200 ×33, 3 retries, 1 circuit opened, p99 300ms`.
    public static func headline(_ summary: RunSummary) -> String {
        var parts = ["\(summary.requests) request\(summary.requests == 1 ? "" : "s")", histogram(summary.statuses)]
        parts.append("\(summary.retries) retr\(summary.retries == 1 ? "y" : "ies")")
        parts.append("\(summary.circuits.count) circuit\(summary.circuits.count == 1 ? "" : "s") opened")
        parts.append("p99 \(summary.latencyMs(atPercentile: 99))ms")
        return parts.joined(separator: ", ")
    }

    /// `200 ×30, 429 ×3`, by status.
    static func histogram(_ counts: [Int: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }

    private static func statusesJSON(_ counts: [Int: Int]) -> JSONValue {
        .object(counts.sorted { $0.key < $1.key }.map { (String($0.key), .int($0.value)) })
    }

    /// Virtual milliseconds as the summary shows them: `250ms`, `10.7s`, `3m 4s`.
    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 60_000 {
            let tenths = milliseconds / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = milliseconds / 1000
        if seconds < 3600 { return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m \(seconds % 60)s" }
        return "\(seconds / 3600)h \(seconds % 3600 / 60)m"
    }

    private static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    private static func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}
