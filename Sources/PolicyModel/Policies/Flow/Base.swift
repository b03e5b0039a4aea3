// `<base>`: its catalog entry and typed reading; simulated in PolicyRuntime/Pipeline/RequestExecution.swift (runScopeSection).

extension PolicyCatalog {
    static let base = PolicySpec(
        "base", category: .flow, sections: .all,
        reference: learn("api-management-howto-policies#understanding-policy-configuration"),
        summary: "Runs the same section of the next broader scope at this point."
    )
}

extension PolicyUnit {
    /// `<base>`: its catalog entry and typed reading.
    static let base = PolicyUnit(PolicyCatalog.base) { element in
        return .base
    }
}
