import PolicySource

extension LintRules {
    /// `expression-missing-return`: a `@{ }` block that returns nothing.
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionMissingReturn: LintRuleDefinition {
        static let rule = LintRule("expression-missing-return", .error, "A `@{ }` block without a `return` statement.")
        static let documentation = "A `@{ }` block with no `return`."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"↓@{ var x = 1; }\" />")),
            .quiet(policies("<set-variable name=\"s\" value=\"@{ var x = 1; return x; }\" />")),
        ]
    }
}

extension LintRule {
    public static let expressionMissingReturn = LintRules.ExpressionMissingReturn.rule
}
