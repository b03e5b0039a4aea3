import PolicyExpressions
import Testing

@testable import PolicyRuntime

/// The runner hands each request's `context` on to the next request of the run
/// (`PolicyContext.recycle`). Nothing of one request may show in the next: variables, a consumed
/// body, response headers, LastError, a rewritten URL — and a response a cache kept stays as it was.
@Suite struct ContextReuseTests {
    static let policy = """
        <policies>
            <inbound>
                <set-variable name="sawTenant" value="@(context.Variables.ContainsKey("tenant"))" />
                <set-variable name="tenant" value="contoso" />
                <set-header name="x-body" exists-action="override">
                    <value>@(context.Request.Body == null ? "none" : context.Request.Body.As<string>())</value>
                </set-header>
                <cache-lookup-value key="last" variable-name="previous" />
                <choose>
                    <when condition="@(context.Request.Method == "DELETE")">
                        <rewrite-uri template="/gone" />
                    </when>
                </choose>
            </inbound>
            <backend><forward-request timeout="5" /></backend>
            <outbound>
                <set-header name="x-previous" exists-action="override">
                    <value>@(context.Variables["previous"] == null ? "none" : ((IResponse)context.Variables["previous"]).StatusCode + " " + ((IResponse)context.Variables["previous"]).Headers.GetValueOrDefault("ETag", "-"))</value>
                </set-header>
                <cache-store-value key="last" value="@(context.Response)" duration="60" />
            </outbound>
            <on-error>
                <set-header name="x-error" exists-action="override"><value>@(context.LastError.Reason)</value></set-header>
            </on-error>
        </policies>
        """

    @Test func nothingOfOneRequestShowsInTheNext() throws {
        let requests = [
            request("POST", body: "first"),
            request("DELETE", body: "first"),
            request("GET"),
            request("POST", body: "first"),
        ]
        let responses = ["*": [
            answer(201, body: "{}", headers: ["ETag": "one"]),
            answer(fail: .timeout),
            answer(202, headers: ["ETag": "three"]),
            answer(200),
        ]]
        for detail in [TraceDetail.full, .summary] {
            let trace = try run(Self.policy, requests: requests, responses: responses, detail: detail)
            let statuses = trace.requests.map(\.response.status)
            #expect(statuses == [201, 500, 202, 200])
            #expect(trace.requests.map { $0.lastError?.reason } == [nil, "Timeout", nil, nil])
            guard detail == .full, trace.requests.count == 4 else { continue }
            let (first, second, third, fourth) = (trace.requests[0], trace.requests[1], trace.requests[2], trace.requests[3])
            #expect(trace.requests.map { $0.variable("sawTenant") } == ["False", "False", "False", "False"])
            #expect(first.header("x-body") == nil)  // set on the request, not the response
            #expect(first.attempts.map(\.url) == ["https://apim.example/api/items?x=1"])
            #expect(second.attempts.map(\.url) == ["https://apim.example/gone?x=1"])
            #expect(third.attempts.map(\.url) == ["https://apim.example/api/items?x=1"])
            #expect(first.attempts.first?.headers.first { $0.name == "x-body" }?.value == "first")
            // The repeated body is unread again, not consumed by the request before.
            #expect(second.attempts.first?.headers.first { $0.name == "x-body" }?.value == "first")
            #expect(third.attempts.first?.headers.first { $0.name == "x-body" }?.value == "none")
            #expect(fourth.attempts.first?.headers.first { $0.name == "x-body" }?.value == "first")
            #expect(first.header("x-previous") == "none")
            #expect(second.header("x-error") == "Timeout" && second.header("ETag") == nil)
            // The cached response of the first request is as it was, though later responses reused objects.
            #expect(third.header("x-previous") == "201 one")
            #expect(third.header("x-error") == nil && third.header("ETag") == "three")
            #expect(fourth.header("x-previous") == "202 three")
            #expect(fourth.header("ETag") == nil)
            #expect(fourth.response.headers.map(\.name) == ["x-previous"])
        }
    }
}
