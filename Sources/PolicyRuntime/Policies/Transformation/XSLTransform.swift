import PolicyModel

// The simulation of `<xsl-transform>`; its catalog entry: PolicyModel/Policies/Transformation/XSLTransform.swift.

extension RequestExecution {
    /// `<xsl-transform>`: not simulated (no XSLT processor); the body is left as it is.
    func xslTransform(_ policy: Policy) {
        record(.warning, policy, "'xsl-transform' is not simulated (policycheck has no XSLT processor); the body is left unchanged")
    }
}
