import DotNet
import PolicyExpressions
import Testing
@testable import PolicyRuntime


/// Renders a template with `body` and extra globals; fails the test on template errors.
func render(_ template: String, body: LiquidValue = .null, _ globals: [String: LiquidValue] = [:]) throws -> String {
    var all = globals
    all["body"] = body
    return try LiquidTemplate(parsing: template).render(all, now: DotNetDateTime.unixEpoch)
}

private func renderError(_ template: String) -> LiquidError? {
    do {
        _ = try LiquidTemplate(parsing: template).render(["body": .null], now: DotNetDateTime.unixEpoch)
        return nil
    } catch {
        return error
    }
}

private func json(_ text: String) throws -> LiquidValue { LiquidValue.from(try JToken.parse(text)) }

@Suite("Liquid engine")
struct LiquidEngineTests {
    @Test func outputsPathsIndexesAndSizes() throws {
        let body = try json(#"{"a": {"b": [10, 20, 30]}, "Name": "x"}"#)
        #expect(try render("{{ body.a.b[1] }}|{{ body.a.b.size }}|{{ body.a.b.first }}|{{ body.a.b.last }}|{{ body.name }}|{{ body['Name'] }}", body: body)
            == "20|3|10|30|x|x")
        #expect(try render("[{{ body.missing.deeper }}]", body: body) == "[]")
    }

    @Test func filtersChainWithArguments() throws {
        #expect(try render(#"{{ "abc" | Upcase | Append: "!" | Prepend: "<" }}"#) == "<ABC!")
        #expect(try render(#"{{ nothing | Default: "dflt" }}|{{ "" | Default: "e" }}|{{ "v" | Default: "x" }}"#) == "dflt|e|v")
        #expect(try render(#"{{ "a,b,c" | Split: "," | Join: "-" }}|{{ "a,b,c" | Split: "," | Size }}"#) == "a-b-c|3")
        #expect(try render("{{ 7 | Plus: 3 | Times: 2 | Minus: 1 | DividedBy: 4 }}|{{ 7 | Modulo: 4 }}|{{ 2.5 | Round }}") == "4|3|2")
        #expect(try render(#"{{ "Hello World" | Truncate: 8 }}|{{ "a b c d" | TruncateWords: 2 }}|{{ "x<b>y</b>" | StripHtml }}"#) == "Hello...|a b...|xy")
        #expect(try render(#"{{ "<a&b>" | Escape }}|{{ "a b&c" | UrlEncode }}|{{ "a+b%26c" | UrlDecode }}"#) == "&lt;a&amp;b&gt;|a+b%26c|a b&c")
        #expect(try render(#"{{ "2024-02-03T04:05:06Z" | Date: "dd/MM/yyyy HH:mm" }}|{{ "now" | Date: "yyyy" }}"#) == "03/02/2024 04:05|1970")
    }

    @Test func replaceUsesDotNetRegexAsDotLiquidDoes() throws {
        let body = try json(#"{"s": "say \"hi\"\nbye"}"#)
        #expect(try render(#"{{ body.s | Replace: '\n', '\n' | Replace: '"', '\"' }}"#, body: body) == #"say \"hi\"\nbye"#)
        #expect(try render(#"{{ "aaa" | ReplaceFirst: "a", "b" }}|{{ "a.b" | Remove: "." }}"#) == "baa|ab")
    }

    @Test func conditionsLoopsAndAssignments() throws {
        let body = try json(#"{"items": [{"n": 1}, {"n": 2}, {"n": 3}], "flag": false, "t": "abc"}"#)
        #expect(try render("{% for i in body.items %}{{ forloop.index }}:{{ i.n }}{% unless forloop.last %},{% endunless %}{% endfor %}", body: body) == "1:1,2:2,3:3")
        #expect(try render("{% for i in body.items limit: 2 offset: 1 %}{{ i.n }}{% endfor %}|{% for i in body.items reversed %}{{ i.n }}{% endfor %}", body: body) == "23|321")
        #expect(try render("{% for i in (1..5) %}{% if i == 2 %}{% continue %}{% endif %}{% if i > 3 %}{% break %}{% endif %}{{ i }}{% endfor %}") == "13")
        #expect(try render("{% for i in body.none %}x{% else %}empty{% endfor %}", body: body) == "empty")
        #expect(try render("{% if body.flag %}a{% elsif body.t contains 'b' and body.t.size == 3 %}b{% else %}c{% endif %}", body: body) == "b")
        #expect(try render("{% if body.t == empty %}e{% else %}n{% endif %}{% if body.missing %}m{% endif %}", body: body) == "n")
        #expect(try render("{% assign x = body.t | Upcase %}{% capture y %}[{{ x }}]{% endcapture %}{{ y }}", body: body) == "[ABC]")
        #expect(try render("{% case body.t %}{% when 'x', 'abc' %}hit{% else %}miss{% endcase %}", body: body) == "hit")
        #expect(try render("{% comment %}gone {{ x }}{% endcomment %}{% raw %}{{ kept }}{% endraw %}") == "{{ kept }}")
    }

    @Test func jsonArrayForJoinsItemsWithCommas() throws {
        let body = try json(#"{"list": [{"a": 1}, {"a": 2}], "one": {"a": 9}}"#)
        #expect(try render("[{% JSONArrayFor x in body.list %}{{ x.a }}{% endJSONArrayFor %}]", body: body) == "[1,2]")
        #expect(try render("[{% JSONArrayFor x in body.one %}{{ x.a }}{% endJSONArrayFor %}]", body: body) == "[9]")
        #expect(try render("[{% JSONArrayFor x in body.none %}{{ x.a }}{% endJSONArrayFor %}]", body: body) == "[]")
    }

    @Test func whitespaceControlStripsAdjacentWhiteSpace() throws {
        #expect(try render("a  \n {{- 'b' -}} \n  c") == "abc")
        #expect(try render("x\n  {%- if true -%}\n  y\n  {%- endif -%}\n z") == "xyz")
    }

    @Test func objectsIterateAsKeyValuePairs() throws {
        let headers = LiquidValue.object(LiquidObject([("Accept", .string("a")), ("Host", .string("h"))]))
        #expect(try render("{% for h in headers %}{{ h.Key }}={{ h.Value }};{% endfor %}", ["headers": headers]) == "Accept=a;Host=h;")
    }

    @Test func errorsNameWhereTheyAre() throws {
        let unknownFilter = try #require(renderError("line1\n{{ x | upcase }}"))
        #expect(unknownFilter.message.contains("unknown filter 'upcase'") && unknownFilter.message.contains("Upcase"))
        #expect(unknownFilter.offset == 6)
        #expect(renderError("{% if x %}no end")?.message == "'if' is not closed with '{% endif %}'")
        #expect(renderError("{{ x ")?.message == "'{{' is not closed with '}}'")
        #expect(renderError("{% endfor %}")?.message == "'endfor' has no matching opening tag")
        #expect(renderError("{% frobnicate %}")?.message == "unknown tag 'frobnicate'")
        #expect(renderError("{{ 1 | DividedBy: 0 }}")?.message.contains("division by zero") == true)
        #expect(renderError("{% for i in (1..99999999) %}{% endfor %}")?.message.contains("longer than") == true)
        #expect(renderError(String(repeating: "{% if true %}", count: 100))?.message.contains("nest deeper") == true)
        #expect(renderError("{% for i in (-9223372036854775808..9223372036854775807) %}{% endfor %}")?.message.contains("longer than") == true)
        #expect(renderError("{% if " + String(repeating: "a and ", count: 200) + "b %}{% endif %}")?.message.contains("more than 100") == true)
        #expect(renderError("{{ " + String(repeating: "a[", count: 100) + "0" + String(repeating: "]", count: 100) + " }}")?.message.contains("nests deeper") == true)
        #expect(try render("{% if false or true and true %}y{% endif %}") == "y")
        #expect(renderError("{{ 'x' | Replace: '(', 'y' }}")?.message.contains("not a valid .NET regular expression") == true)
    }
}
