import Testing
import PolicySource
@testable import DotNet

/// Hostile and random inputs: every call must either succeed or throw a `DotNetException`; none may trap.
@Suite struct DotNetHostileInputTests {
    static func randomString(_ rng: inout SeededRandom, alphabet: [Character], maxLength: Int) -> String {
        let n = Int(rng.next() % UInt64(maxLength + 1))
        var s = ""
        for _ in 0..<n { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
        return s
    }

    static func onlyDotNetErrors(_ body: () throws -> Void) -> Bool {
        do { try body(); return true } catch is DotNetException { return true } catch { return false }
    }

    @Test func deepObjectsAndMixedNesting() {
        let deepObj = String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(Self.onlyDotNetErrors { _ = try JToken.parse(deepObj) })
        let mixed = String(repeating: #"[{"a":"#, count: 20_000)
        #expect(Self.onlyDotNetErrors { _ = try JToken.parse(mixed) })
        let ok = String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(Self.onlyDotNetErrors { _ = try JToken.parse(ok) })
        #expect((try? JToken.parse(ok)) != nil)
    }

    @Test func hugeNumbers() throws {
        let big = String(repeating: "9", count: 300)
        let t = try JToken.parse("[\(big), -\(big)]")
        #expect(t.toString(.none) == "[\(big),-\(big)]")
        #expect(t.first?.type == .integer)
        let tooBig = String(repeating: "9", count: 400)
        #expect((try? JToken.parse(tooBig)) == nil)
        let manyDigitsFloat = "0." + String(repeating: "1", count: 100_000)
        #expect(try JToken.parse(manyDigitsFloat).toString(.none) == "0.1111111111111111")
        #expect(try JToken.parse("1e999999999").toString(.none) == "\"Infinity\"")
        #expect(Self.onlyDotNetErrors { _ = try JToken.toInt64(JToken.parse(big)) })
        #expect(Self.onlyDotNetErrors { _ = try JToken.toInt32(JToken.parse("1e300")) })
        #expect(Self.onlyDotNetErrors { _ = try JToken.toDecimal(JToken.parse("1e300")) })
        #expect(Self.onlyDotNetErrors { _ = try DotNetNumberParsing.parseDecimal("1e99999") })
        #expect(Self.onlyDotNetErrors { _ = try DotNetNumberParsing.parseDecimal("0." + String(repeating: "0", count: 5000) + "1") })
    }

    @Test func randomJsonNeverTraps() {
        var rng = SeededRandom(seed: 7)
        let alphabet = Array(#"{}[]:,"'\/ 0123456789.eE+-abtrufnlsxNIy\u0000"#) + ["\n", "\u{1}", "é", "😀", "\\"]
        for _ in 0..<3000 {
            let s = Self.randomString(&rng, alphabet: alphabet, maxLength: 40)
            #expect(Self.onlyDotNetErrors {
                let t = try JToken.parse(s)
                _ = t.toString(.indented)
                _ = try t.selectTokens("$..*")
            })
        }
    }

    @Test func randomFormatsNeverTrap() {
        var rng = SeededRandom(seed: 11)
        let alphabet = Array("0#.,;%‰E+-e'\"\\DdXxFfNnGgPpCcRr0123456789 ")
        let values: [Double] = [0, -0.0, 1, -1.5, 123456.789, 1e-300, 1e300, .nan, .infinity, 0.5, 2.5, -1234.5678]
        for _ in 0..<3000 {
            let f = Self.randomString(&rng, alphabet: alphabet, maxLength: 12)
            let v = values[Int(rng.next() % UInt64(values.count))]
            #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format(v, f) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format(Int64(bitPattern: rng.next()), f) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format(Int32(truncatingIfNeeded: rng.next()), f) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format(DotNetDecimal.maxValue, f) })
        }
        #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format(1.0, "F999999999") })
        #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format("{0,999999}{0:E99999}", [.double(1)]) })
    }

    @Test func randomDatesAndSpansNeverTrap() {
        var rng = SeededRandom(seed: 13)
        let alphabet = Array("0123456789-:/.TZ+ APMGTyMdHhmsfFtzK'\\%")
        let dt = DotNetDateTime.maxValue
        for _ in 0..<3000 {
            let s = Self.randomString(&rng, alphabet: alphabet, maxLength: 30)
            #expect(Self.onlyDotNetErrors { _ = try DotNetDateTime.parse(s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetDateTimeOffset.parse(s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetDateTime.parseExact(s, "yyyy-MM-dd") })
            #expect(Self.onlyDotNetErrors { _ = try DotNetDateTime.parseExact("2020-01-01", s) })
            #expect(Self.onlyDotNetErrors { _ = try dt.toString(s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetTimeSpan.parse(s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetTimeSpan.minValue.toString(s) })
        }
        #expect(Self.onlyDotNetErrors { _ = try DotNetDateTime.maxValue.addDays(1e300) })
        #expect(Self.onlyDotNetErrors { _ = try DotNetDateTime.minValue.addMonths(Int.min) })
        #expect(Self.onlyDotNetErrors { _ = try DotNetDateTimeOffset(dateTime: .minValue, offset: .minValue) })
        #expect(Self.onlyDotNetErrors { _ = try DotNetTimeSpan.minValue.negate() })
        #expect(Self.onlyDotNetErrors { _ = try DotNetTimeSpan(days: Int.max, hours: Int.max, minutes: 0, seconds: 0) })
        #expect(Self.onlyDotNetErrors { _ = try DotNetDateTimeOffset.fromUnixTimeMilliseconds(Int64.min) })
        _ = DotNetDateTime.utcNow(unixMilliseconds: Int64.max)
    }

    @Test func randomStringOperationsNeverTrap() {
        var rng = SeededRandom(seed: 19)
        let alphabet = Array("ab,;: é😀\t")
        for _ in 0..<3000 {
            let s = Self.randomString(&rng, alphabet: alphabet, maxLength: 10)
            let t = Self.randomString(&rng, alphabet: alphabet, maxLength: 3)
            let a = Int(truncatingIfNeeded: rng.next() % 30) - 10
            let b = Int(truncatingIfNeeded: rng.next() % 30) - 10
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.substring(s, a, b) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.substring(s, a) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.remove(s, a, b) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.remove(s, a) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.insert(s, a, t) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.indexOf(s, t, startIndex: a) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.padLeft(s, a) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.replace(s, t, s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.split(s, separators: [t], count: b, options: [.removeEmptyEntries, .trimEntries]) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetString.charAt(s, a) })
            _ = DotNetString.lastIndexOf(s, t, ignoreCase: true)
            _ = DotNetString.toUpperInvariant(s)
        }
    }

    @Test func randomRegexAndTextNeverTrap() {
        var rng = SeededRandom(seed: 17)
        let alphabet = Array("()[]{}?*+|^$.\\-<>'=!:#kdwsbABC0123,n ")
        for _ in 0..<1500 {
            let p = Self.randomString(&rng, alphabet: alphabet, maxLength: 12)
            #expect(Self.onlyDotNetErrors {
                let r = try DotNetRegex(p, matchTimeout: .milliseconds(50))
                _ = try r.replace("ab0 C,d", "$1${x}$$")
                _ = try r.split("ab0 C,d")
            })
            let s = Self.randomString(&rng, alphabet: Array("%+&#;x0123456789abcdefABCDEF=é😀 "), maxLength: 20)
            _ = DotNetWebUtility.urlDecode(s)
            _ = DotNetWebUtility.htmlDecode(s)
            #expect(Self.onlyDotNetErrors { _ = try DotNetUri.unescapeDataString(s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetConvert.fromBase64String(s) })
            #expect(Self.onlyDotNetErrors { _ = try DotNetUri("http://" + s) })
            _ = JwtToken.parse(s + "." + s + "." + s)
            _ = BasicCredentials.parse("Basic " + s)
            #expect(Self.onlyDotNetErrors { _ = try DotNetFormatter.format(s, [.int32(1)]) })
            #expect(Self.onlyDotNetErrors { _ = try JToken.parse("{}").selectTokens(s) })
        }
    }
}
