/// Catalog pieces several Transformation policies share.
extension PolicyCatalog {
    /// The `<value>` children of set-header and set-query-parameter.
    static let valueElement = ElementSpec.text("value")
}
