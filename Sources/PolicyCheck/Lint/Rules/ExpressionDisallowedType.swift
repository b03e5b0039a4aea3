import PolicySource

extension LintRules {
    /// `expression-disallowed-type`: a .NET type outside APIM's allowed list.
    enum ExpressionDisallowedType {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-disallowed-type", .error, "A .NET type outside APIM's allowed list for policy expressions.")
        static let documentation = "A .NET type outside APIM's allowed list (`System.IO.File`, `HttpClient`, `Environment`)."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(System.IO.↓File.ReadAllText(&quot;x&quot;))\" />"), "type 'System.IO.File' is not allowed in policy expressions"),
            .quiet(policies("<set-variable name=\"s\" value=\"@(System.Text.Encoding.UTF8.GetBytes(&quot;x&quot;).Length)\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionDisallowedType: LintRule { LintRules.ExpressionDisallowedType.rule }
}
