import PolicyExpressions
import PolicySource
import Testing

/// The static checker: exact offsets, did-you-mean, and no findings on valid policy patterns.
@Suite struct CheckerTests {
    private func issues(_ source: String) -> [String] {
        ExpressionChecker.check(source: source).map { "\($0.offset)+\($0.length ?? 0) \($0.severity.rawValue) [\($0.rule)] \($0.message)" }
    }

    @Test func unknownContextMemberWithSuggestion() {
        #expect(issues("@(context.Respone.StatusCode == 429)") == [
            "10+7 error [expression-unknown-member] 'Respone' is not a member of 'IProxyRequestContext'; did you mean 'Response'?",
        ])
        #expect(issues("@(context.Request.Headers.GetValueOrDefalt(\"a\", \"\"))") == [
            "26+16 error [expression-unknown-member] 'GetValueOrDefalt' is not a member of 'IReadOnlyDictionary<string, string[]>'; did you mean 'GetValueOrDefault'?",
        ])
        #expect(issues("@(context.Request.Url.Hots)") == [
            "22+4 error [expression-unknown-member] 'Hots' is not a member of 'IUrl'; did you mean 'Host'?",
        ])
    }

    @Test func unknownMembersOnKnownDotNetTypes() {
        #expect(issues(#"@("abc".Lenght)"#) == [
            "8+6 error [expression-unknown-member] 'Lenght' is not a member of 'String'; did you mean 'Length'?",
        ])
        #expect(issues(#"@(string.IsNullOrEmtpy("x"))"#) == [
            "9+13 error [expression-unknown-member] 'IsNullOrEmtpy' is not a member of 'String'; did you mean 'IsNullOrEmpty'?",
        ])
        #expect(issues("@(context.Response.StatusCode.ToStrin())") == [
            "30+7 error [expression-unknown-member] 'ToStrin' is not a member of 'Int32'; did you mean 'ToString'?",
        ])
        // Types flow through locals.
        #expect(issues(#"@{ var method = context.Request.Method; return method.ToUpperInvarient(); }"#) == [
            "54+16 error [expression-unknown-member] 'ToUpperInvarient' is not a member of 'String'; did you mean 'ToUpperInvariant'?",
        ])
    }

    @Test func disallowedTypes() {
        #expect(issues(#"@(System.IO.File.ReadAllText("x"))"#) == [
            "12+4 error [expression-disallowed-type] type 'System.IO.File' is not allowed in policy expressions",
        ])
        #expect(issues("@(Environment.MachineName)") == [
            "2+11 error [expression-disallowed-type] type 'Environment' is not allowed in policy expressions",
        ])
        #expect(issues("@{ var c = new HttpClient(); return 1; }") == [
            "15+10 error [expression-disallowed-type] type 'HttpClient' is not allowed in policy expressions",
        ])
    }

    @Test func unknownNames() {
        #expect(issues("@{ var count = 1; return cuont + 1; }") == [
            "25+5 error [expression-unknown-name] the name 'cuont' does not exist in the current context; did you mean 'count'?",
        ])
        #expect(issues("@(contxt.Response)") == [
            "2+6 error [expression-unknown-name] the name 'contxt' does not exist in the current context; did you mean 'context'?",
        ])
    }

    @Test func missingReturn() {
        #expect(issues("@{ var x = 1; }") == [
            "0+2 error [expression-missing-return] a '@{ }' block must return a value on every path, but it has no 'return' statement",
        ])
    }

    @Test func unsupportedButValidIsAWarning() {
        #expect(issues(#"@(XDocument.Parse("<a/>").Root.Name.LocalName)"#) == [
            "2+9 warning [expression-unsupported] type 'XDocument' is not supported by policycheck (the expression cannot be simulated)",
        ])
    }

    @Test func validPolicyPatternsHaveNoFindings() {
        let valid = [
            #"@(context.Request.Headers.GetValueOrDefault("Authorization","").AsJwt()?.Subject)"#,
            #"@(context.Variables.GetValueOrDefault<string>("x", "").Split(',').Select(s => s.Trim()).ToArray())"#,
            #"@{ var body = context.Request.Body.As<JObject>(preserveContent: true); body["stream"] = false; return body.ToString(); }"#,
            #"@(context.Response.StatusCode == 429 || context.Response.StatusCode >= 500)"#,
            #"@{ string[] value; if (context.Request.Headers.TryGetValue("Authorization", out value)) { return value[0]; } return null; }"#,
            #"@(DateTime.UtcNow.AddSeconds(30).ToString("o"))"#,
            #"@(Regex.Match(context.Response.Headers.GetValueOrDefault("Cache-Control",""), @"max-age=(?<maxAge>\d+)").Groups["maxAge"]?.Value)"#,
            #"@{ try { return JObject.Parse("{}"); } catch (JsonReaderException ex) { return ex.Message; } }"#,
            #"@(context.Deployment.Gateway.Id + context.Request.Url.Query.GetValueOrDefault("a", "") + context.Request.MatchedParameters.Count)"#,
            #"@(System.Net.WebUtility.UrlEncode(context.Subscription?.Name ?? "x"))"#,
            #"@{ int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2); return Fib(10); }"#,
            #"@(context.Request.Headers.Where(h => h.Key.StartsWith("x-")).Count())"#,
        ]
        for source in valid {
            #expect(issues(source) == [], "\(source)")
        }
    }
}
