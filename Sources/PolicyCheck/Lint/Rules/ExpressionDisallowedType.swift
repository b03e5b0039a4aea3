import PolicySource

extension LintRules {
    /// `expression-disallowed-type`: a .NET type outside APIM's allowed list.
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionDisallowedType: LintRuleDefinition {
        static let rule = LintRule("expression-disallowed-type", .error, "A .NET type outside APIM's allowed list for policy expressions.")
        static let documentation = "A .NET type outside APIM's allowed list (`System.IO.File`, `HttpClient`, `Environment`)."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(System.IO.↓File.ReadAllText(&quot;x&quot;))\" />")),
            .quiet(policies("<set-variable name=\"s\" value=\"@(System.Text.Encoding.UTF8.GetBytes(&quot;x&quot;).Length)\" />")),
        ]
    }
}

extension LintRule {
    public static let expressionDisallowedType = LintRules.ExpressionDisallowedType.rule
}
