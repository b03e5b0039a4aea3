import PolicyExpressions
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
        let parent = headers.first { $0.name.utf8.count == 11 && $0.name.lowercased() == "traceparent" }?.value
        let state = headers.first { $0.name.utf8.count == 10 && $0.name.lowercased() == "tracestate" }?.value
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

    /// Sets the headers to send on one attempt under `protocol`, with a fresh span id.
    func apply(to headers: HeaderDictionary, _ correlation: CorrelationProtocol, random: inout SeededRandom) {
        let span = SpanID.random(using: &random)
        switch correlation {
        case .none:
            return
        case .legacy:
            headers.set("Request-Id", ["|\(traceID).\(span)."])
            headers.set("Request-Context", ["appId=cid-v1:policycheck"])
        case .w3c:
            headers.set("traceparent", [Self.traceparent(traceID, span, flags)])
            if let traceState { headers.set("tracestate", [traceState]) }
        }
    }

    /// `00-<trace-id>-<parent-id>-<flags>`: what `TraceContext.traceParentHeaderValue` prints,
    /// written straight into one string (this runs on every backend attempt).
    static func traceparent(_ trace: TraceID, _ span: SpanID, _ flags: TraceFlags) -> String {
        String(unsafeUninitializedCapacity: 55) { out in
            func hex(_ byte: UInt8, at index: Int) {
                out[index] = hexDigit(byte >> 4)
                out[index + 1] = hexDigit(byte & 0x0F)
            }
            out[0] = 0x30
            out[1] = 0x30
            out[2] = 0x2D  // "-"
            out[35] = 0x2D
            out[52] = 0x2D
            withUnsafeBytes(of: trace.bytes) { for (i, byte) in $0.enumerated() { hex(byte, at: 3 + 2 * i) } }
            withUnsafeBytes(of: span.bytes) { for (i, byte) in $0.enumerated() { hex(byte, at: 36 + 2 * i) } }
            hex(flags.rawValue, at: 53)
            return 55
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble  // 0-9, a-f
    }

    /// `value` (a valid traceparent) as the next span of its trace: same trace-id and flags, a
    /// new parent-id from the seeded source; nil when `value` is not valid.
    static func newSpan(of value: String, random: inout SeededRandom) -> String? {
        guard let context = try? TraceContext(traceParentHeaderValue: value) else { return nil }
        return traceparent(context.traceID, SpanID.random(using: &random), context.flags)
    }

    /// Whether a traceparent value is valid W3C Trace Context (version 00, non-zero ids).
    static func isValid(_ value: String) -> Bool {
        (try? TraceContext(traceParentHeaderValue: value)) != nil
    }
}
