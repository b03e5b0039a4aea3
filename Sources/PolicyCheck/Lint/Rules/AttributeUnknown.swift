import PolicyModel
import PolicySource

extension LintRules {
    /// `attribute-unknown`: an attribute the policy or element does not have (`id` is every policy's;
    /// `xmlns*` and prefixed attributes are left alone by the linter).
    enum AttributeUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("attribute-unknown", .error, "An attribute the policy or element does not have.")
        static let documentation = "An attribute the policy or child element does not have (did-you-mean). `id` is accepted on every policy; `xmlns*` and prefixed attributes are not checked."

        static func message(_ name: String, of owner: String, suggestion: String?) -> String {
            "\(owner) has no attribute '\(name)'\(didYouMean(suggestion))"
        }

        /// The attribute's spec, or nil after reporting it.
        static func check(_ attribute: PolicyAttribute, of owner: String, allowed: [AttributeSpec], in lint: inout LintWalker) -> AttributeSpec? {
            spec(named: attribute.name, in: allowed, \.name) { suggestion in
                lint.report(rule, message(attribute.name, of: owner, suggestion: suggestion), at: attribute.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-header name=\"a\" ↓exists-acton=\"skip\" />"),
                   "'set-header' has no attribute 'exists-acton'; did you mean 'exists-action'?"),
            .fires(policies("<set-header name=\"a\"><value ↓name=\"x\">1</value></set-header>"), "'value' in 'set-header' has no attribute 'name'"),
            .quiet(policies("<set-header id=\"h1\" name=\"a\" exists-action=\"skip\" />")),
        ]
    }
}

extension LintRule {
    public static var attributeUnknown: LintRule { LintRules.AttributeUnknown.rule }
}
