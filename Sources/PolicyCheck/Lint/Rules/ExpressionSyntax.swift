import PolicySource

extension LintRules {
    /// `expression-syntax`: an expression that is not valid C#.
    enum ExpressionSyntax {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-syntax", .error, "A policy expression that is not valid C#.")
        static let documentation = "Not valid C# (e.g. `@(1 + )`)."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(1 + ↓)\" />"), "expected an expression but found ')'"),
            .quiet(policies("<set-body>@{ var x = \"<a>\"; if (x.Length < 3 && x != \"\") { return x; } return \"\"; }</set-body>")),
        ]
    }
}

extension LintRule {
    public static var expressionSyntax: LintRule { LintRules.ExpressionSyntax.rule }
}
