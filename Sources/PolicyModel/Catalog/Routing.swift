extension PolicyCatalog {
    /// Routing: forward-request, set-backend-service, proxy.
    static let routing: [PolicySpec] = [
        PolicySpec(
            "forward-request", category: .routing, sections: .backend,
            attributes: [
                .opt("timeout", .integer(min: 0), default: "300"),
                .opt("timeout-ms", .integer(min: 0)),
                .opt("continue-timeout", .integer(min: 0)),
                .opt("http-version", .enumeration(["1", "2", "2or1"]), default: "1"),
                .opt("follow-redirects", .boolean, default: "false"),
                .opt("buffer-request-body", .boolean, default: "false"),
                .opt("buffer-response", .boolean, default: "true"),
                .opt("fail-on-error-status-code", .boolean, default: "false"),
            ],
            constraints: [.atMostOne(["timeout", "timeout-ms"])],
            reference: learn("forward-request-policy"),
            summary: "Forwards the request to the backend service of the request context."
        ),
        setBackendService,
        proxy,
    ]

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

    /// `proxy`: a policy in inbound, and a child element of send-request.
    static let proxy = PolicySpec(
        "proxy", category: .routing, sections: .inbound,
        attributes: [
            .req("url", .url),
            .opt("username"),
            .opt("password"),
        ],
        reference: learn("proxy-policy"),
        summary: "Routes forwarded requests through an HTTP proxy."
    )
}
