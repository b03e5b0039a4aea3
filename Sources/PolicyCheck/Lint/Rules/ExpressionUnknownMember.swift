import PolicySource

extension LintRules {
    /// `expression-unknown-member`: a member a statically known type does not have.
    enum ExpressionUnknownMember {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-unknown-member", .error, "A member that does not exist on a statically known type (`context.Respone`), with did-you-mean.")
        static let documentation = "A member that does not exist on a statically known type, with did-you-mean (`context.Respone` → `Response`)."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(context.↓Respone.StatusCode)\" />"), "'Respone' is not a member of 'IProxyRequestContext'; did you mean 'Response'?"),
            .fires(policies("<set-variable name=\"s\" value=\"@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;).↓Lenght)\" />"),
                   "'Lenght' is not a member of 'String'; did you mean 'Length'?"),
            .quiet(policies("<set-variable name=\"s\" value=\"@(context.Response.StatusCode)\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionUnknownMember: LintRule { LintRules.ExpressionUnknownMember.rule }
}
