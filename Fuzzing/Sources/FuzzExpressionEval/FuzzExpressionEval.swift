import FuzzSupport
import PolicyExpressions
import PolicySource

/// Parses, compiles and evaluates an expression against a fixed request context. The evaluation
/// is bounded by the engine's own limits (string length, collection size, call depth); the step
/// budget is lowered from the default so one input cannot take seconds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpressionEval(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = fuzzText(data, size) else { return 0 }
    guard let prepared = try? PreparedExpression(source: text) else { return 0 }
    let context = fuzzContext()
    if let value = try? prepared.evaluate(in: context, stepBudget: 100_000) {
        _ = value.dotNetString
        _ = value.typeName
    }
    return 0
}

/// A context shaped like a chat-completions request, so members have something to return.
func fuzzContext() -> PolicyContext {
    let request = RequestData(
        method: "POST",
        url: RequestUrl(parsing: "https://apim.example/openai/deployments/gpt/chat?api-version=2024-02-01&tag=a&tag=b") ?? RequestUrl(),
        headers: HeaderDictionary([
            ("Content-Type", ["application/json"]),
            ("Authorization", ["Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMiLCJhdWQiOiJhcGkifQ.c2lnbmF0dXJl"]),
            ("X-Forwarded-For", ["10.0.0.1", "10.0.0.2"]),
        ]),
        body: MessageBody(text: #"{"model":"gpt-4","messages":[{"role":"user","content":"hi"}],"max_tokens":100,"stream":true}"#),
        ipAddress: "203.0.113.7",
        matchedParameters: [("deployment-id", "gpt")]
    )
    let context = PolicyContext(request: request, random: SeededRandom(seed: 42))
    context.response.statusCode = 429
    context.response.headers.set("Retry-After", ["10"])
    context.response.body = MessageBody(text: "<root><a x=\"1\">t</a></root>")
    context.variables.set("backendIndex", .int(2))
    context.variables.set("tenant", .string("contoso"))
    context.subscription = SubscriptionData(id: "sub-1", key: "k1", name: "demo")
    return context
}

@_cdecl("FuzzExpressionEval_main")
public func FuzzExpressionEvalMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzExpressionEval)
}
