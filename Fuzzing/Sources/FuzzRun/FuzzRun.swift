import FuzzSupport
import PolicyBackends
import PolicyModel
import PolicyRuntime
import PolicySource

/// A whole run: the input is a policy document; when it builds, it runs against a fixed scenario
/// (a prioritised, weighted pool with a circuit breaker, scripted 429s, a timeout and a
/// connection failure, named values, three kinds of request). Exercises the interpreter, the
/// simulated policies, pools, breakers, retries and the per-run caches on arbitrary policies.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRun(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = fuzzText(data, size) else { return 0 }
    let (document, _) = DocumentBuilder().parse(SourceFile(path: "policy.xml", text: text))
    guard let document else { return 0 }
    // Built per input, not kept in globals: LeakSanitizer cannot see pointers inside Swift enum
    // payloads, so once-initialised globals are reported as leaks at exit (see Docs/fuzzing.md).
    var program = PolicyProgram.single(document, backends: fuzzBackends(), namedValues: ["tenant": "contoso", "key": "secret"])
    program.namedValues["flag"] = "true"
    let scenario = fuzzScenario()
    for detail in [TraceDetail.full, .summary] {
        _ = try? ScenarioRunner(detail: detail).run(scenario, program: program) { trace in
            _ = trace.response.status
        }
    }
    return 0
}

func fuzzBackends() -> BackendCatalog {
    let yaml = """
        east: { url: "https://east.example/openai", circuitBreaker: { rules: [ { failureCondition: { count: 2, interval: PT1M, statusCodeRanges: [ { min: 429, max: 429 } ], errorReasons: [ Timeout ] }, tripDuration: PT10S, acceptRetryAfter: true } ] } }
        west: { url: "https://west.example/openai" }
        spare: { url: "https://spare.example/openai" }
        pool: { type: Pool, pool: { services: [ { id: east, priority: 1, weight: 1 }, { id: west, priority: 1, weight: 3 }, { id: spare, priority: 2 } ] } }
        """
    return (try? BackendLoader.load(SourceFile(path: "backends.yaml", text: yaml)))?.catalog ?? BackendCatalog()
}

func fuzzScenario() -> Scenario {
    let here = SourceLocation(path: "fuzz.scenario.yaml", line: 1, column: 1)
    var scenario = Scenario(name: "fuzz", file: "fuzz.scenario.yaml", policy: "policy.xml")
    scenario.jitter = false
    scenario.requests = [
        ScenarioRequest(method: "POST", url: "https://apim.example/openai/deployments/gpt/chat/completions?api-version=2024-02-01",
                        headers: [("Content-Type", "application/json"), ("Authorization", "Bearer abc.def.ghi"),
                                  ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")],
                        body: #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":50}"#, afterMilliseconds: 100, repeatCount: 3, location: here),
        ScenarioRequest(method: "get", url: "https://apim.example/openai/models?x=1&x=2", headers: [("X-Test", "1")],
                        afterMilliseconds: 20_000, location: here),
        ScenarioRequest(method: "OPTIONS", url: "https://apim.example/openai/", headers: [("Origin", "https://app.example"),
                        ("Access-Control-Request-Method", "POST")], afterMilliseconds: 10, repeatCount: 2, location: here),
    ]
    func answer(_ status: Int, latency: Int64 = 50, failure: ScriptedResponse.Failure? = nil, retryAfter: String? = nil) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: retryAfter.map { [ScriptedHeader(name: "Retry-After", value: $0)] } ?? [],
                         body: #"{"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"#,
                         latencyMilliseconds: latency, failure: failure, location: here)
    }
    scenario.responses = [
        "east": [answer(429, retryAfter: "5"), answer(200, latency: 400_000), answer(200, failure: .timeout), answer(200)],
        "west": [answer(200), answer(500), answer(200, failure: .connection), answer(200)],
        "*": [answer(200, latency: 10)],
    ]
    return scenario
}

@_cdecl("FuzzRun_main")
public func FuzzRunMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzRun)
}
