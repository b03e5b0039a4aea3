import PolicyModel
import PolicySource

extension LintRules {
    /// `attribute-required`: a required attribute that is missing.
    enum AttributeRequired {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("attribute-required", .error, "A required attribute is missing.")
        static let documentation = "A required attribute is missing."

        static func message(_ name: String, of owner: String) -> String {
            "\(owner) is missing the required attribute '\(name)'"
        }

        static func check(_ element: Element, of owner: String, allowed: [AttributeSpec], in lint: inout LintWalker) {
            for spec in allowed where spec.required && element.attribute(spec.name) == nil {
                lint.report(rule, message(spec.name, of: owner), at: element.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("↓<set-variable value=\"1\" />"), "'set-variable' is missing the required attribute 'name'"),
            .quiet(policies("<set-variable name=\"a\" value=\"1\" />")),
        ]
    }
}

extension LintRule {
    public static var attributeRequired: LintRule { LintRules.AttributeRequired.rule }
}
