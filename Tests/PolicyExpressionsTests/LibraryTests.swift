import Foundation
import PolicyExpressions
import PolicySource
import Testing

/// .NET library members, with values from the .NET API documentation.
@Suite struct LibraryTests {
    @Test func stringMembers() throws {
        #expect(try shown(#"@("Hello World".Substring(6))"#) == "World:String")
        #expect(try shown(#"@("Hello".Substring(1, 3))"#) == "ell:String")
        #expect(failure(#"@("Hello".Substring(3, 5))"#) == "ArgumentOutOfRangeException: Index and length must refer to a location within the string. (Parameter 'length')")
        #expect(try shown(#"@("a-b-c".IndexOf('-'))"#) == "1:Int32")
        #expect(try shown(#"@("a-b-c".LastIndexOf("-"))"#) == "3:Int32")
        #expect(try shown(#"@("abc".IndexOf("C", StringComparison.OrdinalIgnoreCase))"#) == "2:Int32")
        #expect(try shown(#"@("abc".IndexOf(""))"#) == "0:Int32")
        #expect(try shown(#"@("Bearer xyz".StartsWith("bearer ", StringComparison.OrdinalIgnoreCase))"#) == "True:Boolean")
        #expect(try shown(#"@("file.JSON".EndsWith(".json"))"#) == "False:Boolean")
        #expect(try shown(#"@("aXbXc".Replace("X", "--"))"#) == "a--b--c:String")
        #expect(try shown(#"@("  padded\t".Trim() + "|")"#) == "padded|:String")
        #expect(try shown(#"@("xxabcxx".Trim('x'))"#) == "abc:String")
        #expect(try shown(#"@("/path/".TrimEnd('/'))"#) == "/path:String")
        #expect(try shown(#"@("7".PadLeft(3, '0'))"#) == "007:String")
        #expect(try shown(#"@("ab".PadRight(4) + "|")"#) == "ab  |:String")
        #expect(try shown(#"@("MiXeD".ToLowerInvariant() + "MiXeD".ToUpper())"#) == "mixedMIXED:String")
        #expect(try shown(#"@("héllo".Length)"#) == "5:Int32")
        #expect(try shown(#"@("😀".Length)"#) == "2:Int32") // UTF-16 code units
        #expect(try shown(#"@("abc"[1])"#) == "b:Char")
        #expect(try shown(#"@("abc".Equals("ABC", StringComparison.OrdinalIgnoreCase))"#) == "True:Boolean")
        #expect(try shown(#"@("abc".Contains("bc"))"#) == "True:Boolean")
        #expect(try shown(#"@("abc".ToCharArray().Length)"#) == "3:Int32")
        #expect(try shown(#"@("abc".Insert(1, "X").Remove(0, 1))"#) == "Xbc:String")
    }

    @Test func splitOverloads() throws {
        #expect(try shown(#"@("a,b,,c".Split(',').Length)"#) == "4:Int32")
        #expect(try shown(#"@("a,b,,c".Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Length)"#) == "3:Int32")
        #expect(try shown(#"@("a, b;c".Split(',', ';')[2])"#) == "c:String")
        #expect(try shown(#"@("k1=v1&&k2=v2".Split(new[] { "&&" }, StringSplitOptions.None)[1])"#) == "k2=v2:String")
        #expect(try shown(#"@("a b  c".Split(' ').Length)"#) == "4:Int32")
        #expect(try shown(#"@("a=b=c".Split(new[] { '=' }, 2)[1])"#) == "b=c:String")
        #expect(try shown(#"@("Bearer token".Split(' ').Last())"#) == "token:String")
    }

    @Test func stringStatics() throws {
        #expect(try shown(#"@(string.IsNullOrEmpty(""))"#) == "True:Boolean")
        #expect(try shown(#"@(string.IsNullOrWhiteSpace(" \t"))"#) == "True:Boolean")
        #expect(try shown(#"@(string.Format("{0}-{1:D2}-{2,4}", "a", 5, "x"))"#) == "a-05-   x:String")
        #expect(try shown(#"@(string.Join(",", new[] { 1, 2, 3 }))"#) == "1,2,3:String")
        #expect(try shown(#"@(string.Concat("a", 1, true))"#) == "a1True:String")
        #expect(try shown(#"@(string.Empty.Length)"#) == "0:Int32")
        #expect(failure(#"@(string.Format("{1}", "a"))"#) == "FormatException: Index (zero based) must be greater than or equal to zero and less than the size of the argument list.")
    }

    @Test func parsingAndConvert() throws {
        #expect(try shown(#"@(int.Parse(" 42 "))"#) == "42:Int32")
        #expect(failure(#"@(int.Parse("4x"))"#) == "FormatException: Input string was not in a correct format.")
        #expect(failure(#"@(int.Parse("2147483648"))"#) == "OverflowException: Value was either too large or too small for an Int32.")
        #expect(try shown(#"@(long.Parse("-9223372036854775808"))"#) == "-9223372036854775808:Int64")
        #expect(try shown(#"@(double.Parse("1.5e3"))"#) == "1500:Double")
        #expect(try shown(#"@(bool.Parse(" TRUE "))"#) == "True:Boolean")
        #expect(try shown(#"@(Convert.ToInt32(2.5) + Convert.ToInt32(3.5))"#) == "6:Int32") // banker's rounding: 2 + 4
        #expect(try shown(#"@(Convert.ToInt32("ff", 16))"#) == "255:Int32")
        #expect(try shown(#"@(Convert.ToInt32((string)null))"#) == "0:Int32")
        #expect(try shown(#"@(Convert.ToBoolean("false"))"#) == "False:Boolean")
        #expect(try shown(#"@(Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass")))"#) == "dXNlcjpwYXNz:String")
        #expect(try shown(#"@(Encoding.UTF8.GetString(Convert.FromBase64String("aGk=")))"#) == "hi:String")
        #expect(failure(#"@(Convert.FromBase64String("a$=="))"#).hasPrefix("FormatException: The input is not a valid Base-64 string"))
        #expect(try shown(#"@(Guid.TryParse("not-a-guid", out var g) ? "ok" : g.ToString())"#) == "00000000-0000-0000-0000-000000000000:String")
    }

    @Test func mathMembers() throws {
        #expect(try shown("@(Math.Round(2.5))") == "2:Double")
        #expect(try shown("@(Math.Round(3.5))") == "4:Double")
        #expect(try shown("@(Math.Round(2.345, 2))") == "2.35:Double")
        #expect(try shown("@(Math.Round(2.5, MidpointRounding.AwayFromZero))") == "3:Double")
        #expect(try shown("@(Math.Max(3, 7L))") == "7:Int64")
        #expect(try shown("@(Math.Min(-1, 2))") == "-1:Int32")
        #expect(try shown("@(Math.Abs(-5))") == "5:Int32")
        #expect(failure("@(Math.Abs(int.MinValue))") == "OverflowException: Negating the minimum value of a twos complement number is invalid.")
        #expect(try shown("@(Math.Pow(2, 10))") == "1024:Double")
        #expect(try shown("@(Math.Ceiling(1.2) + Math.Floor(-1.2))") == "0:Double")
    }

    @Test func linq() throws {
        let numbers = "new List<int> { 5, 3, 8, 1 }"
        #expect(try shown("@(\(numbers).OrderBy(x => x).First())") == "1:Int32")
        #expect(try shown("@(\(numbers).OrderByDescending(x => x).First())") == "8:Int32")
        #expect(try shown("@(string.Join(\",\", \(numbers).Where(x => x > 2).Select(x => x * 10)))") == "50,30,80:String")
        #expect(try shown("@(\(numbers).Sum() + \(numbers).Max() + \(numbers).Min())") == "26:Int32")
        #expect(try shown("@(\(numbers).Average())") == "4.25:Double")
        #expect(try shown("@(\(numbers).Any(x => x > 7) && \(numbers).All(x => x > 0))") == "True:Boolean")
        #expect(try shown("@(\(numbers).Skip(1).Take(2).Last())") == "8:Int32")
        #expect(try shown("@(\(numbers).Contains(3))") == "True:Boolean")
        #expect(try shown("@(\(numbers).FirstOrDefault(x => x > 100))") == ":Object")
        #expect(failure("@(\(numbers).First(x => x > 100))") == "InvalidOperationException: Sequence contains no matching element")
        #expect(failure("@(new List<int>().First())") == "InvalidOperationException: Sequence contains no elements")
        #expect(failure("@(\(numbers).Single(x => x > 2))") == "InvalidOperationException: Sequence contains more than one matching element")
        #expect(try shown("@(new[] { 1, 1, 2 }.Distinct().Count())") == "2:Int32")
        #expect(try shown("@(new[] { \"b\", \"a\", \"c\" }.OrderBy(s => s).ToArray()[0])") == "a:String")
        #expect(try shown("@(new[] { new[] { 1, 2 }, new[] { 3 } }.SelectMany(a => a).Count())") == "3:Int32")
        #expect(try shown("@(new[] { \"ab\", \"c\", \"de\" }.GroupBy(s => s.Length).Count())") == "2:Int32")
        #expect(try shown("@(new[] { \"x\", \"y\" }.ToDictionary(s => s, s => s.ToUpper())[\"y\"])") == "Y:String")
        #expect(try shown("@(new[] { 1, 2, 3 }.Aggregate((a, b) => a * b))") == "6:Int32")
        #expect(try shown("@(new[] { 1, 2 }.Concat(new[] { 3 }).ToList().Count)") == "3:Int32")
        #expect(try shown("@(new[] { \"b2\", \"a2\", \"a1\" }.OrderBy(s => s[0]).ThenBy(s => s[1]).First())") == "a1:String")
        #expect(failure("@(new[] { int.MaxValue, 1 }.Sum())") == "OverflowException: Arithmetic operation resulted in an overflow.")
    }

    @Test func collections() throws {
        #expect(try shown(#"@{ var d = new Dictionary<string, int>(); d["a"] = 1; d["a"] = 2; d.Add("b", 3); return d["a"] + d.Count; }"#) == "4:Int32")
        #expect(failure(#"@{ var d = new Dictionary<string, int>(); d.Add("a", 1); d.Add("a", 2); return 0; }"#) == "ArgumentException: An item with the same key has already been added. Key: a")
        #expect(failure(#"@(new Dictionary<string, int>()["missing"])"#) == "KeyNotFoundException: The given key 'missing' was not present in the dictionary.")
        #expect(try shown(#"@{ var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Key"] = "v" }; return d.ContainsKey("KEY"); }"#) == "True:Boolean")
        #expect(try shown(#"@{ var d = new Dictionary<string, int> { ["a"] = 1 }; return d.TryGetValue("a", out var v) ? v : -1; }"#) == "1:Int32")
        #expect(try shown(#"@{ var s = new HashSet<string>(); s.Add("a"); return s.Add("a"); }"#) == "False:Boolean")
        #expect(try shown(#"@{ var l = new List<string> { "a", "b" }; l.Insert(0, "z"); l.Remove("a"); return string.Join("", l); }"#) == "zb:String")
        #expect(failure("@(new List<int>()[0])") == "ArgumentOutOfRangeException: Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')")
        #expect(failure("@(new int[2][2])") == "IndexOutOfRangeException: Index was outside the bounds of the array.")
        #expect(try shown(#"@{ var d = new Dictionary<string, int> { ["x"] = 1, ["y"] = 2 }; var keys = ""; foreach (var kv in d) { keys += kv.Key + kv.Value; } return keys; }"#) == "x1y2:String")
    }

    @Test func dateTimeAndTimeSpan() throws {
        let context = PolicyContext(timestamp: DateTimeValue(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5, kind: .utc) ?? DateTimeValue(ticks: 0))
        #expect(try shown(#"@(DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"))"#, context) == "2026-01-02T03:04:05Z:String")
        #expect(try shown(#"@(DateTime.UtcNow.ToString("o"))"#, context) == "2026-01-02T03:04:05.0000000Z:String")
        #expect(try shown(#"@(context.Timestamp.AddDays(30).Month)"#, context) == "2:Int32")
        #expect(try shown(#"@(DateTimeOffset.UtcNow.ToUnixTimeSeconds())"#, context) == "1767323045:Int64")
        #expect(try shown(#"@(DateTimeOffset.FromUnixTimeSeconds(0).UtcDateTime.Year)"#) == "1970:Int32")
        #expect(try shown(#"@((DateTime.Parse("2026-01-02T00:00:00Z") - DateTime.Parse("2026-01-01T12:00:00Z")).TotalHours)"#) == "12:Double")
        #expect(try shown(#"@(TimeSpan.FromMinutes(90).ToString())"#) == "01:30:00:String")
        #expect(try shown(#"@(TimeSpan.FromSeconds(1.5).TotalMilliseconds)"#) == "1500:Double")
        #expect(try shown(#"@(new TimeSpan(1, 2, 3, 4).ToString())"#) == "1.02:03:04:String")
        #expect(try shown(#"@(new DateTime(2024, 2, 29).AddYears(1).Day)"#) == "28:Int32")
        #expect(try shown(#"@(context.Elapsed.TotalSeconds)"#, context) == "0:Double")
    }

    @Test func guidAndRandomAreSeeded() throws {
        let first = try evaluate("@(Guid.NewGuid().ToString())", PolicyContext(random: SeededRandom(seed: 7)))
        let second = try evaluate("@(Guid.NewGuid().ToString())", PolicyContext(random: SeededRandom(seed: 7)))
        #expect(first.dotNetString == second.dotNetString)
        #expect(first.dotNetString.count == 36)
        #expect(Array(first.dotNetString)[14] == "4") // version 4
        #expect(try shown(#"@(new Random().Next(10) < 10)"#) == "True:Boolean")
        #expect(try shown(#"@(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").ToString("N"))"#) == "0f8fad5bd9cb469fa16570867728950e:String")
    }

    @Test func jsonObjects() throws {
        let context = sampleContext()
        let body = #"@{ var body = context.Request.Body.As<JObject>(preserveContent: true); body["max_tokens"] = 50; body.Remove("model"); return body.ToString(Newtonsoft.Json.Formatting.None); }"#
        #expect(try shown(body, context) == #"{"messages":[{"role":"user","content":"hi"}],"max_tokens":50}:String"#)
        #expect(try shown(#"@((int)context.Request.Body.As<JObject>(true)["max_tokens"] + 1)"#, context) == "101:Int32")
        #expect(try shown(#"@((string)context.Request.Body.As<JObject>(true).SelectToken("messages[0].role"))"#, context) == "user:String")
        #expect(try shown(#"@(context.Request.Body.As<JObject>(true)["missing"] == null)"#, context) == "True:Boolean")
        #expect(try shown(#"@(context.Request.Body.As<JObject>(true).Value<string>("model"))"#, context) == "gpt-4:String")
        #expect(try shown(#"@(new JObject(new JProperty("a", 1), new JProperty("b", new JArray(1, 2))).ToString(Newtonsoft.Json.Formatting.None))"#) == #"{"a":1,"b":[1,2]}:String"#)
        #expect(try shown(#"@(JsonConvert.SerializeObject(new { ok = true }))"#) == #"{"ok":true}:String"#)
        #expect(try shown(#"@(JArray.Parse("[1,2,3]").Count)"#) == "3:Int32")
        #expect(failure(#"@(JObject.Parse("[1]"))"#).hasPrefix("JsonReaderException: Error reading JObject from JsonReader."))
        #expect(try shown(#"@(new JObject(new JProperty("n", "v")).ToString())"#) == "{\r\n  \"n\": \"v\"\r\n}:String")
    }

    @Test func jwtAndBasic() throws {
        // {"alg":"none"} . {"sub":"alice","aud":["api","web"],"exp":1767225600,"iss":"https://issuer"}
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSIsImF1ZCI6WyJhcGkiLCJ3ZWIiXSwiZXhwIjoxNzY3MjI1NjAwLCJpc3MiOiJodHRwczovL2lzc3VlciJ9."
        let context = sampleContext()
        context.request.headers.set("Authorization", ["Bearer " + token])
        // Like APIM, AsJwt does not strip the scheme: policies split it off first.
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt() == null)"#, context) == "True:Boolean")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(' ').Last().AsJwt()?.Subject)"#, context) == "alice:String")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(' ')[1].AsJwt().Audiences.Last())"#, context) == "web:String")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(' ')[1].AsJwt().ExpirationTime.Value.Year)"#, context) == "2026:Int32")
        #expect(try shown(#"@(context.Request.Headers.GetValueOrDefault("Authorization", "").Split(' ')[1].AsJwt().Claims.GetValueOrDefault("aud", ""))"#, context) == "api,web:String")
        #expect(try shown(#"@("not a jwt".TryParseJwt(out var jwt) ? "valid" : "invalid")"#) == "invalid:String")
        #expect(try shown(#"@("Basic dXNlcjpwYXNz".AsBasic().Password)"#) == "pass:String")
        #expect(try shown(#"@(((string)null).AsJwt() == null)"#) == "True:Boolean")
    }

    @Test func hashingEncodingAndWeb() throws {
        let hmac = #"@{ using (var h = new HMACSHA256(Encoding.UTF8.GetBytes("key"))) { return Convert.ToBase64String(h.ComputeHash(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"))); } }"#
        #expect(try shown(hmac) == "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=:String")
        #expect(try shown(#"@(System.Net.WebUtility.UrlEncode("a b&c=d/é"))"#) == "a+b%26c%3Dd%2F%C3%A9:String")
        #expect(try shown(#"@(System.Net.WebUtility.UrlDecode("a+b%26c"))"#) == "a b&c:String")
        #expect(try shown(#"@(Uri.EscapeDataString("a b/c"))"#) == "a%20b%2Fc:String")
        #expect(try shown(#"@(System.Net.WebUtility.HtmlEncode("<a href='x'>"))"#) == "&lt;a href=&#39;x&#39;&gt;:String")
        #expect(try shown(#"@(new Uri("https://example.com:8443/a/b?q=1").Port)"#) == "8443:Int32")
        #expect(try shown(#"@(BitConverter.ToString(new byte[] { 1, 171, 255 }))"#) == "01-AB-FF:String")
        #expect(try shown(#"@(Regex.Match("max-age=3600", @"max-age=(?<age>\d+)").Groups["age"].Value)"#) == "3600:String")
        #expect(try shown(#"@(Regex.IsMatch("ABC", "^[a-z]+$", RegexOptions.IgnoreCase))"#) == "True:Boolean")
        #expect(try shown(##"@(Regex.Replace("a1b22", @"\d+", "#"))"##) == "a#b#:String")
        #expect(try shown(#"@(Regex.Matches("a1b2c3", @"\d").Count)"#) == "3:Int32")
        #expect(try shown(#"@{ var sb = new StringBuilder(); sb.Append("a").Append(1).AppendLine(); sb.AppendFormat("{0}!", "b"); return sb.ToString(); }"#) == "a1\r\nb!:String") // Environment.NewLine of the Windows-hosted gateway
    }
}

@Suite struct DateParsingTests {
    @Test func parseExactHonoursTheFormat() throws {
        #expect(try shown(#"@(DateTime.ParseExact("02/01/2026", "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture).Month)"#) == "1:Int32")
        #expect(failure(#"@(DateTime.ParseExact("2026-01-02", "dd/MM/yyyy", null))"#).hasPrefix("FormatException"))
        #expect(try shown(#"@(DateTime.TryParse("not a date", out var d) ? "yes" : "no")"#) == "no:String")
        #expect(try shown(#"@(DateTimeOffset.Parse("2026-01-02T03:04:05+02:00").ToUnixTimeSeconds())"#) == "1767315845:Int64")
        #expect(try shown(#"@(TimeSpan.Parse("1.02:03:04").TotalHours)"#) == "26.051111111111112:Double")
        #expect(try shown(#"@(Convert.ToDateTime("2026-03-04").Day)"#) == "4:Int32")
    }
}
