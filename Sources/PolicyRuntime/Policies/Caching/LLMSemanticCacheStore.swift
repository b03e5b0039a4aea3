import PolicyExpressions
import PolicyModel

// The simulation of `<llm-semantic-cache-store>` and `<azure-openai-semantic-cache-store>` (the same policy for Azure OpenAI); its catalog entry and typed reading: PolicyModel/Policies/Caching/LLMSemanticCacheStore.swift.

extension RequestExecution {
    func semanticCacheStore(_ store: SemanticCacheStore, _ policy: Policy) throws {
        let seconds = try self.seconds(store.duration, default: 0, in: policy)
        guard let key = content.semanticCacheKey else {
            record(.policy, policy, "nothing stored: no semantic cache lookup missed for this request")
            return
        }
        let status = Int(context.response.statusCode)
        guard status == 200 else {
            record(.policy, policy, "status \(status) is not stored (only 200 OK completions are cached)")
            return
        }
        let milliseconds = Int64(min(max(0, seconds), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        let response = context.response
        gateway.store.responses[key] = (status, response.statusReason, response.headers.entries.map { ($0.name, $0.values) },
                                        response.body?.bytes ?? [], now &+ milliseconds)
        record(.policy, policy, "completion stored in the semantic cache for \(milliseconds)ms")
    }
}
