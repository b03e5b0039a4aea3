// `<redirect-content-urls>`: its catalog entry; simulated in PolicyRuntime/Policies/Transformation/RedirectContentUrls.swift.

extension PolicyCatalog {
    static let redirectContentUrls = PolicySpec(
        "redirect-content-urls", category: .transformation, sections: [.inbound, .outbound],
        reference: learn("redirect-content-urls-policy"),
        summary: "Rewrites links in the body so that they point through the gateway."
    )
}

extension PolicyUnit {
    /// `<redirect-content-urls>`: its catalog entry and typed reading (it has no attributes).
    static let redirectContentUrls = PolicyUnit(PolicyCatalog.redirectContentUrls) { _ in .redirectContentUrls }
}
