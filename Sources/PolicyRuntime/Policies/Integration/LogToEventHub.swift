import PolicyExpressions
import PolicyModel

// The simulation of `<log-to-eventhub>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/LogToEventHub.swift.

extension RequestExecution {
    /// `<log-to-eventhub logger-id partition-id partition-key>message</log-to-eventhub>`.
    func runLogToEventHub(_ policy: Policy) throws {
        let logger = try text(policy.element["logger-id"], in: policy) ?? ""
        var target = "event hub logger '\(logger)'"
        if let partition = try text(policy.element["partition-id"], in: policy) { target += " partition-id \(partition)" }
        if let key = try text(policy.element["partition-key"], in: policy) { target += " partition-key \"\(key)\"" }
        let message = try text(policy.element.text, in: policy) ?? ""
        record(.policy, policy, "\(target) ← \(Self.oneLine(message))")
    }
}
