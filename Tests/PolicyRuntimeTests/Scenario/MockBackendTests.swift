import PolicySource
import Testing

@testable import PolicyRuntime

/// Routed mock backends (`when`, `default: true`) and headers-vs-body timing (`headersAfter`,
/// `fail: reset-after-headers`) on the simulated gateway (Docs/scenarios.md, `responses`).
@Suite struct MockBackendTests {
    let forward = """
        <policies><inbound><set-backend-service base-url="https://b.example/api" /></inbound>
        <backend><forward-request timeout="5" /></backend><outbound /></policies>
        """

    func routed(_ status: Int, _ when: ResponseCondition, body: String? = nil) -> ScriptedResponse {
        ScriptedResponse(status: status, body: body, when: when, location: here)
    }

    @Test func theFirstMatchingWhenAnswersAndIsNotUsedUp() throws {
        let responses = ["b.example": [
            routed(201, ResponseCondition(methods: ["POST"], path: "/api/items", location: here)),
            routed(200, ResponseCondition(path: "/api/items/*", location: here), body: "one"),
            routed(299, ResponseCondition(path: "/api/**", location: here)),
        ]]
        let trace = try run(forward, requests: [
            request("GET", url: "https://apim.example/items/1"), request("POST", url: "https://apim.example/items"),
            request("GET", url: "https://apim.example/items/1/parts"), request("GET", url: "https://apim.example/items/2"),
        ], responses: responses)
        #expect(trace.requests.map(\.response.status) == [200, 201, 299, 200])
        #expect(trace.requests[0].details(.attempt).first?.hasSuffix("[when at line 1]") == true)
    }

    @Test func queryHeadersAndBodyMustAllHold() throws {
        let condition = ResponseCondition(query: [ScriptedHeader(name: "q", value: "a b")], headers: [ScriptedHeader(name: "x-mode", value: "slow")],
                                          bodyContains: "needle", location: here)
        let responses = ["b.example": [routed(202, condition), answer(200)]]
        let trace = try run(forward, requests: [
            request("POST", url: "https://apim.example/s?q=a%20b", headers: [("X-Mode", "slow")], body: "hay needle hay"),
            request("POST", url: "https://apim.example/s?q=a%20b", headers: [("X-Mode", "fast")], body: "hay needle hay"),
            request("POST", url: "https://apim.example/s?q=ab", headers: [("X-Mode", "slow")], body: "hay needle hay"),
            request("POST", url: "https://apim.example/s?q=a%20b", headers: [("X-Mode", "slow")], body: "hay"),
        ], responses: responses)
        #expect(trace.requests.map(\.response.status) == [202, 200, 200, 200])
    }

    @Test func entriesWithoutWhenKeepCallOrderAndTheDefaultAnswersOnceTheyAreUsedUp() throws {
        let health = routed(204, ResponseCondition(path: "/api/health", location: here))
        let fallback = ScriptedResponse(status: 404, isDefault: true, location: here)
        let urls = ["/health", "/x", "/x", "/health", "/x", "/x"].map { request(url: "https://apim.example" + $0) }
        let withDefault = try run(forward, requests: urls, responses: ["b.example": [health, answer(503), answer(200), fallback]])
        #expect(withDefault.requests.map(\.response.status) == [204, 503, 200, 204, 404, 404])
        // Without a default the last entry without `when` repeats, as before.
        let withoutDefault = try run(forward, requests: urls, responses: ["b.example": [health, answer(503), answer(200)]])
        #expect(withoutDefault.requests.map(\.response.status) == [204, 503, 200, 204, 200, 200])
    }

    @Test func aCallNothingAnswersIsAScenarioErrorNamingBackendAndCall() throws {
        let responses = ["b.example": [routed(200, ResponseCondition(methods: ["GET"], location: here))]]
        var error: ScenarioError?
        do {
            _ = try run(forward, requests: [request("GET", url: "https://apim.example/a"), request("DELETE", url: "https://apim.example/a")], responses: responses)
        } catch let caught {
            error = caught as? ScenarioError
        }
        let message = try #require(error?.message)
        #expect(message.contains("'b.example': DELETE https://b.example/api/a"), "\(message)")
        #expect(message.contains("no 'when' entry of responses.b.example matches (line 1: GET)"), "\(message)")
        #expect(message.contains("no 'default: true' entry"))
    }

    @Test func forwardRequestTimeoutCountsToTheHeaders() throws {
        let slowBody = ScriptedResponse(latencyMilliseconds: 30_000, headersAfterMilliseconds: 1_000, location: here)
        let slowHeaders = ScriptedResponse(latencyMilliseconds: 7_000, headersAfterMilliseconds: 6_000, location: here)
        let trace = try run(forward, requests: [request(), request()], responses: ["b.example": [slowBody, slowHeaders]])
        #expect(trace.requests[0].response.status == 200)
        #expect(trace.requests[0].elapsedMilliseconds == 30_000)
        #expect(trace.requests[0].attempts.first?.headersMilliseconds == 1_000)
        #expect(trace.requests[1].attempts.first?.error == "Timeout")
        #expect(trace.requests[1].elapsedMilliseconds == 5_000)
    }

    @Test func aStreamedBodyLetsThePipelineGoOnAtTheHeaders() throws {
        let streaming = """
            <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
            <backend><forward-request timeout="5" buffer-response="false" /></backend>
            <outbound><set-variable name="at" value="@(context.Elapsed.TotalMilliseconds)" /></outbound></policies>
            """
        let slow = ScriptedResponse(latencyMilliseconds: 30_000, headersAfterMilliseconds: 1_000, location: here)
        let trace = try run(streaming, requests: [request(), request()], responses: ["b.example": [slow]])
        #expect(trace.requests[0].variable("at") == "1000")
        #expect(trace.requests[0].elapsedMilliseconds == 30_000)
        #expect(trace.requests[1].atMilliseconds == 30_000)
    }

    @Test func resetAfterHeadersFailsABufferedCallAndCutsAStreamedOne() throws {
        let reset = ScriptedResponse(body: "partial", latencyMilliseconds: 2_000, headersAfterMilliseconds: 200, failure: .resetAfterHeaders, location: here)
        let buffered = try run(forward, responses: ["b.example": [reset]])
        #expect(buffered.requests[0].response.status == 500)
        #expect(buffered.requests[0].lastError?.reason == "BackendConnectionFailure")
        #expect(buffered.requests[0].attempts.first?.status == 200)
        let streamed = try run(forward.replacingOccurrences(of: "timeout=\"5\"", with: "timeout=\"5\" buffer-response=\"false\""),
                               responses: ["b.example": [reset]])
        #expect(streamed.requests[0].response.status == 200)
        #expect(streamed.requests[0].response.body == "partial")
        #expect(streamed.requests[0].lastError?.reason == nil)
        #expect(streamed.requests[0].elapsedMilliseconds == 2_000)
        #expect(streamed.requests[0].details(.error).first?.contains("connection reset mid-body") == true)
    }

    @Test func sendRequestTimeoutCountsTheWholeResponse() throws {
        let policy = """
            <policies><inbound>
            <send-request mode="new" response-variable-name="r" timeout="5" ignore-error="true"><set-url>https://l.example/x</set-url></send-request>
            <set-variable name="isNull" value="@(context.Variables["r"] == null)" />
            <return-response><set-status code="200" reason="OK" /></return-response></inbound></policies>
            """
        let late = ScriptedResponse(latencyMilliseconds: 8_000, headersAfterMilliseconds: 1_000, location: here)
        let trace = try run(policy, responses: ["l.example": [late]])
        #expect(trace.requests[0].attempts.first?.error == "Timeout")
        #expect(trace.requests[0].elapsedMilliseconds == 5_000)
        #expect(trace.requests[0].variable("isNull") == "True")
    }

    @Test func globSegmentsAndAnyDepth() {
        #expect(ResponseCondition.glob("/items/*", matches: "/items/42"))
        #expect(!ResponseCondition.glob("/items/*", matches: "/items/42/parts"))
        #expect(ResponseCondition.glob("/items/*", matches: "/items/"))
        #expect(ResponseCondition.glob("/v*/items", matches: "/v2/items"))
        #expect(ResponseCondition.glob("/api/**", matches: "/api/a/b/c"))
        #expect(ResponseCondition.glob("**/completions", matches: "/openai/deployments/gpt/chat/completions"))
        #expect(!ResponseCondition.glob("/items", matches: "/items/"))
        #expect(!ResponseCondition.glob("/Items", matches: "/items"))
        #expect(ResponseCondition.glob(String(repeating: "*", count: 2_000), matches: String(repeating: "/a", count: 1_000)))
        #expect(!ResponseCondition.glob("**", matches: "/" + String(repeating: "a", count: ResponseCondition.maximumMatchedPathLength)))
    }
}
