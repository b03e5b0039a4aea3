/// Catalog pieces several Validation policies share.
extension PolicyCatalog {
    /// The actions of the validation policies.
    static let validationAction = AttributeType.enumeration(["ignore", "prevent", "detect"])
}
