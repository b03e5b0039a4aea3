import PolicyExpressions
import PolicySource
import Testing

/// `PolicyContext.recycle`: the next request of a run gets the previous request's objects back,
/// but only those nothing else holds, and sees exactly what a new context would show.
@Suite struct ContextRecyclingTests {
    static let url = RequestUrl(parsing: "https://apim.example/orders/7?x=1")!
    static let later = DateTimeValue(ticks: Ticks.unixEpoch + 1_800_000_000 * Ticks.perSecond)

    /// A context after a busy request: rewritten URL, consumed body, variables, error, response.
    func usedContext() throws -> PolicyContext {
        let context = PolicyContext(request: RequestData(
            method: "POST", url: Self.url, headers: HeaderDictionary([("X-Old", ["1"]), ("Content-Type", ["text/plain"])]),
            body: MessageBody(text: "old body")))
        context.request.url.path = "/rewritten"
        _ = try evaluate("@(context.Request.Body.As<string>())", context)
        context.variables.set("tenant", .string("contoso"))
        context.lastError = LastErrorData(source: "forward-request", reason: "Timeout", message: "late")
        replace(context, 429, "Too Many Requests", [("Retry-After", "10")], body: "slow down")
        context.api = ApiData(id: "a", name: "a", path: "orders", revision: "1", serviceUrl: nil, version: nil)
        context.tracing = true
        context.elapsedTicks = 5
        return context
    }

    func replace(_ context: PolicyContext, _ status: Int32, _ reason: String, _ headers: [(name: String, value: String)], body: String?) {
        context.replaceResponse(statusCode: status, statusReason: reason, headerCount: headers.count, header: { headers[$0] }, bodyText: body)
    }

    func recycle(_ context: PolicyContext, body: String? = "new body") {
        context.recycle(method: "GET", url: Self.url, headers: [(name: "X-New", value: "2"), (name: "x-new", value: "3")],
                        bodyText: body, ipAddress: "198.51.100.4", timestamp: Self.later, random: SeededRandom(seed: 9))
    }

    @Test func aRecycledContextShowsWhatANewOneShows() throws {
        let context = try usedContext()
        recycle(context)
        #expect(try shown("@(context.Request.Method + \" \" + context.Request.Url.Path + context.Request.Url.QueryString)", context) == "GET /orders/7?x=1:String")
        #expect(context.request.urlChanges == 0)
        #expect(try shown("@(context.Request.Headers.Count)", context) == "1:Int32")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("x-new", ""))"#, context) == "2,3:String")
        #expect(try shown(#"@(context.Request.Headers.ContainsKey("X-Old"))"#, context) == "False:Boolean")
        #expect(try shown("@(context.Request.Body.As<string>())", context) == "new body:String")
        #expect(try shown("@(context.Request.IpAddress)", context) == "198.51.100.4:String")
        #expect(try shown("@(context.Response.StatusCode + \" \" + context.Response.StatusReason)", context) == "200 OK:String")
        #expect(try shown("@(context.Response.Headers.Count)", context) == "0:Int32")
        #expect(try shown("@(context.Response.Body == null)", context) == "True:Boolean")
        #expect(try shown("@(context.Variables.Count)", context) == "0:Int32")
        #expect(try shown("@(context.LastError == null && context.Api == null && !context.Tracing)", context) == "True:Boolean")
        #expect(try shown("@(context.Elapsed.TotalMilliseconds)", context) == "0:Double")
        #expect(context.timestamp == Self.later)

        // The request id and the random stream continue as a new context seeded the same way would.
        let fresh = PolicyContext(timestamp: Self.later, random: SeededRandom(seed: 9))
        #expect(context.requestId == fresh.requestId)
        #expect(context.random.next() == fresh.random.next())
    }

    @Test func aRequestWithoutABodyHasNone() throws {
        let context = try usedContext()
        recycle(context, body: nil)
        #expect(context.request.body == nil)
    }

    @Test func objectsNothingElseHoldsAreReused() throws {
        let context = try usedContext()
        let request = ObjectIdentifier(context.request)
        let headers = ObjectIdentifier(context.request.headers)
        let response = ObjectIdentifier(context.response)
        let variables = ObjectIdentifier(context.variables)
        recycle(context)
        #expect(ObjectIdentifier(context.request) == request)
        #expect(ObjectIdentifier(context.request.headers) == headers)
        #expect(ObjectIdentifier(context.response) == response)
        #expect(ObjectIdentifier(context.variables) == variables)
    }

    /// Whatever a policy or the caller kept — a response stored in a cache, the request, a header
    /// dictionary — keeps what it saw; the new request gets new objects.
    @Test func objectsSomethingElseHoldsAreLeftAsTheyWere() throws {
        let context = try usedContext()
        let keptRequest = context.request
        let keptResponse = try evaluate("@(context.Response)", context)
        let keptHeaders = context.response.headers
        recycle(context)

        #expect(context.request !== keptRequest)
        #expect(keptRequest.method == "POST" && keptRequest.url.path == "/rewritten" && keptRequest.headers.values("X-Old") == ["1"])
        guard case .object(let response as ResponseData) = keptResponse else { Issue.record("not a response"); return }
        #expect(context.response !== response)
        #expect(response.statusCode == 429 && response.headers.values("Retry-After") == ["10"])
        #expect(keptHeaders.values("Retry-After") == ["10"])
        #expect(context.response.headers !== keptHeaders)
    }

    /// A backend's answer replaces the response; one a variable kept is not changed by it.
    @Test func replacingTheResponseLeavesAKeptOneAlone() throws {
        let context = PolicyContext()
        replace(context, 201, "Created", [("ETag", "a"), ("etag", "b")], body: "{}")
        context.variables.set("first", .object(context.response))
        replace(context, 503, "Service Unavailable", [], body: nil)
        #expect(try shown(#"@(context.Response.StatusCode)"#, context) == "503:Int32")
        #expect(try shown(#"@(context.Response.Headers.Count)"#, context) == "0:Int32")
        #expect(try shown(#"@(((IResponse)context.Variables["first"]).StatusCode)"#, context) == "201:Int32")
        #expect(try shown(#"@(((IResponse)context.Variables["first"]).Headers.GetValueOrDefault("ETag", ""))"#, context) == "a,b:String")
    }

    /// Headers replaced in place: more, fewer, repeated names (case-insensitively) and an entry
    /// that had several values.
    @Test func replacingHeadersInPlace() {
        let headers = HeaderDictionary([("A", ["1", "2"]), ("B", ["3"]), ("C", ["4"])])
        func replace(_ pairs: [(name: String, value: String)]) -> [String] {
            headers.replaceAll(count: pairs.count) { pairs[$0] }
            return headers.entries.map { "\($0.name)=\($0.values.joined(separator: ","))" }
        }
        #expect(replace([("X", "9")]) == ["X=9"])
        #expect(replace([("x", "1"), ("Y", "2"), ("X", "3"), ("z", "4")]) == ["x=1,3", "Y=2", "z=4"])
        #expect(replace([("Y", "5"), ("y", "6")]) == ["Y=5,6"])
        #expect(replace([("Q", "7"), ("R", "8")]) == ["Q=7", "R=8"])
        #expect(replace([]) == [])
        #expect(replace([("S", "1"), ("T", "2"), ("U", "3"), ("V", "4"), ("W", "5"), ("s", "6")]) == ["S=1,6", "T=2", "U=3", "V=4", "W=5"])
    }

    /// A response body nothing holds is reused for the next answer with a body; one a policy
    /// kept is left as it was.
    @Test func responseBodiesAreReusedUnlessKept() throws {
        let context = try usedContext()
        let first = ObjectIdentifier(try #require(context.response.body))
        recycle(context)
        #expect(context.response.body == nil)
        replace(context, 200, "OK", [], body: "fresh")
        #expect(context.response.body.map(ObjectIdentifier.init) == first)
        #expect(try shown("@(context.Response.Body.As<string>())", context) == "fresh:String")

        let kept = try #require(context.response.body)
        recycle(context)
        replace(context, 200, "OK", [], body: "newer")
        #expect(context.response.body !== kept)
        #expect(String(decoding: kept.bytes, as: UTF8.self) == "fresh" && kept.isConsumed)
        #expect(try shown("@(context.Response.Body.As<string>())", context) == "newer:String")
    }
}
