import PolicyExpressions
import PolicySource
import Testing

/// `PreparedExpression.evaluate(in:reusing:)`: one evaluation state for many expressions on a
/// context, with results identical to a fresh evaluation each time.
@Suite struct EvaluationReuseTests {
    /// Expressions with locals, lambdas, out parameters, nested calls and failures, in a row.
    static let sources = [
        #"@(context.Variables.GetValueOrDefault<string>("tenant", "none").ToUpper())"#,
        #"@{ int total = 0; foreach (var n in new[] { 1, 2, 3 }) { total += n * n; } return total; }"#,
        #"@(Math.Max(Math.Min(7, 3), Math.Abs(-5)) + string.Join("-", new[] { "a", "b" }).Length)"#,
        #"@{ int parsed; return int.TryParse("42", out parsed) ? parsed + 1 : -1; }"#,
        #"@(new[] { 5, 1, 4 }.Where(x => x > 1).OrderBy(x => x).Select(x => x.ToString()).Aggregate((a, b) => a + b))"#,
        #"@(((string)null).Length)"#,
        #"@{ var seen = new List<string>(); for (int i = 0; i < 3; i++) { seen.Add(i.ToString()); } return string.Join(",", seen); }"#,
        #"@{ int parsed; int.TryParse("nope", out parsed); return parsed; }"#,
        #"@(String.Format("{0}/{1}", context.Request.Method, context.Request.Url.Path))"#,
        #"@(context.Request.Headers.TryGetValue("x-missing", out var values) ? "yes" : "no")"#,
    ]

    func outcome(_ run: () throws -> Value) -> String {
        do {
            let value = try run()
            return "\(value.dotNetString):\(value.typeName)"
        } catch let error as ExpressionRuntimeError {
            return "\(error.shortTypeName): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    @Test func resultsAreThoseOfFreshEvaluations() throws {
        let context = PolicyContext()
        context.variables.set("tenant", .string("contoso"))
        let prepared = try Self.sources.map { try PreparedExpression(source: $0) }
        let fresh = prepared.map { expression in outcome { try expression.evaluate(in: context) } }
        var spare: Evaluation?
        for round in 0..<3 {
            let reused = prepared.map { expression in outcome { try expression.evaluate(in: context, reusing: &spare) } }
            #expect(reused == fresh, "round \(round)")
        }
        #expect(fresh[1] == "14:Int32" && fresh[3] == "43:Int32" && fresh[5].hasPrefix("NullReferenceException"))
    }

    /// Steps count per expression: a reused evaluation starts from zero each time.
    @Test func everyExpressionHasTheWholeStepBudget() throws {
        let loop = try PreparedExpression(source: "@{ int n = 0; while (n < 300) { n++; } return n; }")
        var spare: Evaluation?
        for _ in 0..<10 {
            #expect(try loop.evaluate(in: PolicyContext(), reusing: &spare, stepBudget: 1_000).dotNetString == "300")
        }
        let context = PolicyContext()
        for _ in 0..<10 {
            #expect(try loop.evaluate(in: context, reusing: &spare, stepBudget: 1_000).dotNetString == "300")
        }
        #expect(throws: ExpressionRuntimeError.self) { try loop.evaluate(in: context, reusing: &spare, stepBudget: 100) }
        #expect(try loop.evaluate(in: context, reusing: &spare, stepBudget: 1_000).dotNetString == "300")
    }

    /// The state is reused whatever the context, holds none between expressions, and is
    /// replaced when something else still holds it.
    @Test func theStateHoldsNoContextAndIsReplacedWhenShared() throws {
        let expression = try PreparedExpression(source: "@(context.Request.Method)")
        var first: PolicyContext? = PolicyContext(request: RequestData(method: "PUT"))
        let second = PolicyContext(request: RequestData(method: "PATCH"))
        weak var firstGone = first
        var spare: Evaluation?
        #expect(try expression.evaluate(in: try #require(first), reusing: &spare).dotNetString == "PUT")
        let kept = ObjectIdentifier(try #require(spare))
        #expect(spare?.context !== first)
        first = nil
        #expect(firstGone == nil)  // the kept state did not keep the context alive
        #expect(try expression.evaluate(in: second, reusing: &spare).dotNetString == "PATCH")
        #expect(spare.map(ObjectIdentifier.init) == kept)

        let holder = spare
        #expect(try expression.evaluate(in: second, reusing: &spare).dotNetString == "PATCH")
        #expect(spare !== holder)  // `holder` still held it: a new state was made
    }
}
