import PolicyExpressions
import PolicyModel

// The simulation of `<jsonp>`; its catalog entry and typed reading: PolicyModel/Policies/CrossDomain/JSONP.swift.

extension RequestExecution {
    func jsonp(_ jsonp: JSONP, _ policy: Policy) throws {
        let parameter = try text(jsonp.callbackParameterName, in: policy) ?? ""
        guard let callback = context.request.url.query.first(where: { $0.0 == parameter })?.1.first, !callback.isEmpty else {
            record(.policy, policy, "no '\(parameter)' query parameter: the response is not wrapped")
            return
        }
        let body = context.response.body.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        context.response.body = MessageBody(text: callback + "(" + body + ")")
        context.response.headers.set("Content-Type", ["application/javascript"])
        record(.policy, policy, "response wrapped in \(callback)(…)")
    }
}
