import PolicySource

extension LintRules {
    /// `expression-syntax`: an expression that is not valid C#.
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionSyntax: LintRuleDefinition {
        static let rule = LintRule("expression-syntax", .error, "A policy expression that is not valid C#.")
        static let documentation = "Not valid C# (e.g. `@(1 + )`)."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(1 + ↓)\" />")),
            .quiet(policies("<set-body>@{ var x = \"<a>\"; if (x.Length < 3 && x != \"\") { return x; } return \"\"; }</set-body>")),
        ]
    }
}

extension LintRule {
    public static let expressionSyntax = LintRules.ExpressionSyntax.rule
}
