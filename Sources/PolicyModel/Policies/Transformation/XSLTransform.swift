// `<xsl-transform>`: its catalog entry; simulated in PolicyRuntime/Policies/Transformation/XSLTransform.swift.

extension PolicyCatalog {
    static let xslTransform = PolicySpec(
        "xsl-transform", category: .transformation, sections: [.inbound, .outbound],
        // An optional list of <parameter name="…"> and an <xsl:stylesheet>: not checked.
        content: .any,
        reference: learn("xsl-transform-policy"),
        summary: "Applies an XSL transformation to the XML body."
    )
}

extension PolicyUnit {
    /// `<xsl-transform>`: its catalog entry and typed reading (nothing is read: it is not simulated).
    static let xslTransform = PolicyUnit(PolicyCatalog.xslTransform) { _ in .xslTransform }
}
