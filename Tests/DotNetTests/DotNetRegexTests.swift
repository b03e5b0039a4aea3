import Testing
@testable import DotNet

private func err(_ body: () throws -> Any?) -> DotNetException? {
    do { _ = try body(); return nil } catch let e as DotNetException { return e } catch { return nil }
}

@Suite struct DotNetRegexTests {
    @Test func groupNumberingFollowsDotNet() throws {
        // .NET numbers unnamed groups first, then named groups ("Grouping constructs" docs).
        let m = try DotNetRegex.match("2020-01-02", #"(?<year>\d{4})-(?<month>\d{2})-(\d{2})"#)
        #expect(m.success && m.value == "2020-01-02" && m.index == 0 && m.length == 10)
        #expect(m.group(1).value == "02")
        #expect(m.group(2).value == "2020")
        #expect(m.group(3).value == "01")
        #expect(m.group("month").value == "01")
        #expect(m.group("nope").success == false)
        #expect(try DotNetRegex(#"(?<year>\d{4})-(\d)"#).groupNames == ["0", "1", "year"])
    }

    @Test func namesWithUnderscoresAndQuotes() throws {
        let m = try DotNetRegex.match("Ada Lovelace", #"(?<first_name>\w+) (?'last'\w+) ?\k'last'?"#)
        #expect(m.group("first_name").value == "Ada")
        #expect(m.group("last").value == "Lovelace")
    }

    @Test func replaceSubstitutions() throws {
        #expect(try DotNetRegex.replace("John Smith", #"(\w+) (\w+)"#, "$2, $1") == "Smith, John")
        #expect(try DotNetRegex.replace("a1b2", #"(?<d>\d)"#, "<${d}>") == "a<1>b<2>")
        #expect(try DotNetRegex.replace("a1", #"\d"#, "$$") == "a$")
        #expect(try DotNetRegex.replace("abc", "b", "[$`|$&|$']") == "a[a|b|c]c")
        #expect(try DotNetRegex.replace("a1", #"(\d)"#, "$9") == "a$9")
        #expect(try DotNetRegex("x").replace("xxx", "y", count: 2) == "yyx")
        #expect(try DotNetRegex(#"\d+"#).replace("a12b3") { "<\($0.value)>" } == "a<12>b<3>")
    }

    @Test func splitAndOptions() throws {
        #expect(try DotNetRegex.split("a1b2c", #"\d"#) == ["a", "b", "c"])
        #expect(try DotNetRegex.split("a-b", "(-)") == ["a", "-", "b"])
        #expect(try DotNetRegex.split("abc", "x") == ["abc"])
        #expect(try DotNetRegex.isMatch("HELLO", "hello", options: .ignoreCase))
        #expect(try DotNetRegex.matches("a\nb", options: .multiline, "^\\w$").count == 2)
        #expect(try DotNetRegex.isMatch("a\nb", "a.b", options: .singleline))
        #expect(try !DotNetRegex.isMatch("a\nb", "a.b"))
        #expect(try DotNetRegex("(a)(?<n>b)", options: .explicitCapture).groupNames == ["0", "n"])
    }

    @Test func dotNetOnlySyntax() throws {
        #expect(try DotNetRegex.match("hello", "[a-z-[aeiou]]+").value == "h")
        #expect(DotNetRegex.escape("a.b*c d") == "a\\.b\\*c\\ d")
        #expect(DotNetRegex.unescape("a\\.b\\n") == "a.b\n")
        #expect(err { try DotNetRegex("(") }?.type == "ArgumentException")
        #expect(err { try DotNetRegex("(?(a)b|c)") }?.type == "ArgumentException")
        #expect(try DotNetRegex("b").match("abcb", startAt: 2).index == 3)
        #expect(try DotNetRegex.match("héllo😀x", "x").index == 7)  // UTF-16 offsets
    }

    @Test func catastrophicBacktrackingTimesOut() throws {
        #expect(err { try DotNetRegex.isMatch(String(repeating: "a", count: 28) + "!", "(a+)+$", matchTimeout: .milliseconds(100)) }?.type == "RegexMatchTimeoutException")
        #expect(try DotNetRegex("a", matchTimeout: .seconds(3600)).matchTimeout == DotNetRegex.defaultMatchTimeout)
        let r = try DotNetRegex("(a+)+b", matchTimeout: .milliseconds(200))
        #expect(err { try r.isMatch(String(repeating: "a", count: 40)) }?.type == "RegexMatchTimeoutException")
    }

    @Test func backreferencesAndBraces() throws {
        // \1 is .NET group 1 = the first *unnamed* group, even after a named group.
        #expect(try DotNetRegex.isMatch("x-a-a", #"(?<n>x)-(a)-\1"#))
        #expect(try !DotNetRegex.isMatch("x-a-x", #"(?<n>x)-(a)-\1$"#))
        #expect(try DotNetRegex.isMatch("aa", #"(a)\1"#))
        // '{' that is not a quantifier is a literal in .NET.
        #expect(try DotNetRegex.match(#"{"a":1}"#, #"{"a":(\d)}"#).group(1).value == "1")
        #expect(try DotNetRegex.isMatch("aaa", "^a{2,3}$"))
    }

    @Test func nextMatch() throws {
        let r = try DotNetRegex(#"\d"#)
        let m1 = try r.match("a1b2")
        let m2 = try r.nextMatch(after: m1, in: "a1b2")
        #expect(m2.value == "2" && m2.index == 3)
        #expect(try !r.nextMatch(after: m2, in: "a1b2").success)
        #expect(DotNetWebUtility.httpUtilityUrlEncode("é ") == "%c3%a9+")
    }

    @Test func hugeInputIsRejected() {
        let big = String(repeating: "a", count: DotNetRegex.maxInputLength + 1)
        #expect(err { try DotNetRegex.isMatch(big, "a") }?.type == "RegexMatchTimeoutException")
    }

    // MARK: compiled-pattern cache (fuzzing found Foundation leaking each compile's pattern)

    @Test func samePatternIsCompiledOnce() throws {
        let pattern = #"order-(?<id>\d+)-cache-test"#
        let first = try DotNetRegex(pattern)
        let second = try DotNetRegex(pattern)
        #expect(first.regex === second.regex)
        #expect(try DotNetRegex(pattern, options: .ignoreCase).regex !== first.regex)
        #expect(try DotNetRegex.match("order-42-cache-test", pattern).value == "order-42-cache-test")
    }
}

extension DotNetRegex {
    static func matches(_ input: String, options: DotNetRegexOptions, _ pattern: String) throws -> [DotNetRegexMatch] {
        try DotNetRegex(pattern, options: options).matches(input)
    }
}
