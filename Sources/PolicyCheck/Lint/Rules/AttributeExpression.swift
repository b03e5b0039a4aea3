import PolicyModel
import PolicySource

extension LintRules {
    /// `attribute-expression`: a policy expression in an attribute, or the text of an element, that
    /// takes literal values only.
    enum AttributeExpression {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("attribute-expression", .error, "A policy expression where the attribute accepts literal values only.")
        static let documentation = "A policy expression in an attribute (or text) that accepts literal values only (e.g. `set-variable@name`, `include-fragment@fragment-id`)."

        static func message(attribute name: String, of owner: String) -> String {
            "policy expressions are not allowed in attribute '\(name)' of \(owner)"
        }

        static func message(textOf owner: String) -> String {
            "policy expressions are not allowed in the text of '\(owner)'"
        }

        /// An attribute value that is an expression.
        static func check(_ value: PolicyValue, spec: AttributeSpec, owner: String, in lint: inout LintWalker) {
            if !spec.allowsExpressions {
                lint.report(rule, message(attribute: spec.name, of: owner), at: value.location)
            }
        }

        static func check(textOf element: Element, content: ContentSpec, owner: String, in lint: inout LintWalker) {
            if case .text(let expressions) = content, !expressions, let text = element.text, text.expression != nil {
                lint.report(rule, message(textOf: owner), at: text.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-variable name=\"↓@(&quot;a&quot;)\" value=\"1\" />"),
                   "policy expressions are not allowed in attribute 'name' of 'set-variable'"),
            .quiet(policies("<set-variable name=\"a\" value=\"@(1)\" />")),
            // Learn (2026): token-quota of llm-token-limit and azure-openai-token-limit takes expressions.
            .quiet(policies("<llm-token-limit counter-key=\"k\" token-quota=\"@(5000)\" token-quota-period=\"Daily\" estimate-prompt-tokens=\"false\" />")),
            .quiet(policies("<azure-openai-token-limit counter-key=\"k\" token-quota=\"@(5000)\" token-quota-period=\"Daily\" estimate-prompt-tokens=\"false\" />")),
        ]
    }
}

extension LintRule {
    public static var attributeExpression: LintRule { LintRules.AttributeExpression.rule }
}
