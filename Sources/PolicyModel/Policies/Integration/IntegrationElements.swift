/// Catalog pieces several Integration policies share.
extension PolicyCatalog {
    /// The children of send-request and send-one-way-request.
    static let outgoingRequestContent = ContentSpec.elements([
        .text("set-url", max: 1),
        setMethod.asElement(max: 1),
        setHeader.asElement(),
        setBody.asElement(max: 1),
        authenticationCertificate.asElement(max: 1),
        authenticationManagedIdentity.asElement(max: 1),
        proxy.asElement(max: 1),
    ])
    /// A `<dimension name value/>` of emit-metric and the token metric policies.
    static func metricDimension(min: Int) -> ElementSpec {
        ElementSpec("dimension", attributes: [.req("name"), .opt("value")], min: min, max: 10)
    }
}
