import PolicyExpressions
import PolicySource

/// Evaluates a whole `@(...)` / `@{...}` source against a context.
func evaluate(_ source: String, _ context: PolicyContext = PolicyContext()) throws -> Value {
    try PreparedExpression(source: source).evaluate(in: context)
}

/// Evaluates and returns `(ToString(), GetType().Name)` for comparison with .NET.
func shown(_ source: String, _ context: PolicyContext = PolicyContext()) throws -> String {
    let value = try evaluate(source, context)
    return "\(value.dotNetString):\(value.typeName)"
}

/// The .NET exception an evaluation raises, as `Type: message`.
func failure(_ source: String, _ context: PolicyContext = PolicyContext()) -> String {
    do {
        let value = try evaluate(source, context)
        return "no error (value \(value.dotNetString))"
    } catch let error as ExpressionRuntimeError {
        return "\(error.shortTypeName): \(error.message)"
    } catch {
        return "\(error)"
    }
}

/// The error an evaluation raises with an explicit step budget and time limit, as `Type: message`.
/// The step-budget tests give a generous time limit: a debug build sharing its cores may take
/// more than the default 2 s for a million steps, and would then stop at the clock first.
func failure(_ source: String, stepBudget: Int = ExpressionLimits.defaultStepBudget, timeLimit: Duration) -> String {
    do {
        let prepared: PreparedExpression
        do { prepared = try PreparedExpression(source: source) } catch { return "syntax error: \(error.message)" }
        let value = try prepared.evaluate(in: PolicyContext(), stepBudget: stepBudget, timeLimit: timeLimit)
        return "no error (value \(value.dotNetString))"
    } catch {
        return "\(error.shortTypeName): \(error.message)"
    }
}

/// The syntax error of a source, as `offset: message`.
func syntaxError(_ source: String) -> String {
    do {
        _ = try ExpressionParser.parse(source)
        return "parsed"
    } catch {
        return "\(error.offset): \(error.message)"
    }
}

/// A context shaped like a typical chat-completions request.
func sampleContext() -> PolicyContext {
    let request = RequestData(
        method: "POST",
        url: RequestUrl(parsing: "https://apim.example/openai/deployments/gpt/chat?api-version=2024-02-01&tag=a&tag=b") ?? RequestUrl(),
        headers: HeaderDictionary([("Content-Type", ["application/json"]), ("X-Forwarded-For", ["10.0.0.1", "10.0.0.2"]), ("Ocp-Apim-Subscription-Key", ["k1"])]),
        body: MessageBody(text: #"{"model":"gpt-4","messages":[{"role":"user","content":"hi"}],"max_tokens":100}"#),
        ipAddress: "203.0.113.7",
        matchedParameters: [("deployment-id", "gpt")]
    )
    let context = PolicyContext(request: request, random: SeededRandom(seed: 42))
    context.response.statusCode = 429
    context.response.statusReason = "Too Many Requests"
    context.response.headers.set("Retry-After", ["10"])
    context.variables.set("backendIndex", .int(2))
    context.variables.set("tenant", .string("contoso"))
    context.subscription = SubscriptionData(id: "sub-1", key: "k1", name: "demo")
    context.api = ApiData(id: "openai", name: "OpenAI", path: "openai")
    return context
}
