import PolicyExpressions
import PolicySource
import Testing

/// The issue "Hostile input": expressions that used to run unbounded or disagree with .NET.
/// No assertion here measures time; a test that hangs is the failure.
@Suite struct HostileExpressionTests {
    // MARK: B. regex match timeout

    /// `(a+)+$` against a run of `a` ending in `!` backtracks exponentially.
    static let catastrophic = #"Regex.IsMatch("aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(100))"#

    @Test func catastrophicRegexThrowsMatchTimeout() {
        let outcome = failure("@(\(Self.catastrophic))")
        #expect(outcome.hasPrefix("RegexMatchTimeoutException: The Regex engine has timed out"), "\(outcome)")
        do {
            _ = try evaluate("@(\(Self.catastrophic))")
        } catch let error as ExpressionRuntimeError {
            #expect(error.exceptionType == "System.Text.RegularExpressions.RegexMatchTimeoutException")
            #expect(error.isCatchable)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func matchTimeoutIsCatchable() throws {
        #expect(try shown("@{ try { return \(Self.catastrophic).ToString(); } catch (RegexMatchTimeoutException e) { return \"timeout: \" + e.GetType().Name; } }") == "timeout: RegexMatchTimeoutException:String")
        #expect(try shown("@{ try { return \(Self.catastrophic).ToString(); } catch (Exception) { return \"caught\"; } }") == "caught:String")
        #expect(try shown("@{ try { return \(Self.catastrophic).ToString(); } catch (TimeoutException) { return \"caught\"; } }") == "caught:String")
    }

    @Test func everyOverloadHonoursAnExplicitTimeout() throws {
        let input = #""aaaaaaaaaaaaaaaaaaaaaaaaaaaa!""#
        let timeout = "TimeSpan.FromMilliseconds(100)"
        for call in [
            "Regex.Match(\(input), \"(a+)+$\", RegexOptions.None, \(timeout)).Success",
            "Regex.Matches(\(input), \"(a+)+$\", RegexOptions.None, \(timeout)).Count",
            "Regex.Replace(\(input), \"(a+)+$\", \"x\", RegexOptions.None, \(timeout))",
            "Regex.Split(\(input), \"(a+)+$\", RegexOptions.None, \(timeout)).Length",
            "new Regex(\"(a+)+$\", RegexOptions.None, \(timeout)).IsMatch(\(input))",
        ] {
            #expect(failure("@(\(call))").hasPrefix("RegexMatchTimeoutException"), "\(call)")
        }
        #expect(try shown("@(new Regex(\"a\", RegexOptions.None, TimeSpan.FromMilliseconds(100)).MatchTimeout.TotalMilliseconds)") == "100:Double")
        #expect(try shown("@(Regex.IsMatch(\"abc\", \"b\", RegexOptions.None, Regex.InfiniteMatchTimeout))") == "True:Boolean")
        #expect(failure("@(Regex.IsMatch(\"abc\", \"b\", RegexOptions.None, TimeSpan.Zero))").hasPrefix("ArgumentOutOfRangeException"))
    }

    /// Without a timeout argument the default (2 s) applies; ICU gives up on its own backtracking
    /// stack earlier, which is reported as the same timeout rather than as "no match".
    @Test func defaultTimeoutEndsCatastrophicLoops() {
        let loop = #"@{ int n = 0; for (int i = 0; i < 1000; i++) { try { if (Regex.IsMatch("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")) { n++; } } catch (RegexMatchTimeoutException) { n--; } } return n; }"#
        let outcome = failure(loop)
        #expect(outcome.hasPrefix("LimitExceededException"), "\(outcome)")
    }

    // MARK: A. the budget bounds work and time, not only steps

    /// Each of these takes few steps but does work proportional to a size: with the size charged,
    /// every one stops at a budget of 20,000 steps within a few iterations (before, each ran all
    /// 200 iterations, well within the budget: with 8 MB strings and the default budget that
    /// was minutes per expression).
    @Test func sizeOfTheWorkIsCharged() {
        let big = "new string('x', 200000)"
        for source in [
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += s.ToUpper().Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += s.IndexOf('y'); } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += s.Replace(\"x\", \"y\").Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += (s + \"a\").Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += $\"{s}!\".Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += string.Format(\"{0}\", s).Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += string.Join(\",\", s, s).Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += s.Split('y').Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += s.Substring(1).Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += s.PadLeft(200001).Length; } return n; }",
            "@{ var s = \(big); var b = new StringBuilder(); for (int i = 0; i < 200; i++) { b.Append(s).Clear(); } return b.Length; }",
            "@{ var j = \"[\" + string.Join(\",\", Enumerable.Repeat(\"1\", 20000)) + \"]\"; int n = 0; for (int i = 0; i < 200; i++) { n += JArray.Parse(j).Count; } return n; }",
            "@{ var l = Enumerable.Range(0, 20000).ToList(); int n = 0; for (int i = 0; i < 200; i++) { n += l.ToArray().Length; } return n; }",
            "@{ var s = \(big); int n = 0; for (int i = 0; i < 200; i++) { n += Regex.IsMatch(s, \"y\") ? 1 : 0; } return n; }",
            "@(new HashSet<int>(Enumerable.Range(0, 10)).UnionWith(Enumerable.Range(0, 20000)))",
        ] {
            let outcome = failure(source, stepBudget: 20_000, timeLimit: .seconds(600))
            #expect(outcome.contains("exceeded the step budget"), "\(source): \(outcome)")
        }
    }

    @Test func ordinaryWorkOnALargeBodyStaysWithinTheBudget() throws {
        // A 1 MB body read, searched, changed and parsed a few times is far from the budget.
        let source = #"@{ var s = new string('x', 1000000); var j = JArray.Parse("[" + string.Join(",", Enumerable.Repeat("1", 10000)) + "]"); return s.ToUpper().Replace("X", "y").IndexOf('z') + s.Length + j.Count; }"#
        #expect(try shown(source) == "1009999:Int32")
    }

    @Test func wallClockLimitStopsWhatTheStepsDoNot() {
        // An unlimited step budget leaves the clock: the loop stops at the time limit.
        let outcome = failure("@{ for (;;) { } return 1; }", stepBudget: Int.max, timeLimit: .milliseconds(50))
        #expect(outcome == "LimitExceededException: expression exceeded the time limit of 50 ms", "\(outcome)")
        // The limit is the same uncatchable error as the step budget.
        let caught = failure("@{ try { for (;;) { } } catch (Exception) { return 0; } return 1; }", stepBudget: Int.max, timeLimit: .milliseconds(50))
        #expect(caught.hasPrefix("LimitExceededException"), "\(caught)")
        #expect(ExpressionLimits.maxEvaluationTime == .seconds(2))
    }
}
