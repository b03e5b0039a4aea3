extension PolicyCatalog {
    /// Attributes the catalog accepts although the element's Learn page does not list them, because
    /// real policies that APIM accepts use them. Written `element@attribute`. A linter may accept
    /// these silently or with a note; they are never required.
    public static let undocumentedAttributes: Set<String> = [
        "set-header@value",
        "validate-status-code@error-variable-name",
        "azure-openai-semantic-cache-lookup@cache-id",
        "llm-semantic-cache-lookup@cache-id",
    ]

    /// Whether `attribute` of the element `element` (a policy or child element name) is accepted
    /// without being documented on Learn.
    public func isUndocumented(attribute: String, of element: String) -> Bool {
        Self.undocumentedAttributes.contains("\(element)@\(attribute)")
    }
}
