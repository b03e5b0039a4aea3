import PolicySource
import Testing
import W3CTraceContext

@testable import PolicyRuntime

/// The summary trace level and the fast paths the load runs rely on.
@Suite struct TraceDetailTests {
    @Test func traceparentFormatterMatchesThePackage() {
        var random = SeededRandom(seed: 7)
        for index in 0..<200 {
            let trace = TraceID.random(using: &random)
            let span = SpanID.random(using: &random)
            let flags: TraceFlags = index.isMultiple(of: 2) ? .sampled : []
            let expected = TraceContext(traceID: trace, spanID: span, flags: flags, state: TraceState()).traceParentHeaderValue
            #expect(TraceCorrelation.traceparent(trace, span, flags) == expected)
        }
    }

    /// Summary and full runs of the same scenario make the same decisions: statuses, backends,
    /// timing, errors; summary only leaves out events, headers, bodies and variables.
    @Test func summaryKeepsEveryDecision() throws {
        let policy = """
            <policies>
                <inbound>
                    <set-backend-service backend-id="pool" />
                    <set-variable name="n" value="@(context.Request.Headers.GetValueOrDefault("x-n", "0"))" />
                </inbound>
                <backend>
                    <retry condition="@(context.Response.StatusCode == 429)" count="2" interval="1" first-fast-retry="true">
                        <forward-request buffer-request-body="true" />
                    </retry>
                </backend>
                <on-error>
                    <set-header name="x-error" exists-action="override"><value>@(context.LastError.Reason)</value></set-header>
                </on-error>
            </policies>
            """
        let full = try run(policy, backends: poolBackends, requests: (0..<40).map { _ in request(headers: [("x-n", "1")]) },
                           responses: ["east": [answer(429), answer(200)], "west": [answer(200, latency: 30)]])
        let summary = try run(policy, backends: poolBackends, requests: (0..<40).map { _ in request(headers: [("x-n", "1")]) },
                              responses: ["east": [answer(429), answer(200)], "west": [answer(200, latency: 30)]],
                              detail: .summary)
        #expect(full.requests.count == summary.requests.count)
        #expect(full.requests.contains { !$0.events.isEmpty })
        for (f, s) in zip(full.requests, summary.requests) {
            #expect(s.response.status == f.response.status)
            #expect(s.response.reason == f.response.reason)
            #expect(s.atMilliseconds == f.atMilliseconds)
            #expect(s.elapsedMilliseconds == f.elapsedMilliseconds)
            #expect(s.url == f.url)
            #expect(s.lastError == f.lastError)
            let summaryAttempts = s.attempts.map { "\($0.backend) \($0.status.map(String.init) ?? "-") \($0.error ?? "-") \($0.url)" }
            let fullAttempts = f.attempts.map { "\($0.backend) \($0.status.map(String.init) ?? "-") \($0.error ?? "-") \($0.url)" }
            #expect(summaryAttempts == fullAttempts)
            #expect(s.events.isEmpty && s.variables.isEmpty && s.response.headers.isEmpty)
            #expect(s.attempts.allSatisfy { $0.headers.isEmpty })
        }
    }
}
