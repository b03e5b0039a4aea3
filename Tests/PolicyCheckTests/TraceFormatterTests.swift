import Foundation
import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

/// A trace as the interpreter would produce it: two requests, a retry across a pool, an error.
func sampleTrace() -> RunTrace {
    let first = RequestTrace(
        method: "POST", url: "https://apim.example/openai/chat?api-version=1", atMilliseconds: 0,
        response: TraceResponse(status: 200, reason: "OK", headers: [TraceHeader("Content-Type", "application/json"), TraceHeader("Set-Cookie", "a=1"), TraceHeader("set-cookie", "b=2")],
                                body: "{\"ok\": true}\nline two"),
        elapsedMilliseconds: 1_250,
        attempts: [
            BackendAttempt(atMilliseconds: 0, backend: "backend1", pool: "pool1", method: "POST", url: "https://one.example/openai/chat?api-version=1",
                           headers: [TraceHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")], status: 429, durationMilliseconds: 250),
            BackendAttempt(atMilliseconds: 250, backend: "backend2", pool: "pool1", method: "POST", url: "https://two.example/openai/chat?api-version=1",
                           status: nil, error: "timeout", durationMilliseconds: 1_000),
        ],
        events: [
            TraceEvent(atMilliseconds: 0, kind: .policy, section: "inbound", policy: "set-backend-service", line: 4, detail: "backend-id pool1"),
            TraceEvent(atMilliseconds: 0, kind: .select, section: "backend", policy: "forward-request", line: 9, detail: "pool1 -> backend1"),
            TraceEvent(atMilliseconds: 250, kind: .wait, section: "backend", policy: "retry", line: 7, detail: "attempt 2 of 3 after 0ms"),
            TraceEvent(atMilliseconds: 1_250, kind: .trace, section: "outbound", policy: "trace", line: 3, file: "/abs/scenarios/fragments/log.xml", detail: "multi\nline \"detail\""),
            TraceEvent(atMilliseconds: 1_250, kind: .warning, detail: "no policy location"),
        ],
        variables: [(name: "count", value: "3"), (name: "name", value: "\"abc\"")])
    let second = RequestTrace(
        method: "GET", url: "https://apim.example/status", atMilliseconds: 3_250,
        response: TraceResponse(status: 503, reason: "Service Unavailable"),
        elapsedMilliseconds: 0,
        lastError: TraceLastError(source: "forward-request", reason: "BackendConnectionFailure", message: "Backend pool pool1 is temporarily unavailable",
                                  scope: "api", section: "backend", path: "forward-request[1]", policyId: ""))
    return RunTrace(scenario: "pool <fails> & \"over\"", requests: [first, second], warnings: ["backend3 is never used"])
}

@Suite struct TraceFormatterTests {
    @Test func jsonShape() throws {
        let text = TraceFormatter.jsonText(sampleTrace(), pathBase: "/abs/scenarios")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "pool <fails> & \"over\"")
        #expect(object["warnings"] as? [String] == ["backend3 is never used"])
        #expect(object["expectations"] == nil)
        let requests = try #require(object["requests"] as? [[String: Any]])
        #expect(requests.count == 2)
        let first = requests[0]
        #expect(first["request"] as? [String: String] == ["method": "POST", "url": "https://apim.example/openai/chat?api-version=1"])
        #expect(first["atMs"] as? Int == 0)
        #expect(first["elapsedMs"] as? Int == 1_250)
        let response = try #require(first["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect(response["reason"] as? String == "OK")
        #expect(response["headers"] as? [String: String] == ["Content-Type": "application/json", "Set-Cookie": "a=1, b=2"])
        #expect(response["body"] as? String == "{\"ok\": true}\nline two")
        let attempts = try #require(first["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect(attempts[0]["atMs"] as? Int == 0)
        #expect(attempts[0]["backend"] as? String == "backend1")
        #expect(attempts[0]["pool"] as? String == "pool1")
        #expect(attempts[0]["url"] as? String == "https://one.example/openai/chat?api-version=1")
        #expect((attempts[0]["headers"] as? [String: String])?["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        #expect(attempts[0]["status"] as? Int == 429)
        #expect(attempts[0]["error"] is NSNull)
        #expect(attempts[0]["durationMs"] as? Int == 250)
        #expect(attempts[1]["status"] is NSNull)
        #expect(attempts[1]["error"] as? String == "timeout")
        let events = try #require(first["events"] as? [[String: Any]])
        #expect(events.count == 5)
        #expect(events[2]["atMs"] as? Int == 250)
        #expect(events[2]["kind"] as? String == "wait")
        #expect(events[2]["section"] as? String == "backend")
        #expect(events[2]["policy"] as? String == "retry")
        #expect(events[2]["line"] as? Int == 7)
        #expect(events[2]["detail"] as? String == "attempt 2 of 3 after 0ms")
        #expect(events[2]["file"] is NSNull)
        #expect(events[3]["file"] as? String == "fragments/log.xml")
        #expect(events[4]["section"] is NSNull && events[4]["policy"] is NSNull && events[4]["line"] is NSNull)
        #expect(first["lastError"] is NSNull)
        #expect(first["variables"] as? [String: String] == ["count": "3", "name": "\"abc\""])
        let lastError = try #require(requests[1]["lastError"] as? [String: String])
        #expect(lastError == ["source": "forward-request", "reason": "BackendConnectionFailure", "message": "Backend pool pool1 is temporarily unavailable",
                              "scope": "api", "section": "backend", "path": "forward-request[1]", "policyId": ""])
        #expect(requests[1]["response"].flatMap { ($0 as? [String: Any])?["body"] } is NSNull)
        // Keys in the contract's order.
        let keys = ["\"request\"", "\"atMs\"", "\"response\"", "\"elapsedMs\"", "\"attempts\"", "\"events\"", "\"lastError\"", "\"variables\""]
        let positions = keys.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func jsonWithExpectations() throws {
        let text = TraceFormatter.jsonText(RunTrace(scenario: "s"), expectationFailures: ["expected status 200, got 503"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let expectations = try #require(object["expectations"] as? [String: Any])
        #expect(expectations["passed"] as? Bool == false)
        #expect(expectations["failures"] as? [String] == ["expected status 200, got 503"])
    }

    @Test func textTrace() {
        let text = TraceFormatter.text(sampleTrace(), pathBase: "/abs/scenarios")
        let expected = #"""
            scenario: pool <fails> & "over"
            warning: backend3 is never used

            request 1 of 2: POST https://apim.example/openai/chat?api-version=1
              at 0ms, took 1250ms
              events:
                [     0ms] policy   inbound  set-backend-service (line 4): backend-id pool1
                [     0ms] select   backend  forward-request (line 9): pool1 -> backend1
                [   250ms] wait     backend  retry (line 7): attempt 2 of 3 after 0ms
                [  1250ms] trace    outbound trace (fragments/log.xml line 3): multi
                  | line "detail"
                [  1250ms] warning  no policy location
              attempts:
                1. [     0ms] backend1 (pool pool1): 429 after 250ms
                   POST https://one.example/openai/chat?api-version=1
                   traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01
                2. [   250ms] backend2 (pool pool1): error timeout after 1000ms
                   POST https://two.example/openai/chat?api-version=1
              response: 200 OK
                Content-Type: application/json
                Set-Cookie: a=1
                set-cookie: b=2
                body:
                  | {"ok": true}
                  | line two
              variables:
                count = 3
                name = "abc"

            request 2 of 2: GET https://apim.example/status
              at 3250ms, took 0ms
              response: 503 Service Unavailable
              lastError:
                source: forward-request
                reason: BackendConnectionFailure
                message: Backend pool pool1 is temporarily unavailable
                scope: api
                section: backend
                path: forward-request[1]
                policyId:

            summary:
              requests: 2 from 0ms to 3.2s (virtual time)
              client statuses: 200 ×1, 503 ×1
              latency: p50 0ms, p90 1250ms, p99 1250ms, max 1250ms
              backends:
                backend1  1 call: 429 ×1; 50% of pool pool1
                backend2  1 call: timeout ×1; 50% of pool pool1
              retries: none
              circuits: none opened
              rejections: 0 by rate limits, 0 by quotas, 0 by concurrency limits

            """#
        #expect(text == expected)
    }

    @Test func bodiesKeepTheirLastLineBreak() {
        func body(_ text: String?) -> String {
            let trace = RunTrace(scenario: "s", requests: [RequestTrace(method: "GET", url: "https://a.example", atMilliseconds: 0,
                                                                         response: TraceResponse(status: 200, reason: "OK", body: text), elapsedMilliseconds: 0)])
            let lines = TraceFormatter.text(trace).split(separator: "\n", omittingEmptySubsequences: false)
            // The response's lines, up to the summary block that ends every trace.
            let response = lines.drop(while: { !$0.hasPrefix("  response:") }).dropFirst().prefix { $0 != "summary:" }
            return String(response.map { $0 + "\n" }.joined().dropLast())
        }
        #expect(body("a\r\nb") == "    body:\n      | a\n      | b\n")
        #expect(body("a\n") == "    body:\n      | a\n      |\n")
        #expect(body("") == "    body: (empty)\n")
        #expect(body(nil) == "")
        #expect(body("tab\there\u{7}  ") == "    body:\n      | tab\there\\u{7}\n")
    }

    @Test func textIsStable() {
        let a = TraceFormatter.text(sampleTrace())
        let b = TraceFormatter.text(sampleTrace())
        #expect(a == b)
        #expect(TraceFormatter.jsonText(sampleTrace()) == TraceFormatter.jsonText(sampleTrace()))
        #expect(!a.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasSuffix(" ") })
        #expect(a.hasSuffix("\n"))
    }
}

/// `JSONText`: the one JSON string escaper the reports, simulated error bodies, liquid and
/// xml-to-json share.
@Suite struct JSONTextTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(JSONText.quoted("a\"b\\c\nd\re\tf\u{01}g\u{1F}h é") == #""a\"b\\c\nd\re\tf\u0001g\u001fh é""#)
        #expect(JSONText.escaped("") == "")
        #expect(JSONValue.object([("k\"", .string("v\u{0}"))]).render(pretty: false) == #"{"k\"":"v\u0000"}"#)
    }
}
