import PolicyExpressions
import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Transformation/SetBody.swift`.
@Suite struct SetBodyTests {
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
}
