import PolicyExpressions
import PolicyModel

// The simulation of `<invoke-dapr-binding>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/InvokeDaprBinding.swift.

extension RequestExecution {
    /// `<invoke-dapr-binding name operation …>` with `<metadata><item key>` and `<data>`. The
    /// binding answers with the scenario's script for its name, else 200 with no body.
    func runInvokeDaprBinding(_ binding: InvokeDaprBinding, _ policy: Policy) throws {
        let name = try text(binding.name, in: policy) ?? ""
        let operation = try text(binding.operation, in: policy) ?? ""
        let ignoreError = try bool(binding.ignoreError, default: false, in: policy)
        let metadata = try keyedTexts(binding.metadata, policy)
        let data = try text(binding.data, in: policy) ?? ""
        let shownMetadata = metadata.isEmpty ? "" : " {\(metadata.joined(separator: ", "))}"
        let scripted = gateway.responses[name] != nil || gateway.responses[name.lowercased()] != nil
        var outcome = CallOutcome(status: 200, reason: "OK", headers: [], body: nil, error: nil, durationMilliseconds: 0)
        if scripted {
            let timeout = Int64(try seconds(binding.timeout, default: 5, in: policy) * 1000)
            let start = now
            let url = "http://localhost:3500/v1.0/bindings/\(name)"
            outcome = try call(name, OutgoingCall(method: "POST", url: url, bodyText: data), timeout: timeout, scope: .completeResponse, policy: policy)
            advance(by: outcome.durationMilliseconds)
            forwarding.attempts.append(BackendAttempt(atMilliseconds: start, backend: name, method: "POST", url: url,
                status: outcome.status, error: outcome.error, durationMilliseconds: outcome.durationMilliseconds))
        }
        let result = outcome.error ?? "\(outcome.status ?? 200)\(scripted ? "" : " (not scripted)")"
        record(.policy, policy, "dapr binding \(name) operation \(operation)\(shownMetadata) ← \(Self.oneLine(data)) → \(result)")
        if let error = outcome.error {
            if ignoreError { return }
            throw PolicyFailure(source: policy.name, reason: error, message: outcome.message ?? Self.message(forError: error, timeout: 5000))
        }
        if let variable = try text(binding.responseVariableName, in: policy) {
            context.variables.set(variable, .object(ResponseData(
                statusCode: Int32(clamping: outcome.status ?? 200), statusReason: outcome.reason,
                headers: HeaderDictionary(outcome.headers.map { ($0.name, [$0.value]) }),
                body: outcome.body.map { MessageBody(text: $0) })))
        }
    }
}
