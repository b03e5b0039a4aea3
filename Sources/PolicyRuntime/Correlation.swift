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

    /// The headers to send on one attempt under `protocol`, with a fresh span id.
    mutating func headers(for correlation: CorrelationProtocol, random: inout SeededRandom) -> [(String, String)] {
        let span = SpanID.random(using: &random)
        switch correlation {
        case .none:
            return []
        case .legacy:
            return [("Request-Id", "|\(traceID).\(span)."), ("Request-Context", "appId=cid-v1:policycheck")]
        case .w3c:
            var result = [("traceparent", Self.traceparent(traceID, span, flags))]
            if let traceState { result.append(("tracestate", traceState)) }
            return result
        }
    }

    /// `00-<trace-id>-<parent-id>-<flags>`: what `TraceContext.traceParentHeaderValue` prints,
    /// written straight into one string (this runs on every backend attempt).
    static func traceparent(_ trace: TraceID, _ span: SpanID, _ flags: TraceFlags) -> String {
        var bytes = [UInt8](repeating: 0x2D, count: 55)  // "-" where the separators go
        bytes[0] = 0x30
        bytes[1] = 0x30
        bytes.withUnsafeMutableBufferPointer { out in
            func hex(_ byte: UInt8, at index: Int) {
                out[index] = hexDigits[Int(byte >> 4)]
                out[index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            withUnsafeBytes(of: trace.bytes) { for (i, byte) in $0.enumerated() { hex(byte, at: 3 + 2 * i) } }
            withUnsafeBytes(of: span.bytes) { for (i, byte) in $0.enumerated() { hex(byte, at: 36 + 2 * i) } }
            hex(flags.rawValue, at: 53)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether a traceparent value is valid W3C Trace Context (version 00, non-zero ids).
    static func isValid(_ value: String) -> Bool {
        (try? TraceContext(traceParentHeaderValue: value)) != nil
    }
}
