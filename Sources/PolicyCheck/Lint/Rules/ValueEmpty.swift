import PolicyModel
import PolicySource

extension LintRules {
    /// `value-empty`: an empty URL (reported instead of `attribute-value`).
    enum ValueEmpty {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("value-empty", .warning, "An empty URL where one is expected.")
        static let documentation = #"An empty URL (`base-url=""`)."#

        static func message(_ name: String, of owner: String) -> String {
            "attribute '\(name)' of \(owner) is empty"
        }

        /// A literal LiteralChecker found a problem with; true when it reported it as an empty URL.
        static func check(_ value: PolicyValue, spec: AttributeSpec, owner: String, in lint: inout LintWalker) -> Bool {
            guard spec.type == .url, value.text.trimmingSpaces().isEmpty else { return false }
            lint.report(rule, message(spec.name, of: owner), at: value.location)
            return true
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-backend-service base-url=\"↓\" />"), "attribute 'base-url' of 'set-backend-service' is empty"),
            .quiet(policies("<set-backend-service base-url=\"https://a\" />")),
        ]
    }
}

extension LintRule {
    public static var valueEmpty: LintRule { LintRules.ValueEmpty.rule }
}
