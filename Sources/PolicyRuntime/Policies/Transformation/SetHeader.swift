import PolicyExpressions
import PolicyModel

// The simulation of `<set-header>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/SetHeader.swift.

extension RequestExecution {
    func setHeader(_ header: SetHeader, _ policy: Policy, onRequest: Bool) throws {
        let name = try text(header.name, in: policy) ?? ""
        let action = Self.existsAction(try text(header.existsAction, in: policy))
        let values = try texts(header.values, in: policy)
        let headers = onRequest ? context.request.headers : context.response.headers
        let exists = headers.apply(existsAction: action, name, values)
        // `skip` on a header that is there changes nothing: the traceparent stays the client's
        // (or the gateway's), and each attempt is a new span of its trace.
        if onRequest, name.utf8.count == 11, name.lowercased() == "traceparent", action != "delete", !(action == "skip" && exists) {
            forwarding.traceparentSetAt = (policy.location.line, position.file)
            forwarding.traceparentPending = true
        }
        guard recordsEvents else { return }
        let target = onRequest ? "request" : "response"
        let shown = action == "delete" ? "" : ": " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        record(.policy, policy, "\(target) header \(name) \(action)\(action == "skip" && exists ? " (exists, kept)" : "")\(shown)")
    }

    /// An `exists-action` value in lower case (`override` when absent); the four documented
    /// spellings are taken as they are.
    static func existsAction(_ text: String?) -> String {
        guard let text else { return "override" }
        switch text {
        case "override", "skip", "append", "delete": return text
        default: return lowercased(text)
        }
    }
}
