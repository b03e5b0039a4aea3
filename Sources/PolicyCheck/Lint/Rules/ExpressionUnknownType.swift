import PolicySource

extension LintRules {
    /// `expression-unknown-type`: a type name policycheck does not know.
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionUnknownType: LintRuleDefinition {
        static let rule = LintRule("expression-unknown-type", .warning, "A type name policycheck does not know.")
        static let documentation = "A type name policycheck does not know."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(new ↓Widget())\" />")),
            .quiet(policies("<set-variable name=\"s\" value=\"@(new StringBuilder().ToString())\" />")),
        ]
    }
}

extension LintRule {
    public static let expressionUnknownType = LintRules.ExpressionUnknownType.rule
}
