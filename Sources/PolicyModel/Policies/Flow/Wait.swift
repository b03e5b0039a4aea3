import PolicySource

// `<wait>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/Wait.swift.

extension PolicyCatalog {
    static let wait = PolicySpec(
        "wait", category: .flow, sections: [.inbound, .backend, .outbound],
        attributes: [.opt("for", .enumeration(["all", "any"]), default: "all")],
        // Learn: only send-request, cache-lookup-value and choose as immediate children.
        content: .policies,
        reference: learn("wait-policy"),
        summary: "Runs its child send-request, cache-lookup-value and choose policies in parallel and waits for all or any."
    )
}

/// `<wait for="all|any">` over its child policies.
public struct Wait: Sendable {
    public var waitFor: PolicyValue?
    public var policies: [Policy]
}

extension PolicyUnit {
    /// `<wait>`: its catalog entry and typed reading.
    static let wait = PolicyUnit(PolicyCatalog.wait) { element in
        return .wait(Wait(waitFor: element["for"], policies: element.policies))
    }
}
