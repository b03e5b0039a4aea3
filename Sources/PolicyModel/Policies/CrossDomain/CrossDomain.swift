// `<cross-domain>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/CrossDomain/CrossDomain.swift.

extension PolicyCatalog {
    static let crossDomain = PolicySpec(
        "cross-domain", category: .crossDomain, sections: .inbound,
        // A <cross-domain-policy> document as used by Flash and Silverlight: not checked.
        content: .any,
        reference: learn("cross-domain-policy"),
        summary: "Serves a cross-domain policy file for Adobe Flash and Microsoft Silverlight clients."
    )
}

/// `<cross-domain>` holding a `<cross-domain-policy>` document. The document itself is served
/// from the source (the policy's element); the Silverlight answer uses the domains and headers
/// read here.
public struct CrossDomain: Sendable {
    /// Every distinct `domain` attribute of the `<cross-domain-policy>` children, in order.
    public var domains: [String]
    /// The `headers` of every `<allow-http-request-headers-from>`.
    public var requestHeaders: [String]
}

extension PolicyUnit {
    /// `<cross-domain>`: its catalog entry and typed reading.
    static let crossDomain = PolicyUnit(PolicyCatalog.crossDomain) { element in
        var model = CrossDomain(domains: [], requestHeaders: [])
        for child in element.elements(named: "cross-domain-policy").flatMap(\.elements) {
            if let domain = child["domain"]?.text, !model.domains.contains(domain) { model.domains.append(domain) }
            if child.name == "allow-http-request-headers-from", let names = child["headers"]?.text { model.requestHeaders.append(names) }
        }
        return .crossDomain(model)
    }
}
