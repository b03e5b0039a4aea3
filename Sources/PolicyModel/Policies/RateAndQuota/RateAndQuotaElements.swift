/// Catalog pieces several RateAndQuota policies share.
extension PolicyCatalog {
    static let rateLimitAttributes: [AttributeSpec] = [
        .req("calls", .integer(min: 0), expressions: false),
        .req("renewal-period", .integer(min: 1, max: 300), expressions: false),
    ]
    /// calls and/or bandwidth (kilobytes) per renewal-period seconds (0 = lifetime; otherwise at least 300).
    static let quotaAttributes: [AttributeSpec] = [
        .opt("calls", .integer(min: 0), expressions: false),
        .opt("bandwidth", .integer(min: 0), expressions: false),
        .req("renewal-period", .integer(min: 0), expressions: false),
    ]
    /// Learn marks renewal-period required on `<api>`/`<operation>` too, but a real accepted policy
    /// omits it there (the enclosing quota's period applies), so it is optional on the children.
    static let scopedQuotaAttributes: [AttributeSpec] = [
        .opt("calls", .integer(min: 0), expressions: false),
        .opt("bandwidth", .integer(min: 0), expressions: false),
        .opt("renewal-period", .integer(min: 0), expressions: false),
    ]
    /// The `<api>` / `<operation>` children of rate-limit and quota: identified by name or id.
    static func scopedLimit(_ name: String, limits: [AttributeSpec], nested: ElementSpec? = nil) -> ElementSpec {
        ElementSpec(
            name,
            attributes: [.opt("name", expressions: false), .opt("id", expressions: false)] + limits,
            content: nested.map { .elements([$0]) } ?? .empty,
            constraints: [.atLeastOne(["name", "id"])]
        )
    }
}
