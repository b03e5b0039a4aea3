import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<check-header>`; its catalog entry and typed reading: PolicyModel/Policies/Auth/CheckHeader.swift.

extension RequestExecution {
    func checkHeader(_ check: CheckHeader, _ policy: Policy) throws {
        let name = try text(check.name, in: policy) ?? ""
        let status = try integer(check.failedCheckHttpCode, default: 401, in: policy)
        let message = try text(check.failedCheckErrorMessage, in: policy) ?? ""
        let ignoreCase = try bool(check.ignoreCase, default: false, in: policy)
        let allowed = try texts(check.values, in: policy)
        guard let values = context.request.headers.values(name) else {
            record(.policy, policy, "header \(name) is missing → \(status)")
            throw accessFailure(policy, status: status, reason: "HeaderNotFound",
                message: "Header \(name) was not found in the request. Access denied.", publicMessage: message)
        }
        if allowed.isEmpty {
            record(.policy, policy, "header \(name) is present")
            return
        }
        // A header sent several times, or with comma-separated values, passes when any value is allowed.
        let candidates = values + values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let matched = candidates.first { candidate in
            allowed.contains { ignoreCase ? $0.lowercased() == candidate.lowercased() : $0 == candidate }
        }
        if let matched {
            record(.policy, policy, "header \(name) value \"\(matched)\" is allowed")
            return
        }
        let shown = values.joined(separator: ",")
        record(.policy, policy, "header \(name) value \"\(shown)\" is not one of the \(allowed.count) allowed value\(allowed.count == 1 ? "" : "s") → \(status)")
        throw accessFailure(policy, status: status, reason: "HeaderValueNotAllowed",
            message: "Header \(name) value of \(shown) is not allowed. Access denied.", publicMessage: message)
    }
}
