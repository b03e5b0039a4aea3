import PolicySource

extension LintRules {
    /// `expression-unknown-type`: a type name policycheck does not know.
    enum ExpressionUnknownType {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-unknown-type", .warning, "A type name policycheck does not know.")
        static let documentation = "A type name policycheck does not know."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(new ↓Widget())\" />"), "'Widget' is not a type policycheck knows; APIM may reject it"),
            .quiet(policies("<set-variable name=\"s\" value=\"@(new StringBuilder().ToString())\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionUnknownType: LintRule { LintRules.ExpressionUnknownType.rule }
}
