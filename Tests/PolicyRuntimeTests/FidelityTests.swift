import Foundation
import PolicyCheck
import PolicyExpressions
import Testing

@testable import PolicyRuntime

/// Issue 18, part 6: a traceparent per attempt, Content-Length on the gateway's own responses,
/// the attempt error values the run output prints.
struct FidelityTests {
    static let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    static func retrying(_ inbound: String) -> String {
        """
        <policies>
          <inbound>
            <set-backend-service base-url="https://backend.example" />
            \(inbound)
          </inbound>
          <backend>
            <retry condition="@(context.Response.StatusCode >= 500)" count="2" interval="0">
              <forward-request />
            </retry>
          </backend>
        </policies>
        """
    }

    static let failingTwice: [String: [ScriptedResponse]] = ["backend.example": [answer(500), answer(503), answer(200)]]

    static func traceparents(_ trace: RunTrace) -> [String] {
        trace.requests[0].attempts.compactMap { attempt in attempt.headers.first { $0.name.lowercased() == "traceparent" }?.value }
    }

    static func parts(_ traceparent: String) -> (trace: String, parent: String, flags: String) {
        let fields = traceparent.split(separator: "-").map(String.init)
        return (fields[1], fields[2], fields[3])
    }

    /// Every attempt is a new span: three attempts, three parent-ids, one trace-id.
    static func expectNewSpanPerAttempt(_ values: [String], traceID: String?, flags: String, _ comment: Comment) {
        #expect(values.count == 3, comment)
        let split = values.map(parts)
        #expect(Set(split.map(\.trace)).count == 1, comment)
        if let traceID { #expect(split.first?.trace == traceID, comment) }
        #expect(Set(split.map(\.parent)).count == 3, comment)
        #expect(split.allSatisfy { $0.flags == flags }, comment)
    }

    @Test func incomingTraceparentPassesThroughWithANewParentPerAttempt() throws {
        let trace = try run(Self.retrying(""), requests: [request(headers: [("traceparent", Self.incoming)])], responses: Self.failingTwice)
        let values = Self.traceparents(trace)
        Self.expectNewSpanPerAttempt(values, traceID: "4bf92f3577b34da6a3ce929d0e0e4736", flags: "01", "pass-through")
        #expect(!values.contains(Self.incoming))
    }

    @Test func setHeaderSkipKeepsTheClientsTraceButNotItsParent() throws {
        let policy = Self.retrying(#"<set-header name="traceparent" exists-action="skip"><value>00-11111111111111111111111111111111-2222222222222222-01</value></set-header>"#)
        let trace = try run(policy, requests: [request(headers: [("traceparent", Self.incoming)])], responses: Self.failingTwice)
        let values = Self.traceparents(trace)
        Self.expectNewSpanPerAttempt(values, traceID: "4bf92f3577b34da6a3ce929d0e0e4736", flags: "01", "skip on the client's header")
        #expect(!values.contains(Self.incoming))
    }

    @Test func traceStartedByTheGatewayGetsANewParentPerAttempt() throws {
        let trace = try run(Self.retrying(""), responses: Self.failingTwice)
        Self.expectNewSpanPerAttempt(Self.traceparents(trace), traceID: nil, flags: "01", "started by the gateway")
    }

    /// Decision (Docs/decisions.md): a value a policy sets is sent as set on the next attempt;
    /// retries that find it unchanged are new spans of its trace (same trace-id and flags).
    @Test func traceparentSetByAPolicyIsSentOnceThenEachRetryIsANewSpan() throws {
        let set = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"
        let policy = Self.retrying(#"<set-header name="traceparent" exists-action="override"><value>\#(set)</value></set-header>"#)
        let trace = try run(policy, requests: [request(headers: [("traceparent", Self.incoming)])], responses: Self.failingTwice)
        let values = Self.traceparents(trace)
        #expect(values.first == set)
        Self.expectNewSpanPerAttempt(values, traceID: "0af7651916cd43dd8448eb211c80319c", flags: "00", "set by a policy")
    }

    @Test func gatewayResponsesCarryContentLength() throws {
        // return-response with a body (UTF-8 bytes, not characters).
        let returned = try run("""
            <policies><inbound>
              <return-response><set-status code="201" /><set-body>héllo</set-body></return-response>
            </inbound></policies>
            """)
        #expect(returned.requests[0].header("Content-Length") == "6")
        // mock-response: no body.
        let mocked = try run(#"<policies><inbound><mock-response status-code="200" content-type="application/json" /></inbound></policies>"#)
        #expect(mocked.requests[0].header("Content-Length") == "0")
        // A failed backend call: the gateway's 500.
        let failed = try run(Self.retrying(""), responses: ["backend.example": [answer(fail: .connection)]])
        #expect(failed.requests[0].response.status == 500)
        #expect(failed.requests[0].header("Content-Length") == "0")
        // rate-limit's 429 with its JSON body.
        let limited = try run(#"<policies><inbound><rate-limit calls="1" renewal-period="60" /></inbound></policies>"#,
                              requests: [request(repeat: 2)]) { $0.context.subscription = ["id": "s1", "key": "k"] }
        let refused = limited.requests[1]
        #expect(refused.response.status == 429)
        #expect(refused.header("Content-Length") == String(refused.response.body?.utf8.count ?? -1))
        // 204 has none.
        let empty = try run(#"<policies><inbound><return-response><set-status code="204" /></return-response></inbound></policies>"#)
        #expect(empty.requests[0].header("Content-Length") == nil)
    }

    @Test func relayedBackendResponsesKeepTheBackendsHeaders() throws {
        let policy = "<policies><inbound><set-backend-service base-url=\"https://backend.example\" /></inbound><backend><forward-request /></backend></policies>"
        let plain = try run(policy, responses: ["backend.example": [answer(200, body: "{\"ok\":true}")]])
        #expect(plain.requests[0].header("Content-Length") == nil)
        let declared = try run(policy, responses: ["backend.example": [answer(200, body: "{\"ok\":true}", headers: ["Content-Length": "11"])]])
        #expect(declared.requests[0].header("Content-Length") == "11")
    }

    /// Docs/run-output.md: `attempts[].error` is the failure's LastError Reason, in text and JSON.
    @Test func attemptErrorsAreTheLastErrorReasons() throws {
        func policy(buffered: Bool) -> String {
            """
            <policies>
              <inbound><set-backend-service base-url="https://backend.example" /></inbound>
              <backend>
                <retry condition="@(context.Response.StatusCode >= 500)" count="2" interval="0">
                  <forward-request timeout="1" buffer-request-body="\(buffered)" />
                </retry>
              </backend>
            </policies>
            """
        }
        let failing = try run(policy(buffered: true), responses: ["backend.example": [answer(latency: 5_000), answer(fail: .connection), answer(200)]])
        let unbuffered = try run(policy(buffered: false), requests: [request("POST", body: "{}")],
                                 responses: ["backend.example": [answer(500), answer(200)]])
        #expect(failing.requests[0].attempts.map(\.error) == ["Timeout", "BackendConnectionFailure", nil])
        #expect(unbuffered.requests[0].attempts.map(\.error).contains("ProtocolViolation"))
        let text = TraceFormatter.text(failing) + TraceFormatter.text(unbuffered)
        #expect(text.contains("backend.example: error Timeout after 1000ms"))
        #expect(text.contains("backend.example: error BackendConnectionFailure after 0ms"))
        #expect(text.contains("backend.example: error ProtocolViolation after 0ms"))
        let json = TraceFormatter.jsonText(failing) + TraceFormatter.jsonText(unbuffered)
        for reason in ["Timeout", "BackendConnectionFailure", "ProtocolViolation"] {
            #expect(json.contains("\"error\": \"\(reason)\""), "\(reason) in JSON")
        }
    }
}
