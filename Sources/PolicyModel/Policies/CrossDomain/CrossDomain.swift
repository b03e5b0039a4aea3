// `<cross-domain>`: its catalog entry; simulated in PolicyRuntime/Policies/CrossDomain/CrossDomain.swift.

extension PolicyCatalog {
    static let crossDomain = PolicySpec(
        "cross-domain", category: .crossDomain, sections: .inbound,
        // A <cross-domain-policy> document as used by Flash and Silverlight: not checked.
        content: .any,
        reference: learn("cross-domain-policy"),
        summary: "Serves a cross-domain policy file for Adobe Flash and Microsoft Silverlight clients."
    )
}

extension PolicyUnit {
    /// `<cross-domain>`: its catalog entry; read generically.
    static let crossDomain = PolicyUnit(PolicyCatalog.crossDomain)
}
