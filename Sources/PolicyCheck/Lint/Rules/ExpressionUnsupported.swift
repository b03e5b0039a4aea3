import PolicySource

extension LintRules {
    /// `expression-unsupported`: valid C# that policycheck cannot simulate (never an error).
    /// The check runs in ExpressionChecker (Sources/PolicyExpressions/Checker), which words the message,
    /// on every closed expression of the document (ExpressionLint).
    enum ExpressionUnsupported: LintRuleDefinition {
        static let rule = LintRule("expression-unsupported", .warning, "Valid C# that policycheck does not support yet (never an error).")
        static let documentation = "Valid C# that policycheck does not support (LINQ query syntax, tuples, pattern `case` labels): never an error."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(↓from x in new[] { 1 } select x)\" />")),
            .quiet(policies("<set-variable name=\"s\" value=\"@(new[] { 1 }.Select(x => x))\" />")),
        ]
    }
}

extension LintRule {
    public static let expressionUnsupported = LintRules.ExpressionUnsupported.rule
}
