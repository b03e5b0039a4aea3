import Foundation
import PolicyModel
import PolicySource

/// Counters of the rate-limit, quota, token-limit and limit-concurrency policies. They live in
/// `GatewayState.store` and so across the requests of one scenario, on the virtual clock.
struct LimitCounters {
    /// rate-limit / rate-limit-by-key and the tokens-per-minute of the token limits: sliding windows by counter key.
    var windows: [String: SlidingWindow] = [:]
    /// quota / quota-by-key: fixed windows by counter key.
    var quotas: [String: FixedWindowCounter] = [:]
    /// token-quota of the token limits: tokens used in the calendar period by counter key.
    var tokenQuotas: [String: FixedWindowCounter] = [:]
    /// limit-concurrency: the spans (virtual ms) during which earlier requests held a slot, by key.
    var concurrency: [String: [ConcurrencySpan]] = [:]
}

/// The calls (or tokens) admitted during the last `period` milliseconds.
struct SlidingWindow {
    struct Entry {
        var at: Int64
        var amount: Int
    }

    var entries: [Entry] = []

    /// Drops entries that left the window.
    mutating func prune(now: Int64, period: Int64) {
        entries.removeAll { $0.at <= now &- period }
    }

    var total: Int {
        // Amounts are never negative: saturating at .max is the old "overflow → Int.max".
        entries.reduce(0) { $0.addingSaturating($1.amount) }
    }

    mutating func add(_ amount: Int, at now: Int64) {
        entries.append(Entry(at: now, amount: amount))
    }

    /// Milliseconds until `amount` more fits under `limit` (0 when it fits now). With `amount` 0
    /// it means "until the window is below the limit".
    func wait(toFit amount: Int, limit: Int, now: Int64, period: Int64) -> Int64 {
        func fits(_ used: Int) -> Bool { amount > 0 ? used <= limit - amount : used < limit }
        var remaining = total
        if fits(remaining) { return 0 }
        var wait: Int64 = 0
        for entry in entries.sorted(by: { $0.at < $1.at }) {
            remaining -= entry.amount
            wait = max(0, entry.at &+ period &- now)
            if fits(remaining) { break }
        }
        return wait
    }
}

/// Calls and bytes counted in the current fixed window (identified by its index).
struct FixedWindowCounter {
    var window: Int64
    var calls: Int = 0
    var bytes: Int64 = 0
    var tokens: Int = 0
}

/// One earlier request's time inside a `limit-concurrency` block.
struct ConcurrencySpan {
    var start: Int64
    var end: Int64
}

/// Work the limit policies left for later in the same request: counting once the response is
/// known, headers for the final response, token metrics to emit after the backend answered.
struct RequestLimitState {
    /// Headers added to the response the caller gets (remaining calls, tokens consumed, …), in order.
    var responseHeaders: [(name: String, value: String)] = []
    /// Counters incremented at the end of the request (increment-condition, bandwidth).
    var deferredIncrements: [DeferredIncrement] = []
    /// Token limits waiting for the backend's usage figures.
    var tokenAccounts: [TokenAccount] = []
    /// Token metrics waiting for the backend's usage figures.
    var tokenMetrics: [PendingTokenMetric] = []
    /// Counter keys of `*-by-key` policies already incremented by this request (once per request).
    var incrementedKeys: Set<String> = []

    mutating func setHeader(_ name: String, _ value: String) {
        responseHeaders.removeAll { $0.name.lowercased() == name.lowercased() }
        responseHeaders.append((name, value))
    }
}

/// A rate-limit or quota counter to increment when the request ends.
struct DeferredIncrement {
    enum Counter {
        /// A sliding window (rate limits).
        case window(key: String, period: Int64, calls: Int, remainingHeader: String?)
        /// A fixed window (quotas); `bandwidth` also counts the request's and response's body bytes.
        case quota(key: String, window: Int64, countsCalls: Bool, countsBandwidth: Bool)
    }

    var policy: Policy
    var counter: Counter
    var condition: PolicyValue?
    var count: Int
}

/// A token limit admitted at inbound, counted again once the backend's usage is known.
struct TokenAccount {
    var policy: Policy
    var key: String
    var tokensPerMinute: Int?
    var quota: Int?
    var quotaWindow: Int64
    var estimatedPromptTokens: Int
    var estimates: Bool
    var names: TokenLimitNames
    var settled = false
}

/// The header and variable names of a token-limit policy.
struct TokenLimitNames {
    var remainingTokensHeader: String?
    var remainingTokensVariable: String?
    var remainingQuotaHeader: String?
    var remainingQuotaVariable: String?
    var consumedHeader: String?
    var consumedVariable: String?
}

/// An `*-emit-token-metric` policy waiting for the usage figures.
struct PendingTokenMetric {
    var policy: Policy
    var namespace: String
    var dimensions: [(name: String, value: String)]
    var emitted = false
}

/// Token counts a backend reported in its response body (`usage`).
struct TokenUsage: Equatable {
    var prompt: Int
    var completion: Int
    var total: Int

    /// Reads `usage` from an OpenAI-style (`prompt_tokens`, `completion_tokens`, `total_tokens`)
    /// or Responses/Anthropic-style (`input_tokens`, `output_tokens`) JSON body; nil without one.
    static func parse(_ bytes: [UInt8]) -> TokenUsage? {
        guard !bytes.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let usage = object["usage"] as? [String: Any] else { return nil }
        func number(_ key: String) -> Int? {
            guard let value = usage[key] as? NSNumber else { return nil }
            let double = value.doubleValue
            guard double.isFinite, double >= 0, double <= 1e12 else { return nil }
            return Int(double)
        }
        let prompt = number("prompt_tokens") ?? number("input_tokens")
        let completion = number("completion_tokens") ?? number("output_tokens")
        let total = number("total_tokens")
        guard prompt != nil || completion != nil || total != nil else { return nil }
        let p = prompt ?? 0
        let c = completion ?? max(0, (total ?? p) - p)
        return TokenUsage(prompt: p, completion: c, total: total ?? p.addingReportingOverflow(c).partialValue)
    }
}

/// The simulator's prompt-token estimate (`estimate-prompt-tokens="true"`).
enum PromptTokenEstimate {
    /// About four characters per token (OpenAI's rule of thumb), counted over the prompt text of
    /// the request: `messages[].content` (text or text parts), `prompt`, or `input`; a body that
    /// has none of them counts whole. Rounded up; an empty body is 0.
    static func tokens(in bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var characters = 0
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
            var found = false
            if let messages = object["messages"] as? [[String: Any]] {
                found = true
                for message in messages { characters += textLength(message["content"]) }
            }
            for key in ["prompt", "input"] where object[key] != nil {
                found = true
                characters += textLength(object[key])
            }
            if !found { characters = String(decoding: bytes, as: UTF8.self).count }
        } else {
            characters = String(decoding: bytes, as: UTF8.self).count
        }
        return (characters + 3) / 4
    }

    private static func textLength(_ value: Any?) -> Int {
        switch value {
        case let text as String: return text.count
        case let parts as [Any]: return parts.reduce(0) { $0 + textLength($1) }
        case let part as [String: Any]: return textLength(part["text"] ?? part["content"])
        default: return 0
        }
    }
}

/// Seconds as the limit policies report them: whole seconds, rounded up, at least 1.
func retryAfterSeconds(_ milliseconds: Int64) -> Int64 {
    max(1, (max(0, milliseconds) / 1000) &+ (milliseconds % 1000 > 0 ? 1 : 0))
}

/// A duration as .NET prints a TimeSpan: `hh:mm:ss`, with `d.` in front from one day on.
func timeSpanText(milliseconds: Int64) -> String {
    let seconds = max(0, milliseconds / 1000 &+ (milliseconds % 1000 > 0 ? 1 : 0))
    let days = seconds / 86_400
    let hours = (seconds % 86_400) / 3600
    let minutes = (seconds % 3600) / 60
    let rest = seconds % 60
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let clock = "\(two(hours)):\(two(minutes)):\(two(rest))"
    return days > 0 ? "\(days).\(clock)" : clock
}
