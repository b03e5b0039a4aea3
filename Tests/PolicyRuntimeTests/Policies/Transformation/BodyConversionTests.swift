import PolicyExpressions
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Transformation/BodyConversion.swift`.
@Suite struct BodyConversionTests {
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
