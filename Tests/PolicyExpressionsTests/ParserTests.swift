import PolicyExpressions
import Testing

/// Lexer and parser: literal forms, precedence, generics, casts, lambdas, errors with offsets.
@Suite struct ParserTests {
    @Test func literalForms() throws {
        #expect(try shown(#"@(@"C:\temp\""file""")"#) == #"C:\temp\"file":String"#)
        #expect(try shown(#"@("tab\there\u0041\x42")"#) == "tab\there" + "AB:String")
        #expect(try shown("@('\\n' == (char)10)") == "True:Boolean")
        #expect(try shown("@(0x1F + 0xff)") == "286:Int32")
        #expect(try shown("@(10L)") == "10:Int64")
        #expect(try shown("@(10UL)") == "10:UInt64")
        #expect(try shown("@(1.5f)") == "1.5:Single")
        #expect(try shown("@(2D)") == "2:Double")
        #expect(try shown("@(1.50m)") == "1.50:Decimal") // decimal keeps its scale
        #expect(try shown("@(1.10m * 2)") == "2.20:Decimal")
        #expect(try shown("@(2147483648)") == "2147483648:Int64") // uint literal, widened
        #expect(try shown("@(-2147483648)") == "-2147483648:Int32")
        #expect(try shown("@(1_000_000)") == "1000000:Int32")
    }

    @Test func interpolatedStrings() throws {
        let context = sampleContext()
        #expect(try shown(#"@($"code {context.Response.StatusCode} at {context.Api.Name}")"#, context) == "code 429 at OpenAI:String")
        #expect(try shown(#"@($"[{42,5}|{42,-5}]")"#) == "[   42|42   ]:String")
        #expect(try shown(#"@($"{3.14159:F2} {255:X4} {7:D3}")"#) == "3.14 00FF 007:String")
        #expect(try shown(#"@($"{{literal}} {1 + 1}")"#) == "{literal} 2:String")
        #expect(try shown(#"@($@"C:\{"dir"}\""q""")"#) == #"C:\dir\"q":String"#)
        #expect(try shown(#"@($"{(1 > 0 ? "a" : "b")}")"#) == "a:String")
        #expect(try shown(#"@($"nested {$"inner {1}"}")"#) == "nested inner 1:String")
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(try shown("@(1 + 2 * 3 - 4 / 2)") == "5:Int32")
        #expect(try shown("@(10 - 3 - 2)") == "5:Int32")
        #expect(try shown("@(1 < 2 == true)") == "True:Boolean")
        #expect(try shown("@(true || false && false)") == "True:Boolean")
        #expect(try shown(#"@((string)null ?? (string)null ?? "c")"#) == "c:String")
        #expect(try shown("@(1 + 2 << 1)") == "6:Int32")
        #expect(try shown("@(-2 * -3)") == "6:Int32")
    }

    @Test func genericsCastsAndLambdasAreTold() throws {
        let context = sampleContext()
        // `a < b` is a comparison, `F<T>(x)` a generic call.
        #expect(try shown(#"@(context.Variables.GetValueOrDefault<int>("backendIndex") < 3)"#, context) == "True:Boolean")
        #expect(try shown("@{ int a = 1, b = 2, c = 3; return a < b && c > (a); }") == "True:Boolean")
        #expect(try shown("@((int)(2.9) + (int)context.Response.StatusCode)", context) == "431:Int32")
        #expect(try shown("@(new[] { 3, 1, 2 }.Where(x => x > 1).Count())") == "2:Int32")
        #expect(try shown("@(new[] { 1, 2, 3 }.Select((x, i) => x * i).Sum())") == "8:Int32")
        #expect(try shown("@(new List<int> { 1, 2 }.Aggregate(10, (acc, x) => { return acc + x; }))") == "13:Int32")
    }

    @Test func objectAndCollectionInitialisers() throws {
        #expect(try shown(#"@(new JObject { { "a", 1 }, { "b", "x" } }.ToString(Newtonsoft.Json.Formatting.None))"#) == #"{"a":1,"b":"x"}:String"#)
        #expect(try shown(#"@(new Dictionary<string, string> { ["k"] = "v" }["k"])"#) == "v:String")
        #expect(try shown(#"@(new Dictionary<string, int> { { "a", 1 } }.Count)"#) == "1:Int32")
        #expect(try shown(#"@(new string[] { "x", "y" }.Length)"#) == "2:Int32")
        #expect(try shown("@(new byte[4].Length)") == "4:Int32")
        #expect(try shown(#"@(JObject.FromObject(new { name = "n", count = 2 }).ToString(Newtonsoft.Json.Formatting.None))"#) == #"{"name":"n","count":2}:String"#)
        #expect(try shown("@(typeof(string).Name)") == "String:String")
        #expect(try shown("@(default(int))") == "0:Int32")
        #expect(try shown("@{ int[] a = { 1, 2 }; return a[1]; }") == "2:Int32")
    }

    @Test func namedAndOutArguments() throws {
        let context = sampleContext()
        #expect(try shown(#"@(context.Request.Body.As<JObject>(preserveContent: true)["model"].ToString())"#, context) == "gpt-4:String")
        #expect(try shown(#"@(int.TryParse("42", out var n) ? n + 1 : -1)"#) == "43:Int32")
        #expect(try shown(#"@{ int n; bool ok = int.TryParse("x", out n); return ok + ":" + n; }"#) == "False:0:String")
        #expect(try shown(#"@(context.Request.Headers.TryGetValue("X-Forwarded-For", out string[] values) ? values.Length : 0)"#, context) == "2:Int32")
    }

    @Test func syntaxErrorsCarryByteOffsets() {
        #expect(syntaxError("@(1 + )") == "6: expected an expression but found ')'")
        #expect(syntaxError("@(\"open)") == "2: unterminated string literal")
        #expect(syntaxError("@{ return 1 }") == "12: expected ';' but found '}'")
        #expect(syntaxError("@(a b)") == "4: expected ')' but found 'b'")
        #expect(syntaxError("(1)") == "0: a policy expression starts with '@(' or '@{'")
        #expect(syntaxError("@(1))") == "4: unexpected ')' after the end of the expression")
        // Offsets count UTF-8 bytes: "é" is two bytes.
        #expect(syntaxError("@(\"é\" + )") == "9: expected an expression but found ')'")
        #expect(syntaxError("@($\"{}\")") == "5: empty interpolation hole")
        #expect(syntaxError("@{ if (x) { } else }") == "19: expected an expression but found '}'")
    }

    @Test func unsupportedSyntaxIsMarked() throws {
        let error = try #require(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse("@((1, 2))") }
        #expect(error.isUnsupportedConstruct)
        #expect(error.message == "tuple literals are not supported by policycheck")
        let issues = ExpressionChecker.check(source: "@{ switch (1) { case int n when n > 0: return 1; default: return 0; } }")
        #expect(issues.first?.severity == .warning)
        #expect(issues.first?.rule == "expression-unsupported")
    }

    @Test func nestingDepthIsLimited() {
        let deep = "@(" + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500) + ")"
        #expect(syntaxError(deep).contains("nested too deeply"))
        let ok = "@(" + String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50) + ")"
        #expect(syntaxError(ok) == "parsed")
        let unary = "@(" + String(repeating: "-", count: 1000) + "1)"
        #expect(syntaxError(unary).contains("nested too deeply"))
    }

    @Test func nodesCarryOffsets() throws {
        let parsed = try ExpressionParser.parse("@(context.Request.Method == \"GET\")")
        guard case .expression(let root) = parsed.body, case .binary(.equal, let left, let right) = root.kind else {
            Issue.record("unexpected tree")
            return
        }
        #expect(root.offset == 2)
        #expect(left.offset == 2)
        #expect(right.offset == 28)
        guard case .member(_, "Method", false, let nameOffset) = left.kind else {
            Issue.record("unexpected member node")
            return
        }
        #expect(nameOffset == 18)
    }
}
