import PolicyExpressions
import Foundation
import Testing

@testable import PolicyRuntime

/// Regressions found while recording the golden fixtures (Fixtures/golden).
@Suite struct GoldenRegressionTests {
    /// The error event names the document of the failing policy (a fragment or broader scope), not
    /// the main policy with the other file's line number.
    @Test func errorEventNamesTheFragmentOrScopeFile() throws {
        let trace = try run("""
            <policies>
              <inbound><base /><include-fragment fragment-id="boom" /></inbound>
              <on-error />
            </policies>
            """,
            scopes: [(.global, "<policies><inbound><choose><when condition=\"@(context.Request.Url.Query.ContainsKey(&quot;g&quot;))\"><set-variable name=\"g\" value=\"@(1 / 0)\" /></when></choose></inbound></policies>")],
            fragments: ["boom": "<fragment>\n<set-variable name=\"b\" value=\"@(int.Parse(&quot;x&quot;))\" />\n</fragment>"],
            requests: [request(url: "https://apim.example/api"), request(url: "https://apim.example/api?g=1")])
        let fragmentError = try #require(trace.requests[0].events.first { $0.kind == .error })
        #expect(fragmentError.file == "fragments/boom.xml")
        #expect(fragmentError.line == 2)
        let scopeError = try #require(trace.requests[1].events.first { $0.kind == .error })
        #expect(scopeError.file == "global.xml")
    }

    /// A fragments folder written with a trailing slash gives `fragments/x.xml`, not `fragments//x.xml`.
    @Test func fragmentsFolderWithTrailingSlash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-frag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fragments"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound><include-fragment fragment-id=\"f\" /></inbound></policies>"
            .write(to: folder.appendingPathComponent("policy.xml"), atomically: true, encoding: .utf8)
        try "<fragment><set-variable name=\"v\" value=\"1\" /></fragment>"
            .write(to: folder.appendingPathComponent("fragments/f.xml"), atomically: true, encoding: .utf8)
        var scenario = Scenario(name: "t", file: folder.path + "/t.scenario.yaml", policy: folder.path + "/policy.xml")
        scenario.fragments = folder.path + "/fragments/"
        scenario.requests = [request()]
        let program = try PolicyProgram.load(scenario)
        let path = try #require(program.fragments["f"]?.file.path)
        #expect(!path.contains("//"))
        #expect(path.hasSuffix("/fragments/f.xml"))
    }
}

@Suite struct RetryPathTests {
    /// LastError.Path names policies only (`retry[1]\forward-request[1]`), as APIM does; the
    /// attempt number is not a path segment.
    @Test func errorInsideRetryHasAPolicyOnlyPath() throws {
        let trace = try run("""
            <policies>
              <inbound><set-backend-service base-url="https://backend.example" /></inbound>
              <backend><retry condition="@(context.Response.StatusCode == 500)" count="1" interval="0"><forward-request /></retry></backend>
            </policies>
            """, responses: ["backend.example": [answer(fail: .connection)]])
        let result = try #require(trace.requests.first)
        #expect(result.attempts.count == 2)
        #expect(result.lastError?.path == "retry[1]\\forward-request[1]")
    }
}

@Suite struct BackendCallsTests {
    /// The retried attempt that fails with ProtocolViolation (no buffer-request-body) is an
    /// attempt like any other: it counts in the backend calls `expect.backends` checks.
    @Test func protocolViolationAttemptCountsAsABackendCall() throws {
        let policy = """
            <policies>
              <inbound><set-backend-service base-url="https://backend.example" /></inbound>
              <backend><retry condition="@(context.Response.StatusCode == 429)" count="1" interval="0"><forward-request /></retry></backend>
            </policies>
            """
        var scenario = Scenario(name: "t", file: "t.scenario.yaml", policy: "policy.xml")
        scenario.requests = [request("POST", body: "{}")]
        scenario.responses = ["backend.example": [answer(429), answer(200)]]
        let program = PolicyProgram(scopes: [ScopeDocument(scope: .operation, document: try document(policy))])
        let gateway = GatewayState(scenario: scenario, program: program)
        let execution = RequestExecution(gateway: gateway, request: scenario.requests[0], url: try #require(RequestUrl(parsing: scenario.requests[0].url)))
        let result = execution.run()
        #expect(result.attempts.map(\.error) == [nil, "ProtocolViolation"])
        #expect(result.attempts.map(\.backend) == ["backend.example", "backend.example"])  // what expect.backends reads
    }
}
