import PolicyExpressions
import PolicyModel

// The simulation of `<trace>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/Trace.swift.

extension RequestExecution {
    func runTrace(_ trace: Trace, _ policy: Policy) throws {
        let source = try text(trace.source, in: policy) ?? ""
        let severity = try text(trace.severity, in: policy) ?? "verbose"
        var message = try text(trace.message, in: policy) ?? ""
        if trace.message == nil, let inline = policy.element.text { message = try text(inline, in: policy) ?? "" }
        var metadata: [String] = []
        for item in trace.metadata {
            metadata.append("\(try text(item.name, in: policy) ?? "")=\(try text(item.value, in: policy) ?? "")")
        }
        let suffix = metadata.isEmpty ? "" : " {" + metadata.joined(separator: ", ") + "}"
        record(.trace, policy, "[\(severity)] \(source): \(message)\(suffix)")
    }
}
