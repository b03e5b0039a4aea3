import PolicySource

extension LintRules {
    /// `expression-unknown-name`: a name the expression declares nowhere.
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionUnknownName: LintRuleDefinition {
        static let rule = LintRule("expression-unknown-name", .error, "A name declared nowhere in the expression and not a type.")
        static let documentation = "A name declared nowhere in the expression and not a known type."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(↓contxt.Request.Method)\" />")),
            .quiet(policies("<set-variable name=\"s\" value=\"@{ var m = context.Request.Method; return m; }\" />")),
        ]
    }
}

extension LintRule {
    public static let expressionUnknownName = LintRules.ExpressionUnknownName.rule
}
