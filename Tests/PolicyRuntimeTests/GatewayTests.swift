import Testing

@testable import PolicyRuntime

/// Backends for the pool tests: two members with a breaker of 3 × 429 in PT5M, trip PT1M.
let poolBackends = """
    east:
      url: https://east.example/openai
      protocol: http
      circuitBreaker:
        rules:
          - name: throttled
            failureCondition: { count: 3, interval: PT5M, statusCodeRanges: [ { min: 429, max: 429 } ] }
            tripDuration: PT1M
    west:
      url: https://west.example/openai
      protocol: http
      circuitBreaker:
        rules:
          - name: throttled
            failureCondition: { count: 3, interval: PT5M, statusCodeRanges: [ { min: 429, max: 429 } ] }
            tripDuration: PT1M
            acceptRetryAfter: true
    standby:
      url: https://standby.example/openai
    pool:
      type: Pool
      pool:
        services:
          - { id: /backends/east, priority: 1, weight: 10 }
          - { id: /backends/west, priority: 1, weight: 20 }
          - { id: /backends/standby, priority: 2 }
    """

let poolPolicy = """
    <policies>
      <inbound><set-backend-service backend-id="pool" /></inbound>
      <backend>
        <retry condition="@(context.Response.StatusCode == 429)" count="2" interval="0">
          <forward-request buffer-request-body="true" />
        </retry>
      </backend>
      <on-error><set-header name="x-reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header></on-error>
    </policies>
    """

@Suite struct GatewayTests {
    @Test func weightedRoundRobinSplitsTenToTwenty() throws {
        let trace = try run(poolPolicy, backends: poolBackends, requests: [request(repeat: 30)], responses: ["*": [answer(200)]])
        let calls = trace.requests.flatMap { $0.attempts.map(\.backend) }
        #expect(calls.filter { $0 == "east" }.count == 10)
        #expect(calls.filter { $0 == "west" }.count == 20)
        #expect(Array(calls.prefix(3)) == ["west", "east", "west"])
    }

    @Test func breakerTripsOnTheThirdThrottleAndRecoversAfterAMinute() throws {
        // West answers 200; east throttles three times, trips, and is used again a minute later.
        let trace = try run(poolPolicy, backends: poolBackends,
            requests: [request(repeat: 9), request(after: 61_000, repeat: 3)],
            responses: ["east": [answer(429), answer(429), answer(429), answer(200)], "west": [answer(200)]])
        let circuit = trace.requests.flatMap { $0.details(.circuit) }
        #expect(circuit.first { $0.hasPrefix("east: circuit tripped") } != nil)
        #expect(circuit.first { $0.hasPrefix("east: circuit closed") } != nil)
        let tripIndex = try #require(trace.requests.firstIndex { $0.details(.circuit).contains { $0.hasPrefix("east: circuit tripped") } })
        // While east is open every call goes to west.
        for result in trace.requests[(tripIndex + 1)..<9] { #expect(result.attempts.map(\.backend) == ["west"]) }
        // After a minute east is selected again.
        #expect(trace.requests[9...].flatMap { $0.attempts.map(\.backend) }.contains("east"))
        #expect(trace.requests.allSatisfy { $0.response.status == 200 })
    }

    @Test func lowerPriorityGroupOnlyWhenTheFirstIsTripped() throws {
        let trace = try run(poolPolicy, backends: poolBackends, requests: [request(repeat: 4)],
            responses: ["east": [answer(429)], "west": [answer(429)], "standby": [answer(200)]])
        let calls = trace.requests.flatMap { $0.attempts.map(\.backend) }
        #expect(!calls.prefix(6).contains("standby"))
        #expect(calls.last == "standby")
        #expect(trace.requests.last?.response.status == 200)
    }

    @Test func everyMemberTrippedIs503IntoOnError() throws {
        let backends = poolBackends.split(separator: "\n").filter { !$0.contains("/backends/standby") }.joined(separator: "\n")
        let trace = try run(poolPolicy, backends: backends, requests: [request(repeat: 4)], responses: ["*": [answer(429)]])
        let last = try #require(trace.requests.last)
        #expect(last.response.status == 503)
        #expect(last.header("x-reason") == "BackendUnavailable")
        #expect(last.lastError?.message == "Backend pool pool is temporarily unavailable")
    }

    @Test func acceptRetryAfterOverridesTripDuration() throws {
        let backends = """
            west:
              url: https://west.example
              circuitBreaker:
                rules:
                  - name: throttled
                    failureCondition: { count: 1, interval: PT5M, statusCodeRanges: [ { min: 429, max: 429 } ] }
                    tripDuration: PT1M
                    acceptRetryAfter: true
            """
        let policy = "<policies><inbound><set-backend-service backend-id=\"west\" /></inbound><backend><forward-request /></backend></policies>"
        let trace = try run(policy, backends: backends, requests: [request(), request(after: 5_000), request(after: 6_000)],
            responses: ["west": [answer(429, headers: ["Retry-After": "10"]), answer(200)]])
        #expect(trace.requests.map(\.response.status) == [429, 503, 200])
        #expect(trace.requests[0].details(.circuit).first?.contains("open until 10000ms") == true)
    }

    @Test func retryWaitsFollowTheFormulasWithJitterOff() throws {
        func waits(_ attributes: String) throws -> [String] {
            let policy = """
                <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
                <backend><retry condition="@(context.Response.StatusCode == 500)" \(attributes)><forward-request /></retry></backend></policies>
                """
            return try run(policy, responses: ["b.example": [answer(500)]]).requests[0].details(.wait)
        }
        #expect(try waits("count=\"3\" interval=\"2\"") == ["retry 1 of 3 after 2000ms", "retry 2 of 3 after 2000ms", "retry 3 of 3 after 2000ms"])
        #expect(try waits("count=\"3\" interval=\"1\" delta=\"2\"") == ["retry 1 of 3 after 1000ms", "retry 2 of 3 after 3000ms", "retry 3 of 3 after 5000ms"])
        #expect(try waits("count=\"5\" interval=\"10\" delta=\"10\" max-interval=\"100\"") ==
            ["retry 1 of 5 after 10000ms", "retry 2 of 5 after 20000ms", "retry 3 of 5 after 40000ms", "retry 4 of 5 after 80000ms", "retry 5 of 5 after 100000ms"])
        #expect(try waits("count=\"2\" interval=\"3\" first-fast-retry=\"true\"") == ["retry 1 of 2 after 0ms", "retry 2 of 2 after 3000ms"])
    }

    @Test func jitterIsSeededAndBounded() throws {
        let policy = """
            <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
            <backend><retry condition="@(true)" count="3" interval="10" delta="10" max-interval="1000"><forward-request /></retry></backend></policies>
            """
        let first = try run(policy) { $0.jitter = true; $0.seed = 7 }.requests[0].details(.wait)
        let again = try run(policy) { $0.jitter = true; $0.seed = 7 }.requests[0].details(.wait)
        #expect(first == again)
        // k = 2: 10 + 1 × δ with δ in [8, 12] seconds.
        let second = try #require(first.dropFirst().first?.split(separator: " ").last?.dropLast(2)).description
        let milliseconds = try #require(Int(second))
        #expect(milliseconds >= 18_000 && milliseconds <= 22_000)
    }

    @Test func conditionFalseOnTheFirstRunAndCountExhausted() throws {
        let policy: (Int) -> String = { status in """
            <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
            <backend><retry condition="@(context.Response.StatusCode == \(status))" count="2" interval="1"><forward-request /></retry></backend></policies>
            """ }
        let quiet = try run(policy(503), responses: ["b.example": [answer(200)]]).requests[0]
        #expect(quiet.attempts.count == 1)
        #expect(quiet.details(.policy).last == "condition false after the first run")
        let exhausted = try run(policy(503), responses: ["b.example": [answer(503)]]).requests[0]
        #expect(exhausted.attempts.count == 3)
        #expect(exhausted.response.status == 503)
        #expect(exhausted.elapsedMilliseconds == 2000)
    }

    @Test func timeoutAndConnectionFailureInsideRetry() throws {
        let policy = """
            <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
            <backend><retry condition="@(context.LastError != null &amp;&amp; context.Response.StatusCode == 500)" count="2" interval="1">
              <forward-request timeout="5" buffer-request-body="true" /></retry></backend>
            <on-error><set-header name="x-reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header></on-error></policies>
            """
        let recovered = try run(policy, responses: ["b.example": [answer(fail: .timeout), answer(fail: .connection), answer(200, latency: 20)]]).requests[0]
        #expect(recovered.attempts.map { $0.error ?? "\($0.status ?? 0)" } == ["Timeout", "BackendConnectionFailure", "200"])
        #expect(recovered.response.status == 200)
        #expect(recovered.elapsedMilliseconds == 5000 + 1000 + 1000 + 20)
        let failed = try run(policy, responses: ["b.example": [answer(fail: .connection)]]).requests[0]
        #expect(failed.response.status == 500)
        #expect(failed.header("x-reason") == "BackendConnectionFailure")
    }

    @Test func retriedRequestWithoutBufferedBodyFails() throws {
        let policy = """
            <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
            <backend><retry condition="@(context.Response.StatusCode == 429)" count="1" interval="0"><forward-request /></retry></backend></policies>
            """
        let result = try run(policy, requests: [request("POST", body: "{\"a\":1}")], responses: ["b.example": [answer(429)]]).requests[0]
        #expect(result.attempts.map { $0.error ?? "\($0.status ?? 0)" } == ["429", "ProtocolViolation"])
        #expect(result.lastError?.reason == "ProtocolViolation")
        #expect(result.response.status == 500)
    }

    @Test func traceparentKeptCreatedAndInvalid() throws {
        let policy = "<policies><inbound><set-backend-service base-url=\"https://b.example\" /></inbound><backend><forward-request /></backend></policies>"
        let incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let kept = try run(policy, requests: [request(headers: [("traceparent", incoming), ("tracestate", "vendor=1")])]).requests[0]
        let sent = try #require(kept.attempts.first?.headers.first { $0.name == "traceparent" }?.value)
        #expect(sent.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-"))
        #expect(!sent.contains("b7ad6b7169203331"))
        #expect(sent.hasSuffix("-01"))
        #expect(kept.attempts.first?.headers.contains { $0.name == "tracestate" && $0.value == "vendor=1" } == true)

        let created = try run(policy, requests: [request(headers: [("traceparent", "00-00000000000000000000000000000000-b7ad6b7169203331-01")])]).requests[0]
        #expect(created.details(.warning).first?.contains("invalid") == true)
        let newParent = try #require(created.attempts.first?.headers.first { $0.name == "traceparent" }?.value)
        #expect(TraceCorrelation.isValid(newParent))

        let invalidPolicy = """
            <policies><inbound><set-backend-service base-url="https://b.example" />
            <set-header name="traceparent" exists-action="override"><value>not-a-traceparent</value></set-header></inbound>
            <backend><forward-request /></backend></policies>
            """
        let invalid = try run(invalidPolicy).requests[0]
        #expect(invalid.details(.warning).contains { $0.contains("invalid traceparent 'not-a-traceparent'") && $0.contains("line 2") })
    }

    @Test func openCircuitOnSingleBackendAnswers503WithoutACall() throws {
        let backends = """
            solo:
              url: https://solo.example
              circuitBreaker:
                rules:
                  - name: errors
                    failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [ { min: 500, max: 599 } ] }
                    tripDuration: PT30S
            """
        let policy = "<policies><inbound><set-backend-service backend-id=\"solo\" /></inbound><backend><forward-request /></backend></policies>"
        let trace = try run(policy, backends: backends, requests: [request(), request(after: 1000), request(after: 30_000)],
            responses: ["solo": [answer(500), answer(200)]])
        #expect(trace.requests.map(\.response.status) == [500, 503, 200])
        #expect(trace.requests[1].attempts.isEmpty)
    }
}
