import PolicyExpressions
import PolicyModel

// The simulation of `<log-to-eventhub>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/LogToEventHub.swift.

extension RequestExecution {
    /// `<log-to-eventhub logger-id partition-id partition-key>message</log-to-eventhub>`.
    func runLogToEventHub(_ log: LogToEventHub, _ policy: Policy) throws {
        let logger = try text(log.loggerId, in: policy) ?? ""
        var target = "event hub logger '\(logger)'"
        if let partition = try text(log.partitionId, in: policy) { target += " partition-id \(partition)" }
        if let key = try text(log.partitionKey, in: policy) { target += " partition-key \"\(key)\"" }
        let message = try text(log.message, in: policy) ?? ""
        record(.policy, policy, "\(target) ← \(Self.oneLine(message))")
    }
}
