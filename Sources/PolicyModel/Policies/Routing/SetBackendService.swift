import PolicySource

// `<set-backend-service>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Routing/SetBackendService.swift.

extension PolicyCatalog {
    /// `set-backend-service`, including the Service Fabric (`sf-*`) and Dapr (`dapr-*`) forms.
    static let setBackendService = PolicySpec(
        "set-backend-service", category: .routing, sections: [.inbound, .backend],
        attributes: [
            .opt("base-url", .url),
            .opt("backend-id"),
            .opt("sf-partition-key"),
            // Shown in the page's Service Fabric example, not in its attribute table.
            .opt("sf-replica-type", .enumeration(["primary", "secondary"])),
            .opt("sf-resolve-condition"),
            .opt("sf-service-instance-name"),
            .opt("sf-listener-name"),
            // Dapr form (self-hosted gateway): backend-id="dapr" dapr-app-id=… dapr-method=…
            .opt("dapr-app-id"),
            .opt("dapr-method"),
            .opt("dapr-namespace"),
        ],
        constraints: [.exactlyOne(["base-url", "backend-id"])],
        reference: learn("set-backend-service-policy"),
        summary: "Changes the backend of the request to a base URL or a backend entity (possibly a pool)."
    )
}

/// `<set-backend-service base-url | backend-id>`.
public struct SetBackendService: Sendable {
    public var baseUrl: PolicyValue?
    public var backendId: PolicyValue?
}

extension PolicyUnit {
    /// `<set-backend-service>`: its catalog entry and typed reading.
    static let setBackendService = PolicyUnit(PolicyCatalog.setBackendService) { element in
        return .setBackendService(SetBackendService(baseUrl: element["base-url"], backendId: element["backend-id"]))
    }
}
