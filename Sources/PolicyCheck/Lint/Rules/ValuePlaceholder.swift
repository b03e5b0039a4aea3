import PolicyModel
import PolicySource

extension LintRules {
    /// `value-placeholder`: a wrong typed literal that is a template placeholder (LiteralChecker finds it).
    enum ValuePlaceholder {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("value-placeholder", .warning, "A literal that looks like a template placeholder to fill before deployment (`{1}`, `${x}`, `__X__`) or a malformed `{{named value}`, where a typed value is expected.")
        static let documentation = "A typed literal that is wrong because it is a template placeholder to fill before deployment (`{1}`, `${x}`, `#{x}#`, `__X__`) or a malformed named value (`{{name}]`). Reported as a warning because the file is a template, not a policy."

        static func message(_ name: String, of owner: String, _ problem: String, placeholder: String) -> String {
            "attribute '\(name)' of \(owner): \(problem); '\(placeholder)' looks like \(LiteralChecker.placeholderKind(placeholder))"
        }

        /// A literal LiteralChecker found a problem with; true when it reported it as a placeholder.
        static func check(_ value: PolicyValue, _ problem: String, spec: AttributeSpec, owner: String, in lint: inout LintWalker) -> Bool {
            guard let placeholder = LiteralChecker.placeholder(in: value.text) else { return false }
            lint.report(rule, message(spec.name, of: owner, problem, placeholder: placeholder), at: value.location)
            return true
        }

        static let examples: [LintExample] = [
            .fires(policies("<cache-store-value key=\"k\" value=\"v\" duration=\"↓{{cachetime}]\" />"),
                   "attribute 'duration' of 'cache-store-value': '{{cachetime}]' is not a whole number; '{{cachetime}' looks like a malformed named value reference"),
            .fires(policies(backend: "<forward-request timeout=\"↓__TIMEOUT__\" />"),
                   "attribute 'timeout' of 'forward-request': '__TIMEOUT__' is not a whole number; '__TIMEOUT__' looks like a template placeholder to fill before deployment"),
            .quiet(policies("<cache-store-value key=\"k\" value=\"v\" duration=\"{{cachetime}}\" />")),
        ]
    }
}

extension LintRule {
    public static var valuePlaceholder: LintRule { LintRules.ValuePlaceholder.rule }
}
