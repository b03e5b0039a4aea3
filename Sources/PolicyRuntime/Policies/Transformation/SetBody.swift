import PolicyExpressions
import PolicyModel

// The simulation of `<set-body>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/SetBody.swift.

extension RequestExecution {
    func setBody(_ body: SetBody, _ policy: Policy, onRequest: Bool) throws {
        let template = try text(body.template, in: policy)?.lowercased()
        var content: String
        if template == "liquid" {
            content = try renderLiquid(body, policy, onRequest: onRequest)
        } else {
            content = try text(body.body, in: policy) ?? ""
        }
        if let xsiNil = try text(body.xsiNil, in: policy)?.lowercased(), xsiNil == "blank" || xsiNil == "null" { content = "" }
        let message = MessageBody(text: content)
        if onRequest { context.request.body = message } else { context.response.body = message }
        record(.policy, policy, "\(onRequest ? "request" : "response") body set (\(content.utf8.count) bytes)")
    }
}
