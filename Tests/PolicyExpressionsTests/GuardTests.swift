import PolicyExpressions
import PolicySource
import Testing

/// The hostile inputs Docs/limits.md lists: each ends in a clear error, never a trap, a hang or a
/// stack overflow. Without its guard each of these would crash the process or run for minutes.
@Suite struct GuardTests {
    // MARK: step budget

    @Test func loopsAndRecursionStopAtTheBudget() {
        #expect(failure("@{ for (;;) { } return 1; }", timeLimit: .seconds(600)).contains("exceeded the step budget of 1000000 steps"))
        #expect(failure("@{ int i = 0; do { i++; } while (i >= 0); return i; }", timeLimit: .seconds(600)).contains("step budget"))
        #expect(failure("@{ int F(int n) => n == 0 ? 0 : 1 + F(n - 1); return F(100000); }").contains("call depth limit of 200"))
        // `Enumerable.Range` builds its elements, so a huge range stops at the collection limit
        // before any loop over it starts.
        let collection = "collection of more than \(ExpressionLimits.maxCollectionCount) elements"
        #expect(failure("@{ foreach (var x in Enumerable.Range(0, int.MaxValue)) { } return 1; }").contains(collection))
        #expect(failure("@(Enumerable.Range(0, int.MaxValue).Count(x => x >= 0))").contains(collection))
    }

    // MARK: strings and collections

    @Test func stringsCannotGrowPastTheLimit() {
        let limit = "string longer than \(ExpressionLimits.maxStringLength)"
        #expect(failure("@(new string('x', int.MaxValue))").contains(limit))
        #expect(failure("@(new string('x', int.MaxValue).Length)").contains(limit))
        #expect(failure("@{ var s = \"x\"; for (int i = 0; i < 64; i++) { s += s; } return s.Length; }").contains(limit))
        #expect(failure("@(\"x\".PadRight(int.MaxValue))").contains(limit))
        #expect(failure("@(new StringBuilder().Append('x', int.MaxValue).ToString())").contains(limit))
        let repeated = failure("@(string.Concat(Enumerable.Repeat(\"abcdefgh\", int.MaxValue)))")
        #expect(repeated.contains("collection of more than") || repeated.contains(limit), "\(repeated)")
        #expect(failure("@(new string('x', 4000000).Replace(\"x\", \"xxxxxxxx\"))").contains(limit))
        #expect(failure("@(new string('x', -1))").hasPrefix("ArgumentOutOfRangeException"))
    }

    @Test func collectionsCannotGrowPastTheLimit() {
        let limit = "collection of more than \(ExpressionLimits.maxCollectionCount) elements"
        #expect(failure("@(Enumerable.Range(0, int.MaxValue).ToList().Count)").contains(limit))
        #expect(failure("@(Enumerable.Range(0, int.MaxValue).ToArray().Length)").contains(limit))
        #expect(failure("@(Enumerable.Repeat(1, int.MaxValue).ToList().Count)").contains(limit))
        #expect(failure("@(new int[int.MaxValue].Length)").contains(limit))
        let endless = failure("@{ var l = new List<int>(); while (true) { l.Add(1); } return l.Count; }", timeLimit: .seconds(600))
        #expect(endless.contains(limit) || endless.contains("step budget"), "\(endless)")
        #expect(failure("@(new List<int>(int.MaxValue).Count)") == "no error (value 0)")
        #expect(failure("@(new Dictionary<string, int>(int.MaxValue).Count)") == "no error (value 0)")
    }

    // MARK: nesting

    @Test func deepExpressionsAreSyntaxErrors() {
        let parentheses = "@(" + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + ")"
        #expect(syntaxError(parentheses).contains("nested too deeply"))
        let negations = "@(" + String(repeating: "!", count: 10_000) + "true)"
        #expect(syntaxError(negations).contains("nested too deeply"))
        let casts = "@(" + String(repeating: "(int)", count: 10_000) + "1)"
        #expect(syntaxError(casts).contains("nested too deeply"))
        let arrays = "@(" + String(repeating: "new[] { ", count: 10_000) + "1" + String(repeating: " }", count: 10_000) + ")"
        #expect(syntaxError(arrays).contains("nested too deeply"))
        let lambdas = "@(new[] { 1 }.Select(" + String(repeating: "x => ", count: 10_000) + "x))"
        #expect(syntaxError(lambdas).contains("nested too deeply"))
        let ternaries = "@(" + String(repeating: "true ? 1 : ", count: 10_000) + "0)"
        #expect(syntaxError(ternaries).contains("nested too deeply"))
        let coalescing = "@(" + String(repeating: "(string)null ?? ", count: 10_000) + "\"x\")"
        #expect(syntaxError(coalescing).contains("nested too deeply"))
        let blocks = "@{ " + String(repeating: "{ ", count: 10_000) + String(repeating: "} ", count: 10_000) + "return 1; }"
        #expect(syntaxError(blocks).contains("nested too deeply"))
        let ifs = "@{ " + String(repeating: "if (true) ", count: 10_000) + "return 1; return 0; }"
        #expect(syntaxError(ifs).contains("nested too deeply"))
        let interpolations = "@(" + String(repeating: "$\"{", count: 10_000) + "1" + String(repeating: "}\"", count: 10_000) + ")"
        #expect(syntaxError(interpolations).contains("nested too deeply"))
    }

    @Test func longFlatChainsCountTowardsTheNestingLimit() throws {
        // A chain `1 + 1 + …` is a tree as deep as the chain is long, walked recursively by the
        // checker, compiler and evaluator: 100,000 operands overflowed the stack before the chain
        // counted towards the nesting limit.
        let sum = "@(" + Array(repeating: "1", count: 100_000).joined(separator: " + ") + ")"
        #expect(chainOutcome(sum).contains("nested too deeply"))
        let concatenation = "@(" + Array(repeating: "\"ab\"", count: 50_000).joined(separator: " + ") + ")"
        #expect(chainOutcome(concatenation).contains("nested too deeply"))
        let calls = "@(\"a\"" + String(repeating: ".ToUpper()", count: 9_000) + ")"
        #expect(chainOutcome(calls).contains("nested too deeply"))
        let interpolations = "@(" + String(repeating: "$\"{", count: 10_000) + "1" + String(repeating: "}\"", count: 10_000) + ")"
        #expect(chainOutcome(interpolations).contains("nested too deeply"))
        // Chains as long as real policies write them still work.
        let hundred = "@(" + Array(repeating: "1", count: 100).joined(separator: " + ") + ")"
        #expect(chainOutcome(hundred) == "100:Int32")
        let conditions = "@(" + Array(repeating: "context.Response.StatusCode == 429", count: 60).joined(separator: " || ") + ")"
        #expect(chainOutcome(conditions) == "False:Boolean")
        let fluent = "@(\"a\"" + String(repeating: ".ToUpper().ToLower()", count: 40) + ")"
        #expect(chainOutcome(fluent) == "a:String")
    }

    @Test func deepJsonInAnExpressionIsAReaderError() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(failure("@(JToken.Parse(\"\(deep)\").ToString())").hasPrefix("JsonReaderException: The reader's MaxDepth of 64 has been exceeded."))
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(failure("@(JObject.Parse(\"\(objects.replacingOccurrences(of: "\"", with: "\\\""))\").ToString())").hasPrefix("JsonReaderException"))
        let body = PolicyContext(request: RequestData(body: MessageBody(text: deep)))
        #expect(failure("@(context.Request.Body.As<JArray>().Count)", body).hasPrefix("JsonReaderException"))
    }
}

/// `value:Type` of a source that parses, else its syntax error.
private func chainOutcome(_ source: String) -> String {
    do {
        let prepared = try PreparedExpression(source: source)
        let value = try prepared.evaluate(in: PolicyContext())
        return "\(value.dotNetString):\(value.typeName)"
    } catch {
        return "\(error)"
    }
}
