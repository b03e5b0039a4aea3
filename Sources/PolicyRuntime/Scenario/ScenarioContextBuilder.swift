import PolicyExpressions

/// Fills `context.Api`, `.Subscription`, `.Deployment`, … from the scenario's `context:` map. The
/// values are read once per scenario (`init`) and applied to every request's context (a class:
/// applying it copies nothing).
final class ScenarioContextBuilder {
    private(set) var api: ApiData?
    private(set) var operation: OperationData?
    /// The operation's method when the scenario names one; otherwise the request's method.
    private(set) var operationMethod: String?
    private(set) var product: ProductData?
    private(set) var subscription: SubscriptionData?
    private(set) var user: UserData?
    private(set) var deployment: DeploymentData?
    private(set) var workspace: WorkspaceData?
    private(set) var clientCertificate: ScenarioClientCertificate?

    init(_ values: ScenarioContext) {
        func read(_ map: [String: String]?, _ key: String) -> String? {
            guard let map else { return nil }
            if let value = map[key] { return value }
            return map.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        if let api = values.api {
            self.api = ApiData(
                id: read(api, "id") ?? read(api, "name") ?? "", name: read(api, "name") ?? "", path: read(api, "path") ?? "",
                revision: read(api, "revision") ?? "1", serviceUrl: read(api, "serviceUrl"), version: read(api, "version"))
        }
        if let operation = values.operation {
            operationMethod = read(operation, "method")
            self.operation = OperationData(
                id: read(operation, "id") ?? read(operation, "name") ?? "", method: operationMethod ?? "",
                name: read(operation, "name") ?? "", urlTemplate: read(operation, "urlTemplate") ?? "/")
        }
        if let product = values.product {
            self.product = ProductData(id: read(product, "id") ?? read(product, "name") ?? "", name: read(product, "name") ?? "")
        }
        if let subscription = values.subscription {
            self.subscription = SubscriptionData(
                id: read(subscription, "id") ?? "", key: read(subscription, "key") ?? "", name: read(subscription, "name") ?? "",
                primaryKey: read(subscription, "primaryKey"), secondaryKey: read(subscription, "secondaryKey") ?? "")
        }
        if let user = values.user {
            self.user = UserData(
                id: read(user, "id") ?? "", email: read(user, "email") ?? "", firstName: read(user, "firstName") ?? "",
                lastName: read(user, "lastName") ?? "")
        }
        if let deployment = values.deployment {
            self.deployment = DeploymentData(
                region: read(deployment, "region") ?? "West Europe", serviceName: read(deployment, "serviceName") ?? "apim-simulated",
                serviceId: read(deployment, "serviceId") ?? "", gatewayId: read(deployment, "gatewayId") ?? "managed")
        }
        clientCertificate = values.clientCertificate
        if let workspace = values.workspace {
            self.workspace = WorkspaceData(id: read(workspace, "id") ?? "", name: read(workspace, "name") ?? "")
        }
    }

    func apply(to context: PolicyContext) {
        if let api { context.api = api }
        if var operation {
            if operationMethod == nil { operation.method = context.request.method }
            context.operation = operation
        }
        if let product { context.product = product }
        if let subscription { context.subscription = subscription }
        if let user { context.user = user }
        if let deployment { context.deployment = deployment }
        if let workspace { context.workspace = workspace }
        if let clientCertificate {
            let arrived = (context.timestamp.ticks &- Ticks.unixEpoch) / Ticks.perMillisecond
            context.request.certificate = ClientCertificateObject(clientCertificate, arrivedUnixMilliseconds: arrived)
        }
    }
}
