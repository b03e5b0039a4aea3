import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/Integration/EmitMetric.swift`.
@Suite struct EmitMetricTests {
    @Test func emitMetricAndEventHubAreRecordedWithoutWarnings() throws {
        let policy = policies(inbound: """
            <emit-metric name="calls" namespace="custom" value="2.5"><dimension name="API ID" /><dimension name="route" value="@(context.Request.Url.Path)" /></emit-metric>
            <log-to-eventhub logger-id="hub" partition-id="1">@("called " + context.Request.Method)</log-to-eventhub>
            <send-service-bus-message queue-name="orders" namespace="sb.example"><message-properties><message-property name="kind">new</message-property></message-properties><payload>@("{}")</payload></send-service-bus-message>
            <publish-to-dapr pubsub-name="bus" topic="t">hello</publish-to-dapr>
            <invoke-dapr-binding name="store" operation="create" response-variable-name="binding"><metadata><item key="k">v</item></metadata><data>payload</data></invoke-dapr-binding>
            """)
        let trace = try run(policy, responses: ["*": [answer(200)]], configure: withSubscription)
        let details = trace.requests[0].details(.policy)
        #expect(details.contains("metric custom/calls = 2.5 {API ID=echo-api, route=/api/items}"))
        #expect(details.contains("event hub logger 'hub' partition-id 1 ← called GET"))
        #expect(details.contains("service bus sb.example queue orders {kind=new} ← {}"))
        #expect(details.contains("dapr pub/sub bus topic t (application/json) ← hello"))
        #expect(details.contains("dapr binding store operation create {k=v} ← payload → 200 (not scripted)"))
        #expect(trace.requests[0].variable("binding") == "IResponse(200 OK)")
        #expect(trace.requests[0].details(.warning).isEmpty)
    }
}
