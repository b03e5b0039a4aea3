import PolicyExpressions
import PolicyModel

// The simulation of `<publish-to-dapr>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/PublishToDapr.swift.

extension RequestExecution {
    /// `<publish-to-dapr pubsub-name topic …>message</publish-to-dapr>`; the sidecar answers 204.
    func runPublishToDapr(_ policy: Policy) throws {
        let element = policy.element
        let pubsub = try text(element["pubsub-name"], in: policy) ?? ""
        let topic = try text(element["topic"], in: policy) ?? ""
        let contentType = try text(element["content-type"], in: policy) ?? "application/json"
        let message = try text(element.text, in: policy) ?? ""
        if let variable = try text(element["response-variable-name"], in: policy) {
            context.variables.set(variable, .object(ResponseData(statusCode: 204, statusReason: "No Content", headers: HeaderDictionary(), body: nil)))
        }
        record(.policy, policy, "dapr pub/sub \(pubsub) topic \(topic) (\(contentType)) ← \(Self.oneLine(message))")
    }
}
