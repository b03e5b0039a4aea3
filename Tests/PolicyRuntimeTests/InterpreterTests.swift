import Testing

@testable import PolicyRuntime

@Suite struct InterpreterTests {
    @Test func sectionsRunInOrderAndNoBackendSectionMeansNoCall() throws {
        let trace = try run("""
            <policies>
              <inbound><set-variable name="a" value="1" /></inbound>
              <outbound><set-header name="x-a" exists-action="override"><value>@((string)context.Variables["a"])</value></set-header></outbound>
            </policies>
            """)
        let result = try #require(trace.requests.first)
        #expect(result.attempts.isEmpty)
        #expect(result.response.status == 200)
        #expect(result.header("x-a") == "1")
        #expect(result.variable("a") == "\"1\"")
    }

    @Test func nestedChooseTakesTheFirstTrueBranch() throws {
        let trace = try run("""
            <policies><inbound>
              <choose>
                <when condition="@(context.Request.Method == &quot;POST&quot;)"><set-variable name="branch" value="post" /></when>
                <when condition="@(context.Request.Url.Query.ContainsKey("x"))">
                  <choose>
                    <when condition="@(context.Request.Url.Query["x"][0] == "2")"><set-variable name="branch" value="x2" /></when>
                    <otherwise><set-variable name="branch" value="x-other" /></otherwise>
                  </choose>
                </when>
                <otherwise><set-variable name="branch" value="none" /></otherwise>
              </choose>
            </inbound></policies>
            """, requests: [request(), request(url: "https://apim.example/api?x=2"), request(url: "https://apim.example/api"), request("POST")])
        #expect(trace.requests.map { $0.variable("branch") } == ["\"x-other\"", "\"x2\"", "\"none\"", "\"post\""])
    }

    @Test func expressionErrorGoesToOnErrorWithLastError() throws {
        let trace = try run("""
            <policies>
              <inbound>
                <choose>
                  <when condition="@(true)">
                    <set-variable id="boom" name="v" value="@(context.Variables.GetValueOrDefault<string>(&quot;missing&quot;).Length)" />
                  </when>
                </choose>
                <set-variable name="never" value="1" />
              </inbound>
              <on-error>
                <set-header name="x-error" exists-action="override"><value>@(context.LastError.Reason + "|" + context.LastError.Source + "|" + context.LastError.Section + "|" + context.LastError.Path + "|" + context.LastError.PolicyId)</value></set-header>
                <set-body>@(context.LastError.Message)</set-body>
              </on-error>
            </policies>
            """)
        let result = try #require(trace.requests.first)
        #expect(result.response.status == 500)
        #expect(result.header("x-error") == "ExpressionValueEvaluationFailure|set-variable|inbound|choose[1]\\when[1]\\set-variable[1]|boom")
        #expect(result.response.body == "Expression evaluation failed. Object reference not set to an instance of an object.")
        #expect(result.variable("never") == nil)
        #expect(result.lastError?.scope == "operation")
    }

    @Test func errorInsideOnErrorEndsWith500() throws {
        let trace = try run("""
            <policies>
              <inbound><set-status code="@(int.Parse(&quot;x&quot;))" reason="r" /></inbound>
              <on-error><set-status code="418" reason="teapot" /><set-variable name="x" value="@(1 / int.Parse(&quot;0&quot;))" /></on-error>
            </policies>
            """)
        let result = try #require(trace.requests.first)
        #expect(result.response.status == 500)
        #expect(result.lastError?.message.contains("divide by zero") == true)
    }

    @Test func returnResponseEndsThePipeline() throws {
        let trace = try run("""
            <policies>
              <inbound>
                <return-response>
                  <set-status code="401" reason="Unauthorized" />
                  <set-header name="WWW-Authenticate" exists-action="override"><value>Bearer</value></set-header>
                  <set-body>{"error":"no"}</set-body>
                </return-response>
                <set-variable name="after" value="1" />
              </inbound>
              <backend><forward-request /></backend>
              <outbound><set-header name="x-out" exists-action="override"><value>1</value></set-header></outbound>
            </policies>
            """)
        let result = try #require(trace.requests.first)
        #expect(result.response.status == 401)
        #expect(result.header("WWW-Authenticate") == "Bearer")
        #expect(result.header("x-out") == nil)
        #expect(result.response.body == "{\"error\":\"no\"}")
        #expect(result.attempts.isEmpty)
    }

    @Test func setHeaderActionsAndSeveralValues() throws {
        let trace = try run("""
            <policies>
              <inbound>
                <set-header name="a" exists-action="override"><value>1</value><value>2</value></set-header>
                <set-header name="a" exists-action="append"><value>3</value></set-header>
                <set-header name="b" exists-action="skip"><value>new</value></set-header>
                <set-header name="Accept" exists-action="delete" />
                <set-variable name="a" value="@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;))" />
                <set-variable name="b" value="@(context.Request.Headers.GetValueOrDefault(&quot;b&quot;, &quot;&quot;))" />
                <set-variable name="accept" value="@(context.Request.Headers.ContainsKey(&quot;accept&quot;))" />
              </inbound>
            </policies>
            """, requests: [request(headers: [("B", "old"), ("Accept", "*/*")])])
        let result = try #require(trace.requests.first)
        #expect(result.variable("a") == "\"1,2,3\"")
        #expect(result.variable("b") == "\"old\"")
        #expect(result.variable("accept") == "False")
    }

    @Test func rewriteUriAndQueryParameters() throws {
        let trace = try run("""
            <policies>
              <inbound>
                <set-query-parameter name="api-version" exists-action="override"><value>2024-02-01</value></set-query-parameter>
                <rewrite-uri template="/v2/{id}/detail" copy-unmatched-params="true" />
                <set-backend-service base-url="https://backend.example/base" />
              </inbound>
              <backend><forward-request /></backend>
            </policies>
            """, requests: [request(url: "https://apim.example/api/items?id=7&x=1")], responses: ["backend.example": [answer(204)]])
        let result = try #require(trace.requests.first)
        #expect(result.attempts.first?.url == "https://backend.example/base/v2/7/detail?x=1&api-version=2024-02-01")
        #expect(result.response.status == 204)
    }

    @Test func baseAcrossScopesBeforeAndAfterLocalPolicies() throws {
        let global = "<policies><inbound><set-header name=\"order\" exists-action=\"append\"><value>global</value></set-header><base /></inbound><outbound /></policies>"
        let api = "<policies><inbound><set-header name=\"order\" exists-action=\"append\"><value>api-before</value></set-header><base /><set-header name=\"order\" exists-action=\"append\"><value>api-after</value></set-header></inbound><outbound><set-header name=\"x-api\" exists-action=\"override\"><value>1</value></set-header></outbound></policies>"
        let operation = """
            <policies>
              <inbound><base /><set-header name="order" exists-action="append"><value>operation</value></set-header>
                <set-variable name="order" value="@(context.Request.Headers.GetValueOrDefault(&quot;order&quot;, &quot;&quot;))" /></inbound>
              <outbound><set-header name="x-op" exists-action="override"><value>1</value></set-header></outbound>
            </policies>
            """
        let trace = try run(operation, scopes: [(.global, global), (.api, api)])
        let result = try #require(trace.requests.first)
        #expect(result.variable("order") == "\"api-before,global,api-after,operation\"")
        #expect(result.header("x-op") == "1")
        #expect(result.header("x-api") == nil)  // no <base/> in the operation's outbound: the API's outbound does not run
    }

    @Test func fragmentsAndNamedValues() throws {
        let trace = try run("""
            <policies><inbound>
              <include-fragment fragment-id="stamp" />
              <set-variable name="tenant" value="{{tenant}}" />
              <set-variable name="computed" value="{{computed}}" />
              <set-variable name="missing" value="{{nope}}" />
              <include-fragment fragment-id="absent" />
            </inbound></policies>
            """,
            fragments: ["stamp": "<fragment><set-variable name=\"stamped\" value=\"@(true)\" /></fragment>"],
            namedValues: ["tenant": "contoso", "computed": "@(1 + 2)"])
        let result = try #require(trace.requests.first)
        #expect(result.variable("stamped") == "True")
        #expect(result.variable("tenant") == "\"contoso\"")
        #expect(result.variable("computed") == "3")
        #expect(result.variable("missing") == "\"nope\"")
        #expect(result.details(.warning).contains { $0.contains("named value 'nope'") })
        #expect(result.details(.warning).contains { $0.contains("fragment 'absent'") })
        #expect(result.events.contains { $0.file == "fragments/stamp.xml" })
    }

    @Test func sendRequestStoresTheResponseAndIgnoresErrors() throws {
        let trace = try run("""
            <policies><inbound>
              <send-request mode="new" response-variable-name="token" timeout="5" ignore-error="false">
                <set-url>https://idp.example/token</set-url>
                <set-method>POST</set-method>
                <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>
                <set-body>{"a":1}</set-body>
              </send-request>
              <send-request mode="new" response-variable-name="other" timeout="1" ignore-error="true">
                <set-url>https://slow.example/</set-url>
              </send-request>
              <set-variable name="status" value="@(((IResponse)context.Variables[&quot;token&quot;]).StatusCode)" />
              <set-variable name="body" value="@(((IResponse)context.Variables[&quot;token&quot;]).Body.As&lt;JObject&gt;()[&quot;access_token&quot;].ToString())" />
            </inbound></policies>
            """, responses: ["idp.example": [answer(201, body: "{\"access_token\":\"t1\"}", latency: 40)], "slow.example": [answer(latency: 5000)]])
        let result = try #require(trace.requests.first)
        #expect(result.variable("status") == "201")
        #expect(result.variable("body") == "\"t1\"")
        #expect(result.variable("other") == "null")
        #expect(result.attempts.map(\.durationMilliseconds) == [40, 1000])
        #expect(result.elapsedMilliseconds == 1040)
    }

    @Test func waitAllAndAnyOnVirtualTime() throws {
        let policy: (String) -> String = { mode in """
            <policies><inbound>
              <wait for="\(mode)">
                <send-request mode="new" response-variable-name="a"><set-url>https://a.example/</set-url></send-request>
                <send-request mode="new" response-variable-name="b"><set-url>https://b.example/</set-url></send-request>
              </wait>
            </inbound></policies>
            """ }
        let responses = ["a.example": [answer(latency: 100)], "b.example": [answer(latency: 300)]]
        #expect(try run(policy("all"), responses: responses).requests.first?.elapsedMilliseconds == 300)
        #expect(try run(policy("any"), responses: responses).requests.first?.elapsedMilliseconds == 100)
    }

    @Test func mockResponseAndNotSimulatedWarning() throws {
        let trace = try run("""
            <policies><inbound><xsl-transform /><mock-response status-code="202" content-type="application/json" /></inbound>
            <backend><forward-request /></backend></policies>
            """)
        let result = try #require(trace.requests.first)
        #expect(result.response.status == 202)
        #expect(result.attempts.isEmpty)
        #expect(result.details(.warning) == ["'xsl-transform' is not simulated (policycheck has no XSLT processor); the body is left unchanged"])
    }

    @Test func variablesRejectDisallowedTypes() throws {
        let trace = try run("<policies><inbound><set-variable name=\"l\" value=\"@(new List&lt;string&gt;())\" /></inbound></policies>")
        let result = try #require(trace.requests.first)
        #expect(result.lastError?.reason == "ExpressionValueEvaluationFailure")
        #expect(result.response.status == 500)
    }

    @Test func timestampAndElapsedFollowTheVirtualClock() throws {
        let trace = try run("""
            <policies><inbound><set-variable name="t" value="@(context.Timestamp.ToString(&quot;o&quot;))" /></inbound></policies>
            """, requests: [request(after: 1500), request(after: 60_000)]) { scenario in
                scenario.startUnixMilliseconds = 1_767_225_600_000
            }
        #expect(trace.requests.map { $0.variable("t") } == ["\"2026-01-01T00:00:01.5000000Z\"", "\"2026-01-01T00:01:01.5000000Z\""])
        #expect(trace.requests.map(\.atMilliseconds) == [1500, 61_500])
    }
}
