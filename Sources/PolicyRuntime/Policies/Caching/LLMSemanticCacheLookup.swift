import DotNet
import PolicyExpressions
import PolicyModel

// The simulation of `<llm-semantic-cache-lookup>` and `<azure-openai-semantic-cache-lookup>` (the same policy for Azure OpenAI); its catalog entry and typed reading: PolicyModel/Policies/Caching/LLMSemanticCacheLookup.swift.

extension RequestExecution {
    func semanticCacheLookup(_ lookup: SemanticCacheLookup, _ policy: Policy) throws {
        let threshold = try text(lookup.scoreThreshold, in: policy) ?? ""
        let embeddings = try text(lookup.embeddingsBackendId, in: policy) ?? ""
        let ignoreSystem = try bool(lookup.ignoreSystemMessages, default: false, in: policy)
        let maxMessages = lookup.maxMessageCount == nil ? nil : try integer(lookup.maxMessageCount, default: 0, in: policy)
        var varyBy: [String] = []
        for value in lookup.varyBy { varyBy.append(try text(value, in: policy) ?? "") }
        let prompt = Self.normalisedPrompt(context.request.body, ignoreSystem: ignoreSystem, maxMessages: maxMessages)
        let key = "semantic|\(try text(lookup.cacheId, in: policy) ?? "")|\(varyBy.joined(separator: "|"))|\(prompt)"
        if let entry = gateway.store.responses[key], entry.expires > now {
            context.response = ResponseData(statusCode: Int32(clamping: entry.status), statusReason: entry.reason,
                headers: HeaderDictionary(entry.headers), body: MessageBody(bytes: entry.body))
            responseRelayed = true  // the stored response goes out with the headers it was stored with
            content.skipUntil = ["azure-openai-semantic-cache-store", "llm-semantic-cache-store"]
            record(.policy, policy, "semantic cache hit (simulated as an exact match of the normalised prompt; score-threshold \(threshold) not applied, embeddings backend '\(embeddings)' not called): cached \(entry.status) returned")
            throw CacheHit()
        }
        content.semanticCacheKey = key
        record(.policy, policy, "semantic cache miss for prompt \"\(prompt.prefix(80))\" (exact-match simulation; score-threshold \(threshold))")
    }

    /// The prompt a semantic cache compares: chat `messages` contents (or `prompt`), lower-cased,
    /// white space collapsed.
    static func normalisedPrompt(_ body: MessageBody?, ignoreSystem: Bool, maxMessages: Int?) -> String {
        guard let body, !body.bytes.isEmpty else { return "" }
        let text = String(decoding: body.bytes, as: UTF8.self)
        var pieces: [String] = []
        if let json = try? JToken.parse(text, parseDates: false) as? JObject {
            if let messages = json["messages"] as? JArray {
                var items = messages.values.compactMap { $0 as? JObject }
                if ignoreSystem { items.removeAll { ($0["role"] as? JValue)?.description == "system" } }
                if let maxMessages, maxMessages > 0 { items = Array(items.suffix(maxMessages)) }
                for item in items {
                    let role = (item["role"] as? JValue)?.description ?? ""
                    let content = item["content"].map { ($0 as? JValue)?.description ?? JToken.serializeObject($0) } ?? ""
                    pieces.append(role + ": " + content)
                }
            } else if let prompt = json["prompt"] {
                pieces.append((prompt as? JValue)?.description ?? JToken.serializeObject(prompt))
            } else {
                pieces.append(text)
            }
        } else {
            pieces.append(text)
        }
        return pieces.joined(separator: "\n").lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
