import PolicyExpressions

/// Fills `context.Api`, `.Subscription`, `.Deployment`, … from the scenario's `context:` map.
enum ScenarioContextBuilder {
    static func apply(_ values: ScenarioContext, to context: PolicyContext) {
        func read(_ map: [String: String]?, _ key: String) -> String? {
            guard let map else { return nil }
            if let value = map[key] { return value }
            return map.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        if let api = values.api {
            context.api = ApiData(
                id: read(api, "id") ?? read(api, "name") ?? "", name: read(api, "name") ?? "", path: read(api, "path") ?? "",
                revision: read(api, "revision") ?? "1", serviceUrl: read(api, "serviceUrl"), version: read(api, "version"))
        }
        if let operation = values.operation {
            context.operation = OperationData(
                id: read(operation, "id") ?? read(operation, "name") ?? "", method: read(operation, "method") ?? context.request.method,
                name: read(operation, "name") ?? "", urlTemplate: read(operation, "urlTemplate") ?? "/")
        }
        if let product = values.product {
            context.product = ProductData(id: read(product, "id") ?? read(product, "name") ?? "", name: read(product, "name") ?? "")
        }
        if let subscription = values.subscription {
            context.subscription = SubscriptionData(
                id: read(subscription, "id") ?? "", key: read(subscription, "key") ?? "", name: read(subscription, "name") ?? "",
                primaryKey: read(subscription, "primaryKey"), secondaryKey: read(subscription, "secondaryKey") ?? "")
        }
        if let user = values.user {
            context.user = UserData(
                id: read(user, "id") ?? "", email: read(user, "email") ?? "", firstName: read(user, "firstName") ?? "",
                lastName: read(user, "lastName") ?? "")
        }
        if let deployment = values.deployment {
            context.deployment = DeploymentData(
                region: read(deployment, "region") ?? "West Europe", serviceName: read(deployment, "serviceName") ?? "apim-simulated",
                serviceId: read(deployment, "serviceId") ?? "", gatewayId: read(deployment, "gatewayId") ?? "managed")
        }
        if let certificate = values.clientCertificate {
            let arrived = (context.timestamp.ticks &- Ticks.unixEpoch) / Ticks.perMillisecond
            context.request.certificate = ClientCertificateObject(certificate, arrivedUnixMilliseconds: arrived)
        }
        if let workspace = values.workspace {
            context.workspace = WorkspaceData(id: read(workspace, "id") ?? "", name: read(workspace, "name") ?? "")
        }
    }
}
