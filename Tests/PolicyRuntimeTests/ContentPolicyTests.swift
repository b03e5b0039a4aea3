import DotNet
import PolicyExpressions
import Testing

@testable import PolicyRuntime

/// Renders a template with `body` and extra globals; fails the test on template errors.
private func render(_ template: String, body: LiquidValue = .null, _ globals: [String: LiquidValue] = [:]) throws -> String {
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

@Suite("Content policies")
struct ContentPolicyTests {
    @Test func liquidBindsXmlBodyAndContext() throws {
        let trace = try run("""
            <policies><inbound>
                <set-variable name="v" value="var" />
                <set-body template="liquid">{{ body.envelope.body.item.name }}/{{ body.envelope.body.item.id }}/{{ context.Variables.v }}/{{ context.Request.Method }}/{{ context.Request.Url.Query.q }}</set-body>
                <return-response><set-body>@(context.Request.Body.As<string>())</set-body></return-response>
            </inbound></policies>
            """, requests: [request("POST", url: "https://apim.example/x?q=1", headers: [("Content-Type", "text/xml")],
                                    body: "<s:Envelope xmlns:s='urn:s'><s:Body><item id='7'><name>n</name></item></s:Body></s:Envelope>")])
        #expect(trace.requests.first?.response.body == "n/7/var/POST/1")
    }

    @Test func liquidSubstitutesDefinedNamedValuesOnly() throws {
        let trace = try run("""
            <policies><inbound>
                <return-response><set-body template="liquid">{{tenant}}-{{ context.Request.Method }}-[{{other.name}}]</set-body></return-response>
            </inbound></policies>
            """, namedValues: ["tenant": "contoso"])
        #expect(trace.requests.first?.response.body == "contoso-GET-[]")
    }

    @Test func liquidErrorFailsWithTheFileLine() throws {
        let trace = try run("""
            <policies><inbound>
                <set-body template="liquid">ok
            {% if x %}
            </set-body>
            </inbound></policies>
            """)
        let last = try #require(trace.requests.first?.lastError)
        #expect(last.reason == "LiquidTemplateError")
        #expect(last.message == "Liquid template error at line 3: 'if' is not closed with '{% endif %}'")
        #expect(trace.requests.first?.response.status == 500)
    }

    @Test func cacheHitSkipsBackendAndOutboundBeforeStore() throws {
        let policy = """
            <policies><inbound>
                <cache-lookup vary-by-developer="false" vary-by-developer-groups="false" />
                <set-backend-service base-url="https://b.example" />
            </inbound><backend><forward-request /></backend>
            <outbound>
                <set-header name="X-Before" exists-action="append"><value>1</value></set-header>
                <cache-store duration="10" />
                <set-header name="X-After" exists-action="override"><value>2</value></set-header>
            </outbound></policies>
            """
        let trace = try run(policy, requests: [request(), request(after: 5000), request(after: 6000)],
                            responses: ["b.example": [answer(200, body: "one"), answer(200, body: "two")]])
        #expect(trace.requests.map { $0.response.body } == ["one", "one", "two"])
        #expect(trace.requests.map { $0.attempts.count } == [1, 0, 1])
        #expect(trace.requests[1].header("X-Before") == "1")
        #expect(trace.requests[1].header("X-After") == "2")
    }

    @Test func cacheStoresOnly200UnlessCacheResponse() throws {
        let policy = """
            <policies><inbound>
                <cache-lookup vary-by-developer="false" vary-by-developer-groups="false" />
                <set-backend-service base-url="https://b.example" />
            </inbound><backend><forward-request /></backend>
            <outbound><cache-store duration="60" cache-response="CACHE" /></outbound></policies>
            """
        let plain = try run(policy.replacingOccurrences(of: "CACHE", with: "false"), requests: [request(), request()],
                            responses: ["b.example": [answer(404), answer(200)]])
        #expect(plain.requests.map { $0.response.status } == [404, 200])
        let forced = try run(policy.replacingOccurrences(of: "CACHE", with: "true"), requests: [request(), request()],
                             responses: ["b.example": [answer(404), answer(200)]])
        #expect(forced.requests.map { $0.response.status } == [404, 404])
    }

    @Test func corsPreflightAndActualRequest() throws {
        let policy = """
            <policies><inbound>
                <cors><allowed-origins><origin>https://a.example</origin></allowed-origins>
                      <allowed-headers><header>x-h</header></allowed-headers></cors>
                <return-response><set-status code="202" /></return-response>
            </inbound></policies>
            """
        let trace = try run(policy, requests: [
            request("OPTIONS", headers: [("Origin", "https://a.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "X-H")]),
            request("OPTIONS", headers: [("Origin", "https://a.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "X-Other")]),
            request("GET", headers: [("Origin", "https://a.example/")]),
            request("GET", headers: [("Origin", "https://b.example")]),
        ])
        #expect(trace.requests.map { $0.response.status } == [200, 200, 202, 200])
        #expect(trace.requests[0].header("Access-Control-Allow-Headers") == "X-H")
        #expect(trace.requests[1].header("Access-Control-Allow-Origin") == nil)
        #expect(trace.requests[2].header("Access-Control-Allow-Origin") == "https://a.example/")
        #expect(trace.requests[3].header("Access-Control-Allow-Origin") == nil)
    }

    @Test func jsonAndXmlConversions() throws {
        let xml = try JsonToXml.convert(#"{"a": {"b": [1, 2], "c": null, "@x": "y"}}"#,
                                        .init(parseDate: false, namespaceSeparator: "_", namespacePrefix: nil, attributeBlock: nil))
        #expect(xml == "<a>\n  <b>1</b>\n  <b>2</b>\n  <c />\n  <_x>y</_x>\n</a>")
        #expect(try JsonToXml.convert(#"{"a": 1, "b": "x<y"}"#, .init(parseDate: false, namespaceSeparator: "_", namespacePrefix: nil, attributeBlock: nil))
            == "<Document>\n  <a>1</a>\n  <b>x&lt;y</b>\n</Document>")
        #expect(XmlToJson.convert("<p:r xmlns:p='u' k='v'><p:i>1</p:i><p:i>2</p:i><e/></p:r>", direct: true, alwaysArray: false)
            == #"{"p:r":{"@xmlns:p":"u","@k":"v","p:i":["1","2"],"e":null}}"#)
        #expect(XmlToJson.convert("<p:r xmlns:p='u' k='v'><p:i>1</p:i><e/></p:r>", direct: false, alwaysArray: true)
            == #"{"r":{"k":"v","i":["1"],"e":[null]}}"#)
        #expect(XmlToJson.convert("<broken>", direct: true, alwaysArray: false) == nil)
    }

    @Test func badBodiesFailClearly() throws {
        let trace = try run("""
            <policies><inbound>
                <json-to-xml apply="always" consider-accept-header="false" />
            </inbound></policies>
            """, requests: [request("POST", headers: [("Content-Type", "application/json")], body: "{not json")])
        #expect(trace.requests.first?.lastError?.reason == "JsonToXmlConversionFailure")
        let xml = try run("""
            <policies><outbound>
                <set-body>&lt;a&gt;</set-body>
                <xml-to-json kind="direct" apply="always" consider-accept-header="false" />
            </outbound></policies>
            """)
        #expect(xml.requests.first?.lastError?.reason == "XmlToJsonConversionFailure")
    }

    /// apply=content-type-…, the caller's Accept header and an empty body each leave the body
    /// alone, with an event that says which.
    @Test func conversionsSayWhyTheyDidNotConvert() throws {
        let trace = try run("""
            <policies><inbound>
                <xml-to-json kind="direct" apply="content-type-xml" consider-accept-header="false" />
                <json-to-xml apply="always" consider-accept-header="true" />
                <xml-to-json kind="direct" apply="always" consider-accept-header="false" />
            </inbound></policies>
            """, requests: [
                request("POST", headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: "{}"),
                request("GET"),
            ])
        #expect(trace.requests[0].details(.policy).prefix(2) == [
            "Content-Type 'application/json' is not XML: not converted (apply=content-type-xml)",
            "the caller's Accept header does not ask for XML: not converted (consider-accept-header)",
        ])
        #expect(trace.requests[1].details(.policy).last == "no body: nothing converted")
    }

    /// json-to-xml escapes `&<>"` and keeps `'`; liquid's Escape also turns `'` into `&#39;`.
    @Test func markupEscapingOfBothUsers() throws {
        #expect(try JsonToXml.convert(#"{"a": "x'\"&<>"}"#, .init(parseDate: false, namespaceSeparator: "_", namespacePrefix: nil, attributeBlock: nil))
            == "<Document>\n  <a>x'&quot;&amp;&lt;&gt;</a>\n</Document>")
        #expect(try render(#"{{ "it's" | Escape }}|{{ 'say "hi"' | Escape }}"#) == "it&#39;s|say &quot;hi&quot;")
    }

    @Test func findAndReplaceAndJsonp() throws {
        let trace = try run("""
            <policies><inbound>
                <return-response><set-body>hello world, world</set-body></return-response>
            </inbound><outbound /></policies>
            """)
        #expect(trace.requests.first?.response.body == "hello world, world")
        let replaced = try run("""
            <policies><outbound>
                <set-body>{"w": "world"}</set-body>
                <find-and-replace from="world" to="earth" />
                <jsonp callback-parameter-name="cb" />
            </outbound></policies>
            """, requests: [request(url: "https://apim.example/x?cb=fn")])
        #expect(replaced.requests.first?.response.body == #"fn({"w": "earth"})"#)
    }
}
