import Foundation
import PolicyExpressions
import PolicyModel

// The simulation of `<llm-content-safety>`; its catalog entry and typed reading: PolicyModel/Policies/AI/LLMContentSafety.swift.

extension RequestExecution {
    /// Sends the prompt to the content-safety backend (a scripted backend id) and blocks with 403
    /// when its answer reports a category at or above its threshold, a blocklist match, or
    /// (with `shield-prompt`) a detected attack.
    func runContentSafety(_ safety: LLMContentSafety, _ policy: Policy) throws {
        let backendID = try text(safety.backendId, in: policy) ?? ""
        let shieldPrompt = try bool(safety.shieldPrompt, default: false, in: policy)
        var thresholds: [String: Int] = [:]
        var categoryNames: [String] = []
        for category in safety.categories {
            let name = try text(category.name, in: policy) ?? ""
            categoryNames.append(name)
            thresholds[name.lowercased()] = try integer(category.threshold, default: 0, in: policy)
        }
        let blocklists = safety.blocklists.map(\.text)
        let start = now
        let url = (program.backends[backendID]?.url ?? "https://\(backendID)") + "/contentsafety/text:analyze"
        let outcome = try call(backendID, OutgoingCall(method: "POST", url: url), timeout: 30_000, scope: .completeResponse, policy: policy)
        advance(by: outcome.durationMilliseconds)
        forwarding.attempts.append(BackendAttempt(atMilliseconds: start, backend: backendID, method: "POST",
            url: url,
            status: outcome.status, error: outcome.error, durationMilliseconds: outcome.durationMilliseconds))
        if let error = outcome.error {
            record(.attempt, policy, "\(backendID): content safety check → \(error)")
            throw PolicyFailure(source: policy.name, reason: error, message: outcome.message ?? Self.message(forError: error, timeout: 30_000))
        }
        let status = outcome.status ?? 200
        guard (200..<300).contains(status) else {
            record(.attempt, policy, "\(backendID): content safety check → \(status)")
            throw PolicyFailure(source: policy.name, reason: "ContentSafetyServiceError",
                message: "The content safety service \(backendID) answered \(status)")
        }
        var findings: [String] = []
        let body = outcome.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
        for analysis in body?["categoriesAnalysis"] as? [[String: Any]] ?? [] {
            guard let category = analysis["category"] as? String, let severity = (analysis["severity"] as? NSNumber)?.intValue else { continue }
            if let threshold = thresholds[category.lowercased()], severity >= threshold {
                findings.append("\(category) severity \(severity) ≥ \(threshold)")
            }
        }
        for match in body?["blocklistsMatch"] as? [[String: Any]] ?? [] {
            findings.append("blocklist \(match["blocklistName"] as? String ?? "?")")
        }
        if shieldPrompt {
            let user = (body?["userPromptAnalysis"] as? [String: Any])?["attackDetected"] as? Bool ?? false
            let documents = (body?["documentsAnalysis"] as? [[String: Any]] ?? []).contains { $0["attackDetected"] as? Bool ?? false }
            if user || documents { findings.append("prompt attack detected") }
        }
        let checked = "categories \(categoryNames.joined(separator: ", "))\(blocklists.isEmpty ? "" : "; blocklists \(blocklists.joined(separator: ", "))")\(shieldPrompt ? "; shield-prompt" : "")"
        guard findings.isEmpty else {
            record(.attempt, policy, "\(backendID): content safety check (\(checked)) → blocked: \(findings.joined(separator: "; "))")
            let message = "Request blocked by content safety: \(findings.joined(separator: "; "))"
            context.response.headers = HeaderDictionary([("Content-Type", ["application/json"])])
            context.response.body = MessageBody(text: "{ \"statusCode\": 403, \"message\": \"\(message)\" }")
            throw PolicyFailure(source: policy.name, reason: "ContentSafetyBlocked", message: message, status: 403, statusReason: "Forbidden")
        }
        record(.attempt, policy, "\(backendID): content safety check (\(checked)) → passed in \(outcome.durationMilliseconds)ms")
    }
}
