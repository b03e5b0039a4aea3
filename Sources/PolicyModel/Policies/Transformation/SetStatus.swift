import PolicySource

// `<set-status>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Transformation/SetStatus.swift.

extension PolicyCatalog {
    static let setStatus = PolicySpec(
        "set-status", category: .transformation, sections: .all,
        attributes: [
            .req("code", .integer(min: 100, max: 599)),
            .opt("reason"),
        ],
        reference: learn("set-status-policy"),
        summary: "Sets the HTTP status code (and reason phrase)."
    )
}

/// `<set-status code reason>`.
public struct SetStatus: Sendable {
    public var code: PolicyValue?
    public var reason: PolicyValue?
}

extension PolicyUnit {
    /// `<set-status>`: its catalog entry and typed reading.
    static let setStatus = PolicyUnit(PolicyCatalog.setStatus) { element in
        return .setStatus(SetStatus(code: element["code"], reason: element["reason"]))
    }
}
