import PolicySource
import PolicyXML

extension LintRules {
    /// `expression-unclosed`: the check runs in the parser's scan for expressions (PolicyXMLParser and
    /// RawScanner, Sources/PolicyXML), which also words the message.
    enum ExpressionUnclosed {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule(PolicyXMLParser.Rule.unclosedExpression, .error, "An `@(` or `@{` expression never reaches its matching `)` or `}`.")
        static let documentation = "An `@(` or `@{` that starts an attribute value or text never reaches its matching `)` or `}`; reported at the `@`."

        static let examples: [LintExample] = [
            .fires(policies(#"<set-variable name="a" value="↓@(foo(1)" />"#), "expression '@(' never closes: no matching ')'"),
            .fires("<fragment><set-body>↓@{ return \"a\"; </set-body></fragment>", "expression '@{' never closes: no matching '}'"),
            .quiet(policies(#"<set-variable name="a" value="@(foo(")"))" />"#)),
        ]
    }
}

extension LintRule {
    public static var expressionUnclosed: LintRule { LintRules.ExpressionUnclosed.rule }
}
