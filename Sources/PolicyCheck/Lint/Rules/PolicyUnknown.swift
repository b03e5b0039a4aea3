import PolicyModel
import PolicySource

extension LintRules {
    /// `policy-unknown`: an element where a policy stands that the catalog does not know.
    enum PolicyUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("policy-unknown", .error, "An element that is not an APIM policy (with a did-you-mean suggestion).")
        static let documentation = "An element that is no APIM policy, with a did-you-mean (`set-heder` → `set-header`, `publish-to-darp` → `publish-to-dapr`)."

        static func message(_ name: String, suggestion: String) -> String {
            "'\(name)' is not an APIM policy\(suggestion)"
        }

        static func check(_ policy: Policy, in lint: inout LintWalker) {
            let name = policy.name
            // The suggestion is worked out once per name and document.
            let suggestion = lint.policySuggestions[name] ?? {
                let found = didYouMean(closestMatch(to: name, in: lint.catalog.names))
                lint.policySuggestions[name] = found
                return found
            }()
            lint.report(rule, message(name, suggestion: suggestion), at: policy.location)
        }

        static let examples: [LintExample] = [
            .fires(policies("↓<set-heder name=\"a\" />"), "'set-heder' is not an APIM policy; did you mean 'set-header'?"),
            .fires("<fragment>↓<publish-to-darp topic=\"t\" /></fragment>", "'publish-to-darp' is not an APIM policy; did you mean 'publish-to-dapr'?"),
            .quiet(policies("<set-header name=\"a\" exists-action=\"delete\" />")),
        ]
    }
}

extension LintRule {
    public static var policyUnknown: LintRule { LintRules.PolicyUnknown.rule }
}
