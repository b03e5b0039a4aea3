import PolicyExpressions
import PolicySource
import Testing

/// The `context` object model.
@Suite struct ContextTests {
    /// `IUrl.ToUri()` gives a `System.Uri` of the same URL (issue 18): the checker knows its
    /// members and the evaluator answers them as .NET would.
    @Test func urlToUri() throws {
        let context = PolicyContext(request: RequestData(url: RequestUrl(parsing: "https://apim.example:8443/api/items/7?tag=a%20b") ?? RequestUrl()))
        func uri(_ member: String) throws -> String { try evaluate("@(context.Request.OriginalUrl.ToUri()\(member))", context).dotNetString }
        #expect(try uri(".AbsoluteUri") == "https://apim.example:8443/api/items/7?tag=a%20b")
        #expect(try uri(".AbsolutePath") == "/api/items/7")
        #expect(try uri(".Host") == "apim.example")
        #expect(try uri(".Port") == "8443")
        #expect(try uri(".Scheme") == "https")
        #expect(try uri(".Query") == "?tag=a%20b")
        #expect(try uri(".PathAndQuery") == "/api/items/7?tag=a%20b")
        #expect(try uri(".Segments.Length") == "4")
        #expect(try uri(".Segments[3]") == "7")
        #expect(try uri(".Authority") == "apim.example:8443")
        #expect(try uri(".IsDefaultPort") == "False")
        #expect(try uri(".OriginalString") == "https://apim.example:8443/api/items/7?tag=a%20b")
        #expect(try uri(".ToString()") == "https://apim.example:8443/api/items/7?tag=a b")
        #expect(try uri(".GetLeftPart(UriPartial.Authority)") == "https://apim.example:8443")
        #expect(try uri(".GetLeftPart(UriPartial.Path)") == "https://apim.example:8443/api/items/7")
        #expect(try evaluate("@(context.Request.Url.ToUri().GetType().Name)", context).dotNetString == "Uri")
        #expect(ExpressionChecker.check(source: "@(context.Request.OriginalUrl.ToUri().Host)").isEmpty)
        #expect(ExpressionChecker.check(source: "@(context.Request.Url.ToUri().Hots)").map(\.rule) == ["expression-unknown-member"])
    }

    @Test func requestAndResponse() throws {
        let context = sampleContext()
        #expect(try shown("@(context.Response.StatusCode == 429)", context) == "True:Boolean")
        #expect(try shown("@(context.Request.Method)", context) == "POST:String")
        #expect(try shown("@(context.Request.Url.Host + context.Request.Url.Path)", context) == "apim.example/openai/deployments/gpt/chat:String")
        #expect(try shown("@(context.Request.Url.Port)", context) == "443:Int32")
        #expect(try shown("@(context.Request.Url.QueryString)", context) == "?api-version=2024-02-01&tag=a&tag=b:String")
        #expect(try shown(#"@(context.Request.Url.Query.GetValueOrDefault("tag", ""))"#, context) == "a,b:String")
        #expect(try shown(#"@(context.Request.Url.Query["api-version"][0])"#, context) == "2024-02-01:String")
        #expect(try shown("@(context.Request.OriginalUrl.ToString())", context) == "https://apim.example/openai/deployments/gpt/chat?api-version=2024-02-01&tag=a&tag=b:String")
        #expect(try shown(#"@(context.Request.MatchedParameters["deployment-id"])"#, context) == "gpt:String")
        #expect(try shown("@(context.Request.IpAddress)", context) == "203.0.113.7:String")
        #expect(try shown("@(context.Response.StatusReason)", context) == "Too Many Requests:String")
        #expect(try shown("@(context.Request.Certificate == null)", context) == "True:Boolean")
    }

    @Test func headersAreCaseInsensitiveAndJoinedByCommas() throws {
        let context = sampleContext()
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("x-forwarded-for", ""))"#, context) == "10.0.0.1,10.0.0.2:String")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Missing", "none"))"#, context) == "none:String")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Missing") == null)"#, context) == "True:Boolean")
        #expect(try shown(#"@(context.Request.Headers.ContainsKey("CONTENT-TYPE"))"#, context) == "True:Boolean")
        #expect(try shown(#"@(context.Request.Headers["Content-Type"][0])"#, context) == "application/json:String")
        #expect(failure(#"@(context.Request.Headers["Nope"])"#, context) == "KeyNotFoundException: The given key 'Nope' was not present in the dictionary.")
        #expect(try shown(#"@(context.Request.Headers.Count(h => h.Key.StartsWith("X-")))"#, context) == "1:Int32")
        #expect(try shown(#"@(context.Response.Headers.GetValueOrDefault("Retry-After", "0"))"#, context) == "10:String")
    }

    @Test func variables() throws {
        let context = sampleContext()
        #expect(try shown(#"@(context.Variables.GetValueOrDefault<int>("backendIndex"))"#, context) == "2:Int32")
        #expect(try shown(#"@(context.Variables.GetValueOrDefault<int>("missing"))"#, context) == "0:Int32")
        #expect(try shown(#"@(context.Variables.GetValueOrDefault<string>("missing", "dflt"))"#, context) == "dflt:String")
        #expect(try shown(#"@(context.Variables.GetValueOrDefault("tenant", ""))"#, context) == "contoso:String")
        #expect(try shown(#"@((string)context.Variables["tenant"])"#, context) == "contoso:String")
        #expect(try shown(#"@(context.Variables.ContainsKey("tenant"))"#, context) == "True:Boolean")
        #expect(failure(#"@(context.Variables["nope"])"#, context) == "KeyNotFoundException: The given key 'nope' was not present in the dictionary.")
        // The stored type must match T: an Int32 is not a String (unboxing rules).
        #expect(failure(#"@(context.Variables.GetValueOrDefault<string>("backendIndex"))"#, context) == "InvalidCastException: Unable to cast object of type 'System.Int32' to type 'System.String'.")
        #expect(failure(#"@(context.Variables.GetValueOrDefault<long>("backendIndex"))"#, context) == "InvalidCastException: Unable to cast object of type 'System.Int32' to type 'System.Int64'.")
        #expect(try shown(#"@(context.Variables.TryGetValue("tenant", out var t) ? t : "none")"#, context) == "contoso:String")
    }

    @Test func bodyIsConsumedWithoutPreserveContent() throws {
        let context = sampleContext()
        #expect(try shown("@(context.Request.Body.As<string>(preserveContent: true).Length)", context) == "78:Int32")
        #expect(try shown("@(context.Request.Body.As<string>().Length)", context) == "78:Int32")
        // The first read without preserveContent consumed the body.
        #expect(try shown("@(context.Request.Body.As<string>() == null)", context) == "True:Boolean")
        let fresh = sampleContext()
        #expect(try shown("@(context.Request.Body.As<JObject>()[\"model\"].ToString())", fresh) == "gpt-4:String")
        #expect(try shown("@(context.Request.Body.As<JObject>() == null)", fresh) == "True:Boolean")
    }

    @Test func productSubscriptionAndFriends() throws {
        let context = sampleContext()
        context.lastError = LastErrorData(source: "forward-request", reason: "BackendConnectionFailure", message: "Unable to connect to the remote server", section: "backend")
        #expect(try shown("@(context.Subscription.Name + \"/\" + context.Subscription.Key)", context) == "demo/k1:String")
        #expect(try shown("@(context.LastError.Reason)", context) == "BackendConnectionFailure:String")
        #expect(try shown("@(context.Deployment.Region)", context) == "West Europe:String")
        #expect(try shown("@(context.Api.Name)", context) == "OpenAI:String")
        #expect(try shown("@(context.Product == null)", context) == "True:Boolean")
        #expect(try shown("@(context.RequestId.ToString().Length)", context) == "36:Int32")
        var traced: [String] = []
        let sink = TraceCollector()
        context.traceSink = { sink.append($0) }
        _ = try evaluate(#"@{ context.Trace("hello " + context.Response.StatusCode); return true; }"#, context)
        traced = sink.messages
        #expect(traced == ["hello 429"])
    }

    @Test func evaluationIsReusable() throws {
        let prepared = try PreparedExpression(source: "@(context.Response.StatusCode >= 500)")
        let context = PolicyContext()
        context.response.statusCode = 503
        #expect(try prepared.evaluate(in: context).dotNetString == "True")
        context.response.statusCode = 200
        #expect(try prepared.evaluate(in: context).dotNetString == "False")
    }
}

/// Collects trace messages from a `@Sendable` sink.
final class TraceCollector: @unchecked Sendable {
    private(set) var messages: [String] = []
    func append(_ message: String) { messages.append(message) }
}

@Suite struct ConcurrencyTests {
    @Test func onePreparedExpressionServesManyContexts() async throws {
        let prepared = try PreparedExpression(source: #"@{ var sum = 0; foreach (var c in context.Request.Method) { sum += c; } return sum + context.Response.StatusCode; }"#)
        let results = try await withThrowingTaskGroup(of: Int32.self) { group in
            for status in 0..<32 {
                group.addTask {
                    let context = PolicyContext(request: RequestData(method: "GET"))
                    context.response.statusCode = Int32(status)
                    return try prepared.evaluate(in: context).intValue ?? -1
                }
            }
            var collected: [Int32] = []
            for try await value in group { collected.append(value) }
            return collected.sorted()
        }
        // "GET" = 71 + 69 + 84 = 224
        #expect(results == (0..<32).map { Int32(224 + $0) })
    }
}

/// `HeaderDictionary.apply(existsAction:)`: set-header's four actions with one lookup.
@Suite struct HeaderActionTests {
    @Test func eachActionOnPresentAndAbsentHeaders() {
        let headers = HeaderDictionary([("Accept", ["a"]), ("X-Two", ["1", "2"])])
        #expect(headers.apply(existsAction: "override", "accept", ["b"]))
        #expect(headers.values("Accept") == ["b"])
        #expect(!headers.apply(existsAction: "override", "X-New", ["n"]))
        #expect(headers.apply(existsAction: "skip", "x-new", ["ignored"]))
        #expect(headers.values("X-New") == ["n"])
        #expect(!headers.apply(existsAction: "skip", "X-Skip", ["s"]))
        #expect(headers.values("x-skip") == ["s"])
        #expect(headers.apply(existsAction: "append", "X-TWO", ["3"]))
        #expect(headers.values("X-Two") == ["1", "2", "3"])
        #expect(!headers.apply(existsAction: "append", "X-Appended", ["x"]))
        #expect(headers.apply(existsAction: "delete", "x-two", []))
        #expect(!headers.apply(existsAction: "delete", "X-Missing", []))
        #expect(headers.entries.map(\.name) == ["Accept", "X-New", "X-Skip", "X-Appended"])
    }
}
