import PolicySource
import W3CTraceContext

/// Trace context of one request (apim-semantics §9): a valid incoming `traceparent` keeps its
/// trace-id and flags; a missing or invalid one starts a new trace from the seeded random source.
/// Every backend attempt is a new span with a new parent-id.
struct TraceCorrelation {
    var traceID: TraceID
    var flags: TraceFlags
    var traceState: String?
    /// The incoming header was absent or invalid.
    var started: Bool
    var incomingProblem: String?

    init(incoming headers: [(name: String, value: String)], random: inout SeededRandom) {
        let parent = headers.first { $0.name.lowercased() == "traceparent" }?.value
        let state = headers.first { $0.name.lowercased() == "tracestate" }?.value
        if let parent, let context = try? TraceContext(traceParentHeaderValue: parent, traceStateHeaderValue: state) {
            traceID = context.traceID
            flags = context.flags
            traceState = state
            started = false
        } else {
            traceID = TraceID.random(using: &random)
            flags = .sampled
            traceState = nil
            started = true
            if let parent { incomingProblem = "incoming traceparent '\(parent)' is invalid; a new trace was started" }
        }
    }

    /// The headers to send on one attempt under `protocol`, with a fresh span id.
    mutating func headers(for correlation: CorrelationProtocol, random: inout SeededRandom) -> [(String, String)] {
        let span = SpanID.random(using: &random)
        switch correlation {
        case .none:
            return []
        case .legacy:
            return [("Request-Id", "|\(traceID).\(span)."), ("Request-Context", "appId=cid-v1:policycheck")]
        case .w3c:
            let context = TraceContext(traceID: traceID, spanID: span, flags: flags, state: TraceState())
            var result = [("traceparent", context.traceParentHeaderValue)]
            if let traceState { result.append(("tracestate", traceState)) }
            return result
        }
    }

    /// Whether a traceparent value is valid W3C Trace Context (version 00, non-zero ids).
    static func isValid(_ value: String) -> Bool {
        (try? TraceContext(traceParentHeaderValue: value)) != nil
    }
}
