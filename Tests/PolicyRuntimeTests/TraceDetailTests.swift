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

/// The per-run caches of the hot path (backend-relative path, joined backend URL, last route)
/// must never hand one request another request's answer.
@Suite struct RequestCacheTests {
    /// Requests of one URL, some of them rewritten or given another query, alternate between two base URLs: each attempt
    /// goes where its own request says.
    @Test func rewrittenAndPlainRequestsKeepTheirOwnBackendURL() throws {
        let policy = """
            <policies>
                <inbound>
                    <choose>
                        <when condition="@(context.Request.Headers.ContainsKey("x-rewrite"))">
                            <rewrite-uri template="/other" />
                        </when>
                    </choose>
                    <choose>
                        <when condition="@(context.Request.Headers.ContainsKey("x-query"))">
                            <set-query-parameter name="x" exists-action="override"><value>9</value></set-query-parameter>
                        </when>
                    </choose>
                    <choose>
                        <when condition="@(context.Request.Headers.ContainsKey("x-west"))">
                            <set-backend-service base-url="https://west.example/v1" />
                        </when>
                        <otherwise>
                            <set-backend-service base-url="https://east.example/v1" />
                        </otherwise>
                    </choose>
                </inbound>
                <backend><forward-request /></backend>
            </policies>
            """
        let requests = [
            request(url: "https://apim.example/api/items?x=1"),
            request(url: "https://apim.example/api/items?x=1", headers: [("x-rewrite", "1")]),
            request(url: "https://apim.example/api/items?x=1"),
            request(url: "https://apim.example/api/items?x=1", headers: [("x-west", "1")]),
            request(url: "https://apim.example/api/items?x=2", headers: [("x-west", "1")]),
            request(url: "https://apim.example/api/items?x=1"),
            request(url: "https://apim.example/api/items?x=1", headers: [("x-query", "1")]),
            request(url: "https://apim.example/api/items?x=1"),
        ]
        for detail in [TraceDetail.full, .summary] {
            let trace = try run(policy, requests: requests, detail: detail)
            #expect(trace.requests.flatMap { $0.attempts.map(\.url) } == [
                "https://east.example/v1/api/items?x=1",
                "https://east.example/v1/other?x=1",
                "https://east.example/v1/api/items?x=1",
                "https://west.example/v1/api/items?x=1",
                "https://west.example/v1/api/items?x=2",
                "https://east.example/v1/api/items?x=1",
                "https://east.example/v1/api/items?x=9",
                "https://east.example/v1/api/items?x=1",
            ])
        }
    }

    /// Two backend ids used in turn: the route remembered from the last lookup is not reused
    /// for the other id, and an unknown id stays a warning each time.
    @Test func alternatingBackendIdsResolveEachTime() throws {
        let policy = """
            <policies>
                <inbound>
                    <set-backend-service backend-id="@(context.Request.Headers.GetValueOrDefault("x-backend", "east"))" />
                </inbound>
                <backend><forward-request /></backend>
            </policies>
            """
        let backends = """
            east: { url: "https://east.example" }
            west: { url: "https://west.example" }
            """
        let ids = ["east", "west", "west", "nowhere", "east", "nowhere"]
        let trace = try run(policy, backends: backends, requests: ids.map { request(headers: [("x-backend", $0)]) })
        #expect(trace.requests.flatMap { $0.attempts.map(\.backend) } == ids)
        #expect(trace.requests.map { $0.attempts.first?.url ?? "" } == [
            "https://east.example/api/items?x=1", "https://west.example/api/items?x=1", "https://west.example/api/items?x=1",
            "https://nowhere/api/items?x=1", "https://east.example/api/items?x=1", "https://nowhere/api/items?x=1",
        ])
        #expect(trace.requests.map { $0.details(.warning).filter { $0.contains("not in the scenario's backends") }.count } == [0, 0, 0, 1, 0, 1])
    }
}
