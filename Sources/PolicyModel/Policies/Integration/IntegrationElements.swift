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

/// A `<dimension name value/>` of emit-metric and the token metric policies.
public struct MetricDimension: Sendable {
    public var name: PolicyValue?
    public var value: PolicyValue?

    /// The `<dimension>` children of a metric policy.
    static func reading(_ element: Element) -> [MetricDimension] {
        element.elements(named: "dimension").map { MetricDimension(name: $0["name"], value: $0["value"]) }
    }
}

/// An `<item key="…">text</item>`-shaped child: its key attribute and its text.
public struct KeyedText: Sendable {
    public var key: PolicyValue?
    public var text: PolicyValue?

    /// Every `<item>` with its `key` attribute inside every `<group>` child, in order.
    static func reading(_ element: Element, group: String, item: String, key: String) -> [KeyedText] {
        element.elements(named: group).flatMap { container in
            container.elements(named: item).map { KeyedText(key: $0[key], text: $0.text) }
        }
    }
}

extension Element {
    /// The text of the first child with this name (nil when there is none or it has no text).
    func firstText(_ name: String) -> PolicyValue? {
        elements.first { $0.name == name }?.text
    }
}
