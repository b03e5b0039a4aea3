import PolicySource

extension LintRules {
    /// `expression-unsupported`: valid C# that policycheck cannot simulate (never an error).
    enum ExpressionUnsupported {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-unsupported", .warning, "Valid C# that policycheck does not support yet (never an error).")
        static let documentation = "Valid C# that policycheck does not support (LINQ query syntax, tuples, pattern `case` labels): never an error."

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"s\" value=\"@(↓from x in new[] { 1 } select x)\" />"), "LINQ query expressions are not supported by policycheck"),
            .quiet(policies("<set-variable name=\"s\" value=\"@(new[] { 1 }.Select(x => x))\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionUnsupported: LintRule { LintRules.ExpressionUnsupported.rule }
}
