import PolicyCheck
import Testing

/// The policy under test: tenant header → variable, retry on 429, the tenant echoed back,
/// a 502 from on-error when the backend cannot be reached.
let retryPolicy = """
    <policies>
        <inbound>
            <set-variable name="tenant" value="@(context.Request.Headers.GetValueOrDefault("x-tenant", "none"))" />
            <set-backend-service backend-id="openai" />
        </inbound>
        <backend>
            <retry condition="@(context.Response.StatusCode == 429)" count="3" interval="2">
                <forward-request buffer-request-body="true" timeout="30" />
            </retry>
        </backend>
        <outbound>
            <set-header name="x-tenant" exists-action="override">
                <value>@((string)context.Variables["tenant"])</value>
            </set-header>
        </outbound>
        <on-error>
            <return-response>
                <set-status code="502" reason="Bad Gateway" />
            </return-response>
        </on-error>
    </policies>
    """

@Suite struct RetryPolicyTests {
    /// The same gateway for every test: one backend and a request carrying a tenant.
    func scenario() throws -> TestScenario {
        try TestScenario("retry on 429", policy: TestPolicy(xml: retryPolicy))
            .backends(yaml: #"openai: { url: "https://openai.example/v1" }"#)
            .request("POST", "https://apim.example/chat", headers: ["x-tenant": "contoso"], body: #"{"q": 1}"#)
    }

    @Test func retriesAThrottledCallAndEchoesTheTenant() throws {
        let run = try scenario()
            .responses("openai", .status(429, headers: ["Retry-After": "2"]), .status(200, body: #"{"ok": true}"#))
            .run()

        #expect(run.status == 200)
        #expect(run.body == #"{"ok": true}"#)
        #expect(run.header("x-tenant") == "contoso")
        #expect(run.backendCalls == ["openai", "openai"])
        #expect(run.attempts.map(\.atMilliseconds) == [0, 2000])  // the retry waits 2s of virtual time
        #expect(run.variable("tenant") == #""contoso""#)           // strings print quoted, as in the trace
        #expect(run.lastError == nil)
        try run.assertGolden("Goldens/retry-on-429.golden")      // POLICYCHECK_RECORD=1 rewrites it
    }

    @Test func aTimeoutEndsInOnError() throws {
        let run = try scenario()
            .responses("openai", .failure(.timeout, latency: .seconds(30)))
            .run()

        #expect(run.status == 502)
        #expect(run.lastError?.source == "forward-request")
        #expect(run.lastError?.reason == "Timeout")
        #expect(run.events(.error).count == 1)
        #expect(run.last.elapsedMilliseconds == 30_000)
    }

    @Test func aScenarioFileRunsWithItsExpectations() throws {
        let run = try TestScenario.load("../../Policies/openai-pool/pool.scenario.yaml", relativeTo: #filePath).run()

        #expect(run.expectationFailures.isEmpty)
        #expect(run.requests.count == 33)
        #expect(run.statuses.allSatisfy { $0 == 200 })
    }
}
