import PolicyExpressions
import PolicySource
import Testing

/// Hostile and mangled input ends in a value or an error, never a crash or a hang.
@Suite struct RobustnessTests {
    @Test func runawayRecursionIsStopped() {
        #expect(failure("@{ int F(int n) => F(n + 1); return F(0); }") == "LimitExceededException: expression exceeded the call depth limit of 200 nested calls")
        #expect(failure("@{ Func<int, int> f = null; f = x => f(x); return f(1); }").contains("call depth"))
    }

    @Test func deepJsonIsRejected() {
        let nested = "@{ var l = new List<object>(); for (int i = 0; i < 100; i++) { l = new List<object> { l }; } return JsonConvert.SerializeObject(l); }"
        #expect(failure(nested).contains("nesting deeper than 64 levels"))
        let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(failure("@(JArray.Parse(\"\(text)\"))").hasPrefix("JsonReaderException"))
    }

    @Test func mutatedExpressionsNeverCrash() throws {
        let seeds = [
            #"@(context.Request.Headers.GetValueOrDefault("Authorization","").AsJwt()?.Claims.GetValueOrDefault("aud", ""))"#,
            #"@{ var body = context.Request.Body.As<JObject>(preserveContent: true); body["max_tokens"] = 5; return body.ToString(); }"#,
            #"@{ int sum = 0; foreach (var x in new[] { 1, 2, 3 }) { sum += x * 2; } return $"{sum:D4}|{sum,6}"; }"#,
            #"@(string.Join(",", context.Request.Url.Query.Select(q => q.Key + "=" + string.Join(";", q.Value))))"#,
            #"@(Regex.Replace(context.Request.Method, @"[A-Z]", m => m.Value.ToLower()) + DateTime.UtcNow.ToString("o"))"#,
        ]
        var random = SeededRandom(seed: 2026)
        let alphabet = Array("@(){}[]<>\"'$.,;:?!=+-*/%&|^~ \\0123456789abcxyzJObjectcontextnew var return")
        var outcomes = 0
        for _ in 0..<3000 {
            var chars = Array(seeds[Int(random.next() % UInt64(seeds.count))])
            for _ in 0..<(1 + Int(random.next() % 4)) where !chars.isEmpty {
                let position = Int(random.next() % UInt64(chars.count))
                switch random.next() % 3 {
                case 0: chars.remove(at: position)
                case 1: chars.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                default: chars[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
            }
            let source = String(chars)
            _ = ExpressionChecker.check(source: source)
            guard let prepared = try? PreparedExpression(source: source) else { continue }
            _ = try? prepared.evaluate(in: sampleContext(), stepBudget: 20_000)
            outcomes += 1
        }
        #expect(outcomes > 100)
    }
}
