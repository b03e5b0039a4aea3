import PolicyModel
import PolicySource

extension LintRules {
    /// `expression-trailing`: text after the end of an expression, in an attribute value or an element's text.
    enum ExpressionTrailing {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("expression-trailing", .warning, "Text after the end of an expression in the same value.")
        static let documentation = "Text after the end of an expression in the same value (`@(1) + 2`): APIM takes only the expression."

        static func message(_ trailing: String) -> String {
            "text '\(trailing.prefix(40))' after the expression is not part of it"
        }

        static func check(_ expression: ExpressionSource, in lint: inout LintWalker) {
            guard expression.closed, !expression.trailing.isEmpty else { return }
            let end = expression.map.original(expression.text.utf8.count)
            lint.report(rule, message(expression.trailing), at: lint.file.location(at: end))
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"a\" value=\"@(1)↓ + 2\" />"), "text '+ 2' after the expression is not part of it"),
            .quiet(policies("<set-variable name=\"a\" value=\"@(1 + 2)\" />")),
        ]
    }
}

extension LintRule {
    public static var expressionTrailing: LintRule { LintRules.ExpressionTrailing.rule }
}
