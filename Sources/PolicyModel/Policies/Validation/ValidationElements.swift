/// A `<parameter name action>` of validate-parameters or a `<header name action>` of validate-headers.
public struct NamedAction: Sendable {
    public var name: PolicyValue?
    public var action: PolicyValue?

    /// The `<item>` children of an element.
    static func reading(_ element: Element, item: String) -> [NamedAction] {
        element.elements(named: item).map { NamedAction(name: $0["name"], action: $0["action"]) }
    }
}

/// Catalog pieces several Validation policies share.
extension PolicyCatalog {
    /// The actions of the validation policies.
    static let validationAction = AttributeType.enumeration(["ignore", "prevent", "detect"])
}
