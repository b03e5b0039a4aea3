import PolicyModel
import PolicySource

extension LintRules {
    /// `attribute-value`: a literal that is not of the attribute's type (LiteralChecker says what is
    /// wrong). The linter reports it when the literal is neither a placeholder (`value-placeholder`)
    /// nor an empty URL (`value-empty`); expressions and `{{named values}}` are not checked.
    enum AttributeValue {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("attribute-value", .error, "A literal value of the wrong type or out of range (integers, booleans, enumerations such as exists-action or http-version).")
        static let documentation = "A literal value of the wrong type or out of range: booleans, whole numbers with bounds (retry `count` 1–50), enumerations (`exists-action` override/skip/append/delete, `http-version` 1/2/2or1, …), durations. Expressions and `{{named values}}` are not checked here."

        static func message(_ name: String, of owner: String, _ problem: String) -> String {
            "attribute '\(name)' of \(owner): \(problem)"
        }

        static let examples: [LintExample] = [
            .fires(policies(backend: "<retry condition=\"@(true)\" count=\"↓51\" interval=\"1\"><forward-request buffer-request-body=\"true\" /></retry>"),
                   "attribute 'count' of 'retry': '51' is outside the range 1–50"),
            .fires(policies(backend: "<forward-request buffer-request-body=\"↓yes\" />"),
                   "attribute 'buffer-request-body' of 'forward-request': 'yes' is not a boolean (true or false)"),
            .fires(policies(backend: "<forward-request http-version=\"↓3\" />"),
                   "attribute 'http-version' of 'forward-request': '3' is not one of '1', '2', '2or1'"),
            .fires(policies("<set-header name=\"a\" exists-action=\"↓replace\" />"),
                   "attribute 'exists-action' of 'set-header': 'replace' is not one of 'override', 'skip', 'append', 'delete'"),
            .quiet(policies(backend: "<forward-request http-version=\"2or1\" buffer-request-body=\"TRUE\" timeout=\"30\" />")),
            .quiet(policies(backend: "<retry condition=\"@(true)\" count=\"@(3)\" interval=\"{{interval}}\"><forward-request buffer-request-body=\"true\" /></retry>")),
        ]
    }
}

extension LintRule {
    public static var attributeValue: LintRule { LintRules.AttributeValue.rule }
}
