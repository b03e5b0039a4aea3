import PolicyExpressions
import PolicyModel

// The simulation of `<return-response>`; its catalog entry and typed reading: PolicyModel/Policies/Flow/ReturnResponse.swift.

extension RequestExecution {
    func returnResponse(_ response: ReturnResponse, _ policy: Policy) throws {
        if let variable = response.responseVariableName?.text {
            if case .object(let object)? = context.variables.get(variable), let stored = object as? ResponseData {
                context.response = ResponseData(statusCode: stored.statusCode, statusReason: stored.statusReason,
                    headers: HeaderDictionary(stored.headers.entries.map { ($0.name, $0.values) }), body: stored.body.map { MessageBody(bytes: $0.bytes) })
            } else {
                throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                    message: "Expression evaluation failed. Variable '\(variable)' does not hold a response.")
            }
        } else {
            context.response = ResponseData(statusCode: 200, statusReason: "OK")
        }
        let parts = response.parts
        if let status = parts.setStatus { try setStatus(status, policy) }
        for header in parts.headers { try setHeader(header, policy, onRequest: false) }
        if let body = parts.body { try setBody(body, policy, onRequest: false) }
        record(.policy, policy, "returns \(context.response.statusCode) \(context.response.statusReason); the rest of the pipeline is skipped")
        throw ResponseReturned()
    }
}
