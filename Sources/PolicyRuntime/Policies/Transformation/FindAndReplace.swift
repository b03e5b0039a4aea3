import PolicyExpressions
import PolicyModel

// The simulation of `<find-and-replace>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/FindAndReplace.swift.

extension RequestExecution {
    func findAndReplace(_ replace: FindAndReplace, _ policy: Policy) throws {
        let from = try text(replace.from, in: policy) ?? ""
        let to = try text(replace.to, in: policy) ?? ""
        let target = onRequestSide ? "request" : "response"
        guard let body = sectionBody, !from.isEmpty else {
            record(.policy, policy, "no \(target) body: nothing replaced")
            return
        }
        let original = String(decoding: body.bytes, as: UTF8.self)
        let count = original.components(separatedBy: from).count - 1
        sectionBody = MessageBody(text: original.replacingOccurrences(of: from, with: to))
        record(.policy, policy, "\(target) body: \(count) occurrence\(count == 1 ? "" : "s") of \"\(from)\" replaced with \"\(to)\"")
    }
}
