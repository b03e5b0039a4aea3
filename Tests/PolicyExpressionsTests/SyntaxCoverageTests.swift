import PolicyExpressions
import PolicySource
import Testing

/// Less common C# forms that real policies use.
@Suite struct SyntaxCoverageTests {
    @Test func patternsAndNullForgiving() throws {
        #expect(try shown(#"@{ string s = "x"; return s is not null; }"#) == "True:Boolean")
        #expect(try shown(#"@{ string s = null; return s is null; }"#) == "True:Boolean")
        #expect(try shown(#"@{ object o = 5; return o is int n ? n + 1 : 0; }"#) == "6:Int32")
        #expect(try shown(#"@{ string s = "abc"; return s!.Length; }"#) == "3:Int32")
    }

    @Test func throwExpressionsAndNameof() throws {
        #expect(failure(#"@(context.Variables.GetValueOrDefault<string>("k") ?? throw new ArgumentNullException("k"))"#) == "ArgumentNullException: k")
        #expect(try shown("@{ var total = 1; return nameof(total); }") == "total:String")
        #expect(try shown("@(checked(2 + 3))") == "5:Int32")
        #expect(try shown("@(unchecked(int.MaxValue + 1))") == "-2147483648:Int32")
    }

    @Test func verbatimIdentifiersAndChars() throws {
        #expect(try shown("@{ var @class = 3; return @class * 2; }") == "6:Int32")
        #expect(try shown(#"@('\'' + "" + '\\' + '\u0041')"#) == #"'\A:String"#)
        #expect(try shown("@((int)'\\0')") == "0:Int32")
    }

    @Test func jsonInitialisersAndEnumeration() throws {
        #expect(try shown("@(new JArray { 1, \"two\", true }.ToString(Newtonsoft.Json.Formatting.None))") == #"[1,"two",true]:String"#)
        let props = #"@{ var o = JObject.Parse("{\"a\":1,\"b\":2}"); var names = new List<string>(); foreach (JProperty p in o.Properties()) { names.Add(p.Name + "=" + p.Value); } return string.Join("&", names); }"#
        #expect(try shown(props) == "a=1&b=2:String")
        #expect(try shown(#"@(JObject.Parse("{\"a\":{\"b\":[1,2,3]}}").SelectToken("a.b").Count())"#) == "3:Int32")
        #expect(try shown(#"@(JObject.Parse("{\"n\":5}")["n"].Type == JTokenType.Integer)"#) == "True:Boolean")
        #expect(try shown(#"@(JObject.Parse("{\"n\":5}").Value<int>("n") * 2)"#) == "10:Int32")
        #expect(try shown(#"@(JObject.Parse("{\"stream\":true}")["stream"].Value<bool>())"#) == "True:Boolean")
        #expect(try shown(#"@(JsonConvert.DeserializeObject<JObject>("{\"k\":\"v\"}")["k"].ToString())"#) == "v:String")
    }

    @Test func variablesAreEnumerable() throws {
        let context = sampleContext()
        #expect(try shown("@(string.Join(\",\", context.Variables.Keys))", context) == "backendIndex,tenant:String")
        #expect(try shown("@(context.Variables.Count(v => v.Value is string))", context) == "1:Int32")
    }

    @Test func runtimeErrorsPointAtTheFailingNode() throws {
        let error = try #require(throws: ExpressionRuntimeError.self) { try evaluate(#"@{ var parts = "a".Split(','); return parts[3]; }"#) }
        #expect(error.shortTypeName == "IndexOutOfRangeException")
        #expect(error.offset == 38) // `parts[3]`
        let cast = try #require(throws: ExpressionRuntimeError.self) { try evaluate(#"@(int.Parse("1x") + 1)"#) }
        #expect(cast.offset == 6) // `Parse`
    }

    @Test func checkerFollowsTypedDeclarationsAndTypes() {
        let findings = ExpressionChecker.check(source: #"@{ string key = "x"; IResponse r = context.Response; return key.Lenght + r.StatusCod; }"#)
        #expect(findings.map(\.message) == [
            "'Lenght' is not a member of 'String'; did you mean 'Length'?",
            "'StatusCod' is not a member of 'IResponse'; did you mean 'StatusCode'?",
        ])
        #expect(findings.map(\.offset) == [64, 75])
        let types = ExpressionChecker.check(source: "@(typeof(System.Diagnostics.Process).Name)")
        #expect(types.map(\.rule) == ["expression-disallowed-type"])
        #expect(types.first?.severity == .error)
    }
}

@Suite struct UnsupportedSyntaxTests {
    @Test func queryExpressionsAreAWarning() {
        let issues = ExpressionChecker.check(source: "@(from h in context.Request.Headers select h.Key)")
        #expect(issues.map(\.severity) == [.warning])
        #expect(issues.first?.message == "LINQ query expressions are not supported by policycheck")
    }

    @Test func varPatternAlwaysMatches() throws {
        #expect(try shown("@{ string s = null; return s is var v && v == null; }") == "True:Boolean")
    }
}
