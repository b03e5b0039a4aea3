import Foundation
import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

/// Per-request `expect:`: every assertion kind holds on a run that does what it says, and fails —
/// naming the request, the key and its line — when the behaviour differs.
@Suite struct RequestExpectationTests {
    static let policy = """
    <policies>
        <inbound>
            <set-backend-service base-url="https://orders.internal/api" />
            <set-header name="X-Key" exists-action="delete" />
            <set-header name="X-Source" exists-action="override"><value>apim</value></set-header>
            <set-variable name="count" value="@(40 + 2)" />
            <set-variable name="label" value="42" />
            <choose>
                <when condition="@(context.Request.Method == "DELETE")">
                    <return-response><set-status code="405" reason="Not Allowed" /></return-response>
                </when>
            </choose>
        </inbound>
        <backend><forward-request timeout="1" /></backend>
        <outbound><set-header name="X-Internal" exists-action="delete" /></outbound>
        <on-error />
    </policies>
    """

    /// A scenario of one request to the policy above with `expect` as its expectation block
    /// (indented under the request) and `method` as its method.
    static func scenario(_ expect: String, method: String = "POST", fail: Bool = false) -> String {
        """
        policy: p.xml
        requests:
          - method: \(method)
            url: https://apim.example/orders
            headers: { X-Key: k1 }
            body: '{"qty":2}'
            expect:
        \(expect.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        responses:
          orders.internal:
            - \(fail ? "fail: timeout" : "status: 201")
              reason: Created
              headers: { Location: /orders/1, X-Internal: n7 }
              body: '{"id":1,"tags":["a","b"]}'
              latency: 300ms
        """
    }

    static func failures(_ yaml: String) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-expect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("s.scenario.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ScenarioRun.run(path: path).expectationFailures
    }

    /// (expect block that holds, the same key when the behaviour differs, what the failure says)
    static let cases: [(holds: String, broken: String, message: String)] = [
        ("status: 201", "status: 200", "status (line 8): expected 200, got 201"),
        ("reason: Created", "reason: OK", "reason (line 8): expected 'OK', got 'Created'"),
        ("headers: { location: /orders/1 }", "headers: { Location: /orders/2 }", "headers.Location (line 8): expected '/orders/2', got '/orders/1'"),
        ("absentHeaders: [X-Internal]", "absentHeaders: [Location]", "absentHeaders (line 8): expected no header 'Location', got '/orders/1'"),
        ("body: '{\"id\":1,\"tags\":[\"a\",\"b\"]}'", "body: '{\"id\":1}'", "body (line 8): expected '{\"id\":1}', got '{\"id\":1,\"tags\":[\"a\",\"b\"]}'"),
        ("bodyContains: '\"id\":1'", "bodyContains: '\"id\":2'", "bodyContains (line 8): expected the body to contain '\"id\":2'"),
        ("json: { \"$.id\": 1, \"$.tags\": [a, b], \"$.tags[1]\": b }", "json: { \"$.id\": \"1\" }", "json $.id (line 8): expected \"1\" (a string), got 1 (a number)"),
        ("json: { \"$.tags[*]\": [a, b] }", "json: { \"$.missing\": 1 }", "expected 1 (a number), but $.missing selects nothing"),
        ("backends: [orders.internal]", "backends: []", "backends (line 8): expected [], got [orders.internal]"),
        ("backendRequest: { method: POST }", "backendRequest: { method: GET }", "backendRequest.method (line 8): expected GET, got POST"),
        ("backendRequest: { url: https://orders.internal/api/orders }", "backendRequest: { url: https://orders.internal/orders }",
         "backendRequest.url (line 8): expected https://orders.internal/orders, got https://orders.internal/api/orders"),
        ("backendRequest: { headers: { X-Source: apim } }", "backendRequest: { headers: { X-Source: web } }", "backendRequest.headers.X-Source (line 8): expected 'web', got 'apim'"),
        ("backendRequest: { absentHeaders: [X-Key] }", "backendRequest: { absentHeaders: [X-Source] }", "backendRequest.absentHeaders (line 8): expected no header 'X-Source', got 'apim'"),
        ("backendRequest: { body: '{\"qty\":2}' }", "backendRequest: { body: '{\"qty\":3}' }", "backendRequest.body (line 8): expected '{\"qty\":3}', got '{\"qty\":2}'"),
        ("backendRequest: { bodyContains: qty }", "backendRequest: { bodyContains: price }", "backendRequest.bodyContains (line 8): expected the body to contain 'price'"),
        ("backendRequest: { json: { \"$.qty\": 2 } }", "backendRequest: { json: { \"$.qty\": 2.5 } }", "backendRequest.json $.qty (line 8): expected 2.5 (a number), got 2 (a number)"),
        ("backendRequest: { attempt: 1 }", "backendRequest: { attempt: 2 }", "backendRequest (line 8): expected attempt 2, but the request made 1 backend call"),
        ("variables: { count: 42, label: \"42\" }", "variables: { count: \"42\" }", "variables.count (line 8): expected \"42\" (a string), got 42 (a number)"),
        ("variables: { label: \"42\" }", "variables: { label: 42 }", "variables.label (line 8): expected 42 (a number), got \"42\" (a string)"),
        ("absentVariables: [tmp]", "absentVariables: [count]", "absentVariables (line 8): expected variable 'count' to be unset, got 42 (a number)"),
        ("lastError: null", "lastError: { reason: Timeout }", "lastError.reason (line 8): expected 'Timeout', but the request ended without an error"),
        ("elapsed: 300ms", "elapsed: 1s", "elapsed (line 8): expected 1000ms, got 300ms"),
    ]

    @Test(arguments: cases.indices) func eachKeyHoldsAndFails(_ index: Int) throws {
        let item = Self.cases[index]
        #expect(try Self.failures(Self.scenario(item.holds)) == [], "\(item.holds)")
        let failures = try Self.failures(Self.scenario(item.broken))
        #expect(failures.count == 1, "\(failures)")
        let failure = try #require(failures.first)
        #expect(failure.hasPrefix("request 1 (POST https://apim.example/orders, line 3): "), "\(failure)")
        #expect(failure.contains(item.message), "\(failure)")
    }

    @Test func noBackendCallAndLastErrorFields() throws {
        #expect(try Self.failures(Self.scenario("status: 405\nbackends: []\nreason: Not Allowed", method: "DELETE")) == [])
        let noCall = try Self.failures(Self.scenario("backendRequest: { method: DELETE }", method: "DELETE"))
        #expect(noCall == ["request 1 (DELETE https://apim.example/orders, line 3): backendRequest.method (line 8): expected a backend request, but the request made no backend call"])
        let timedOut = "lastError: { source: forward-request, reason: Timeout, section: backend, scope: operation, path: \"forward-request[1]\" }\nstatus: 500\nelapsed: 1s"
        #expect(try Self.failures(Self.scenario(timedOut, fail: true)) == [])
        let wrong = try Self.failures(Self.scenario("lastError: { source: retry }\nstatus: 200", fail: true))
        #expect(wrong.count == 2)
        #expect(wrong.first?.contains("lastError.source (line 8): expected 'retry', got 'forward-request'") == true)
        #expect(wrong.last?.contains("status (line 9): expected 200, got 500") == true)
        let noError = try Self.failures(Self.scenario("lastError: null", fail: true))
        #expect(noError.first?.contains("lastError (line 8): expected no error, got forward-request: Timeout (Request to the backend service timed out after 1000ms)") == true)
    }

    @Test func everyRepeatIsCheckedAndNamed() throws {
        let yaml = """
        policy: p.xml
        requests:
          - GET https://apim.example/a
          - request: DELETE https://apim.example/orders
            repeat: 2
            expect: { status: 201 }
        """
        let failures = try Self.failures(yaml)
        #expect(failures == [
            "request 2 (DELETE https://apim.example/orders, line 4, repeat 1 of 2): status (line 6): expected 201, got 405",
            "request 3 (DELETE https://apim.example/orders, line 4, repeat 2 of 2): status (line 6): expected 201, got 405",
        ])
    }

    @Test func requestExpectationsJoinTheScenarioWideOnes() throws {
        var yaml = Self.scenario("status: 200")
        yaml += "\nexpect: { status: 202 }\n"
        let failures = try Self.failures(yaml)
        #expect(failures.count == 2)
        #expect(failures.first?.contains("status (line 8): expected 200, got 201") == true)
        #expect(failures.last == "expected status 202, got 201")
    }
}
