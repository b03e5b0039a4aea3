import PolicyBackends
import PolicySource
import Testing

@testable import PolicyRuntime

/// Runtime limits (Docs/limits.md): a retry count past the bound and a virtual clock past 30 days
/// end in a clear error, not a run of millions of attempts or an overflowing clock.
@Suite struct RuntimeGuardTests {
    private func retryPolicy(count: String, interval: String = "0") -> String {
        """
        <policies><inbound><set-backend-service base-url="https://b.example" /></inbound>
        <backend><retry condition="@(true)" count="\(count)" interval="\(interval)"><forward-request /></retry></backend>
        <on-error><set-header name="x-error" exists-action="override"><value>@(context.LastError.Reason + ": " + context.LastError.Message)</value></set-header></on-error></policies>
        """
    }

    @Test(arguments: ["51", "100000", "2147483647", "@(int.MaxValue)", "@(-1)"])
    func retryCountPastTheBoundFailsTheRequest(count: String) throws {
        let trace = try run(retryPolicy(count: count), responses: ["b.example": [answer(500)]])
        let only = try #require(trace.requests.first)
        // No attempt is made: the count is checked before the first run of the children.
        #expect(only.attempts.isEmpty)
        #expect(only.header("x-error")?.hasPrefix("ExpressionValueEvaluationFailure: retry count") == true)
        #expect(only.header("x-error")?.contains("is outside 1–50") == true)
    }

    @Test func retryCountAtTheBoundRuns() throws {
        let trace = try run(retryPolicy(count: "50"), responses: ["b.example": [answer(500)]])
        #expect(trace.requests.first?.attempts.count == 51)
    }

    @Test func requestDelaysPastThirtyDaysAreAnError() {
        // 31 requests a day apart: the 31st would start after the limit.
        let location = SourceLocation(path: "long.scenario.yaml", line: 7, column: 5)
        var scenario = Scenario(name: "long", file: "long.scenario.yaml", policy: "policy.xml")
        scenario.requests = [ScenarioRequest(url: "https://apim.example/a", afterMilliseconds: 86_400_000, repeatCount: 31, location: location)]
        scenario.jitter = false
        do {
            let policy = try document("<policies><inbound><return-response><set-status code=\"200\" /></return-response></inbound></policies>")
            _ = try ScenarioRunner().run(scenario, program: PolicyProgram(scopes: [ScopeDocument(scope: .operation, document: policy)]))
            Issue.record("expected the virtual-time limit")
        } catch let error as ScenarioError {
            #expect(error.message == "the scenario's virtual time passes the limit of 30 days")
            #expect(error.location == location)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func retryIntervalsPastThirtyDaysAreAnError() throws {
        // 50 retries 30 days apart inside one request: the clock would reach 1,500 days.
        do {
            _ = try run(retryPolicy(count: "50", interval: "2592000"), responses: ["b.example": [answer(500)]])
            Issue.record("expected the virtual-time limit")
        } catch let error as ScenarioError {
            #expect(error.message.contains("past the limit of 30 days while serving this request"))
            #expect(error.location == here)
        }
    }
}
