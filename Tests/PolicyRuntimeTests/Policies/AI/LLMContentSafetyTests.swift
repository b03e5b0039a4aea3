import Testing
@testable import PolicyRuntime

/// The simulation of the unit `Policies/AI/LLMContentSafety.swift`.
@Suite struct LLMContentSafetyTests {
    @Test func contentSafetyBlocksAtTheThresholdAndPassesBelowIt() throws {
        let policy = policies(inbound: """
            <llm-content-safety backend-id="safety" shield-prompt="true">
              <categories output-type="FourSeverityLevels"><category name="Hate" threshold="4" /></categories>
            </llm-content-safety>
            """)
        let trace = try run(policy, requests: [request("POST", body: "{}", repeat: 3)], responses: [
            "safety": [
                answer(200, body: #"{"categoriesAnalysis":[{"category":"Hate","severity":2}]}"#),
                answer(200, body: #"{"categoriesAnalysis":[{"category":"Hate","severity":4}]}"#),
                answer(200, body: #"{"categoriesAnalysis":[],"userPromptAnalysis":{"attackDetected":true}}"#),
            ],
            "*": [answer(200)],
        ])
        #expect(trace.requests.map(\.response.status) == [200, 403, 403])
        #expect(trace.requests[1].lastError?.reason == "ContentSafetyBlocked")
        #expect(trace.requests[1].lastError?.message == "Request blocked by content safety: Hate severity 4 ≥ 4")
        #expect(trace.requests[2].lastError?.message == "Request blocked by content safety: prompt attack detected")
        #expect(trace.requests[0].attempts.map(\.backend).first == "safety")
    }
}
