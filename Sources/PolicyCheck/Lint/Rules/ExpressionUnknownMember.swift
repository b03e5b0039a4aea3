import PolicySource

extension LintRules {
    /// `expression-unknown-member`: a member a statically known type does not have.
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionUnknownMember: LintRuleDefinition {
        static let rule = LintRule("expression-unknown-member", .error, "A member that does not exist on a statically known type (`context.Respone`), with did-you-mean.")
        static let documentation = "A member that does not exist on a statically known type, with did-you-mean (`context.Respone` → `Response`)."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(context.↓Respone.StatusCode)\" />")),
            .fires(policies("<set-variable name=\"s\" value=\"@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;).↓Lenght)\" />")),
            .quiet(policies("<set-variable name=\"s\" value=\"@(context.Response.StatusCode)\" />")),
        ]
    }
}

extension LintRule {
    public static let expressionUnknownMember = LintRules.ExpressionUnknownMember.rule
}
