import PolicyExpressions
import PolicyModel

// The simulation of `<publish-to-dapr>`; its catalog entry and typed reading: PolicyModel/Policies/Integration/PublishToDapr.swift.

extension RequestExecution {
    /// `<publish-to-dapr pubsub-name topic …>message</publish-to-dapr>`; the sidecar answers 204.
    func runPublishToDapr(_ publish: PublishToDapr, _ policy: Policy) throws {
        let pubsub = try text(publish.pubsubName, in: policy) ?? ""
        let topic = try text(publish.topic, in: policy) ?? ""
        let contentType = try text(publish.contentType, in: policy) ?? "application/json"
        let message = try text(publish.message, in: policy) ?? ""
        if let variable = try text(publish.responseVariableName, in: policy) {
            context.variables.set(variable, .object(ResponseData(statusCode: 204, statusReason: "No Content", headers: HeaderDictionary(), body: nil)))
        }
        record(.policy, policy, "dapr pub/sub \(pubsub) topic \(topic) (\(contentType)) ← \(Self.oneLine(message))")
    }
}
