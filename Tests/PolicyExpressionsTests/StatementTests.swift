import PolicyExpressions
import PolicySource
import Testing

/// `@{ … }` blocks: declarations, loops, switch, try/catch/finally, local functions, limits.
@Suite struct StatementTests {
    @Test func loops() throws {
        #expect(try shown("@{ int sum = 0; for (int i = 0; i < 5; i++) { sum += i; } return sum; }") == "10:Int32")
        #expect(try shown("@{ int n = 0; while (n < 3) n++; return n; }") == "3:Int32")
        #expect(try shown("@{ int n = 10; do { n++; } while (n < 3); return n; }") == "11:Int32")
        #expect(try shown(#"@{ var parts = new List<string>(); foreach (var p in "a,b,c".Split(',')) { if (p == "b") continue; parts.Add(p); } return string.Join("|", parts); }"#) == "a|c:String")
        #expect(try shown("@{ int i = 0; for (;;) { if (++i == 4) break; } return i; }") == "4:Int32")
        #expect(try shown("@{ int total = 0; for (int i = 0, j = 10; i < j; i++, j--) total++; return total; }") == "5:Int32")
        #expect(try shown("@{ foreach (var c in \"abc\") { if (c == 'b') return \"found\"; } return \"none\"; }") == "found:String")
    }

    @Test func switchStatement() throws {
        let block = #"@{ switch (context.Request.Method) { case "GET": case "HEAD": return "read"; case "POST": return "write"; default: return "other"; } }"#
        #expect(try shown(block, sampleContext()) == "write:String")
        #expect(try shown(#"@{ var r = ""; switch (3) { case 1: r = "one"; break; default: r = "many"; break; } return r; }"#) == "many:String")
        #expect(try shown(#"@{ switch ("x") { case "y": return 1; } return 0; }"#) == "0:Int32")
    }

    @Test func tryCatchFinally() throws {
        #expect(try shown(#"@{ try { return int.Parse("x"); } catch (FormatException ex) { return ex.Message; } }"#) == "Input string was not in a correct format.:String")
        #expect(try shown(#"@{ var log = ""; try { log += "t"; throw new Exception("boom"); } catch (Exception e) { log += e.Message; } finally { log += "f"; } return log; }"#) == "tboomf:String")
        #expect(try shown(#"@{ try { JObject.Parse("{"); return "parsed"; } catch (JsonReaderException) { return "bad json"; } catch (Exception) { return "other"; } }"#) == "bad json:String")
        #expect(try shown(#"@{ try { object o = null; return o.ToString(); } catch (NullReferenceException) { return "nre"; } }"#) == "nre:String")
        #expect(try shown(#"@{ try { throw new InvalidOperationException("x"); } catch (ArgumentException) { return "arg"; } catch { return "any"; } }"#) == "any:String")
        #expect(failure(#"@{ try { throw new ArgumentException("bad"); } finally { } }"#) == "ArgumentException: bad")
        #expect(try shown(#"@{ try { var x = 1 / int.Parse("0"); return "no"; } catch (Exception e) when (e.Message.Contains("zero")) { return "filtered"; } }"#) == "filtered:String")
    }

    @Test func usingAndUncheckedBlocks() throws {
        let block = #"@{ using (var sha = System.Security.Cryptography.SHA256.Create()) { return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes("abc"))).Replace("-", "").Substring(0, 8); } }"#
        #expect(try shown(block) == "BA7816BF:String")
        #expect(try shown("@{ int x = int.MaxValue; unchecked { x = x + 1; } return x; }") == "-2147483648:Int32")
    }

    @Test func localFunctionsAreHoistedAndRecursive() throws {
        #expect(try shown("@{ int Fact(int n) { return n <= 1 ? 1 : n * Fact(n - 1); } return Fact(5); }") == "120:Int32")
        #expect(try shown("@{ int start = 10; int Add(int x) => start + x; return Add(5); }") == "15:Int32")
        #expect(try shown("@{ return Twice(4); int Twice(int v) { return v * 2; } }") == "8:Int32")
    }

    @Test func lambdasCaptureVariables() throws {
        #expect(try shown("@{ int limit = 2; var xs = new List<int> { 1, 2, 3, 4 }; return xs.Where(x => x > limit).Count(); }") == "2:Int32")
        #expect(try shown("@{ Func<int, int> twice = x => x * 2; return twice(21); }") == "42:Int32")
    }

    @Test func blockWithoutReturnValueFails() {
        #expect(failure("@{ int x = 1; }") == "MissingReturnException: not all code paths of the expression block return a value")
    }

    @Test func stepBudgetStopsEndlessLoops() throws {
        let error = try #require(throws: ExpressionRuntimeError.self) {
            try PreparedExpression(source: "@{ while (true) { } return 1; }").evaluate(in: PolicyContext(), stepBudget: 10_000)
        }
        #expect(error.message == "expression exceeded the step budget of 10000 steps")
        #expect(error.isCatchable == false)
        // A catch block cannot swallow the budget error.
        #expect(throws: ExpressionRuntimeError.self) {
            try PreparedExpression(source: "@{ try { while (true) { } } catch (Exception) { } return 1; }").evaluate(in: PolicyContext(), stepBudget: 1_000)
        }
    }

    @Test func sizeLimitsStopRunawayGrowth() {
        let strings = "@{ var s = \"xxxxxxxxxxxxxxxx\"; while (true) { s = s + s; } return s; }"
        #expect(failure(strings).contains("expression built a string longer than"))
        #expect(failure("@(new byte[2000000].Length)").contains("collection of more than 1000000 elements"))
        #expect(failure(#"@("".PadLeft(20000000))"#).contains("string longer than"))
    }
}
