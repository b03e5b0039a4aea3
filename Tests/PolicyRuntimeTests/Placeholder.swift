import Testing
import PolicyRuntime
import PolicySource
import PolicyBackends

@Test func flagshipSmoke() throws {
    var scenario = Scenario(name: "smoke", file: "x", policy: "Policies/openai-pool/policy.xml")
    scenario.backends = .file("Policies/openai-pool/main.bicep")
    scenario.context.api = ["path": "openai"]
    let loc = SourceLocation(path: "x", line: 1, column: 1)
    scenario.requests = [ScenarioRequest(method: "POST", url: "https://apim.example/openai/deployments/gpt/chat/completions?api-version=2024-02-01", headers: [("Content-Type", "application/json")], body: "{}", repeatCount: 8, location: loc)]
    scenario.responses = ["aoai-east": [ScriptedResponse(status: 429, headers: [ScriptedHeader(name: "Retry-After", value: "10")], location: loc), ScriptedResponse(status: 200, body: "{\"ok\":true}", latencyMilliseconds: 250, location: loc)], "aoai-west": [ScriptedResponse(status: 429, location: loc)]]
    let trace = try ScenarioRunner().run(scenario)
    for r in trace.requests {
        print("REQ", r.atMilliseconds, r.response.status, r.response.reason, r.elapsedMilliseconds, r.lastError?.reason ?? "-")
        for e in r.events { print("   ", e.atMilliseconds, e.kind.rawValue, e.section ?? "", e.policy ?? "", e.line ?? 0, e.detail) }
    }
}
