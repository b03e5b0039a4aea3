import PolicySource

extension LintRules {
    /// `expression-missing-return`: a `@{ }` block that returns nothing.
    enum ExpressionMissingReturn {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-missing-return", .error, "A `@{ }` block without a `return` statement.")
        static let documentation = "A `@{ }` block with no `return`."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"↓@{ var x = 1; }\" />"), "a '@{ }' block must return a value on every path, but it has no 'return' statement"),
            .quiet(policies("<set-variable name=\"s\" value=\"@{ var x = 1; return x; }\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionMissingReturn: LintRule { LintRules.ExpressionMissingReturn.rule }
}
