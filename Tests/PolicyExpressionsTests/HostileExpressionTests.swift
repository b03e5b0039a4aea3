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

    /// Without a timeout argument the default (2 s) applies. Caught in a loop, every later match
    /// gets only the time the expression has left, and the loop stops at the expression's limit
    /// (before, each of the 1,000 iterations waited its own 2 s: over half an hour).
    @Test func defaultTimeoutEndsCatastrophicLoops() {
        let loop = #"@{ int n = 0; for (int i = 0; i < 1000; i++) { try { if (Regex.IsMatch("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")) { n++; } } catch (RegexMatchTimeoutException) { n--; } } return n; }"#
        let outcome = failure(loop)
        #expect(outcome.hasPrefix("LimitExceededException: expression exceeded the time limit"), "\(outcome)")
        // One match alone, uncaught: the timeout itself, not the expression's time limit.
        let single = failure(#"@(Regex.IsMatch("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$"))"#)
        #expect(single.hasPrefix("RegexMatchTimeoutException"), "\(single)")
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
        // The step budget is what this checks; the clock gets room (a debug build sharing its cores
        // can take longer than the default 2 s here, as with the step-budget tests above).
        let value = try PreparedExpression(source: source).evaluate(in: PolicyContext(), stepBudget: ExpressionLimits.defaultStepBudget, timeLimit: .seconds(600))
        #expect("\(value.dotNetString):\(value.typeName)" == "1009999:Int32")
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

    // MARK: C. .NET semantics

    @Test func minValueRemainderMinusOneOverflows() throws {
        // .NET: x64 `idiv` faults, the runtime throws OverflowException (int and long alike).
        #expect(failure("@{ int a = int.MinValue; int b = -1; return a % b; }") == "OverflowException: Arithmetic operation resulted in an overflow.")
        #expect(failure("@{ long a = long.MinValue; long b = -1; return a % b; }") == "OverflowException: Arithmetic operation resulted in an overflow.")
        #expect(try shown("@{ int a = int.MinValue + 1; int b = -1; return a % b; }") == "0:Int32")
        #expect(try shown("@{ int a = 7; int b = -1; return a % b; }") == "0:Int32")
    }

    @Test func checkedOverflowThrowsAndUncheckedWraps() throws {
        let overflow = "OverflowException: Arithmetic operation resulted in an overflow."
        #expect(failure("@{ int x = int.MaxValue; return checked(x + 1); }") == overflow)
        #expect(failure("@{ long x = long.MinValue; return checked(x - 1); }") == overflow)
        #expect(failure("@{ int x = 65536; return checked(x * x); }") == overflow)
        #expect(failure("@{ int x = int.MinValue; return checked(-x); }") == overflow)
        #expect(failure("@{ long x = 3000000000; return checked((int)x); }") == overflow)
        #expect(failure("@{ double d = 1e10; return checked((int)d); }") == overflow)
        #expect(failure("@{ int x = 300; return checked((byte)x); }") == overflow)
        #expect(failure("@{ int x = -1; return checked((ulong)x); }") == overflow)
        // A lambda written inside checked(…) is checked too (C# checks lexically).
        #expect(failure("@(checked(new[] { int.MaxValue }.Select(v => v + 1).First()))") == overflow)
        // C# rejects constant overflow at compile time (CS0220); here it is the same run-time error.
        #expect(failure("@(checked(int.MaxValue + 1))") == overflow)
        #expect(try shown("@{ int x = int.MaxValue; return unchecked(x + 1); }") == "-2147483648:Int32")
        #expect(try shown("@{ int x = int.MaxValue; return x + 1; }") == "-2147483648:Int32")
        #expect(try shown("@{ int x = int.MaxValue; return checked(unchecked(x + 1)); }") == "-2147483648:Int32")
        #expect(try shown("@{ int x = 2; return checked(x * 3 + (int)4.9 + (byte)255); }") == "265:Int32")
        #expect(try shown("@{ double d = 1.5; return checked(d * 1e308 > 0); }") == "True:Boolean")
    }

    @Test func absurdFormatAlignmentIsAFormatException() throws {
        // .NET reads at most 7 alignment digits (it stops once the width reaches 1,000,000).
        let invalid = "FormatException: Input string was not in a correct format."
        #expect(failure(#"@(string.Format("{0,2000000000}", 1))"#) == invalid)
        #expect(failure(#"@(string.Format("{0,-2000000000}", 1))"#) == invalid)
        #expect(failure(#"@(string.Format("{0,10000000}", 1))"#) == invalid)
        #expect(failure(#"@($"{1,2000000000}")"#) == invalid)
        #expect(try shown(#"@(string.Format("{0,1000000}", 1).Length)"#) == "1000000:Int32")
        #expect(try shown(#"@(string.Format("{0,5}|{0,-3}|", 1))"#) == "    1|1  |:String")
    }

    @Test func hugeFormatPrecisionIsBounded() {
        // Past .NET's own maximum precision (999,999,999): .NET's FormatException.
        #expect(failure(#"@(1.5.ToString("F2147483647"))"#) == "FormatException: Format specifier was invalid.")
        #expect(failure(#"@(1.5.ToString("N99999999999999999999"))"#) == "FormatException: Format specifier was invalid.")
        // .NET would build a string of up to 1 GB here; the simulator stops at its limit.
        let limited = failure(#"@(1.5.ToString("N999999999"))"#)
        #expect(limited == "LimitExceededException: expression formatted a number with precision 999999999; the limit is 100000 digits", "\(limited)")
        #expect(failure(#"@((1.5).ToString("F100000").Length)"#) == "no error (value 100002)")
    }

    @Test func loneSurrogatesDoNotCrash() throws {
        // .NET strings are UTF-16: "\uD800".Length == 1 and (int)"\uD800"[0] == 55296.
        #expect(try shown(#"@("\uD800".Length)"#) == "1:Int32")
        #expect(try shown(#"@((int)'\uD800')"#) == "55296:Int32")
        #expect(try shown(#"@("\uD83D\uDE00".Length)"#) == "2:Int32")
        #expect(try shown(#"@((int)"\uD83D\uDE00"[0])"#) == "55357:Int32")
        #expect(try shown(#"@((int)"\uD83D\uDE00"[1])"#) == "56832:Int32")
        // Swift strings hold Unicode scalars: a lone surrogate in a string becomes U+FFFD (one
        // unit, so Length agrees, but the char reads 65533, not 55296). Docs/limits.md says so.
        #expect(try shown(#"@((int)"\uD800"[0])"#) == "65533:Int32")
        #expect(try shown(#"@(new string('\uD800', 3).Length)"#) == "3:Int32")
    }
}
