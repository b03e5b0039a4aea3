import PolicySource

extension LintRules {
    /// `expression-unknown-name`: a name the expression declares nowhere.
    enum ExpressionUnknownName {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-unknown-name", .error, "A name declared nowhere in the expression and not a type.")
        static let documentation = "A name declared nowhere in the expression and not a known type."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(↓contxt.Request.Method)\" />"), "the name 'contxt' does not exist in the current context; did you mean 'context'?"),
            .quiet(policies("<set-variable name=\"s\" value=\"@{ var m = context.Request.Method; return m; }\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionUnknownName: LintRule { LintRules.ExpressionUnknownName.rule }
}
