import PolicyModel
import PolicySource

extension LintRules {
    /// `fragment-structure`: what a fragment may not hold (sections, `<base/>`), a document in the
    /// fragments folder whose root is `<policies>`, and nested fragments (a warning).
    enum FragmentStructure {
        static let definition = LintRuleDefinition(rule, documentation, severity: documentedSeverity) { examples }
        static let rule = LintRule("fragment-structure", .error, "A fragment holds sections or `<base/>`; nesting `include-fragment` is a warning (older APIM versions refuse it).")
        static let documentedSeverity = "error / warning"
        static let documentation = "A fragment holding a section or `<base/>` (error); a fragment that includes another fragment (warning: older Learn pages say fragments cannot nest, newer gateways accept it)."

        static let policiesRootMessage = "a fragment's root element is 'fragment', not 'policies' (it stands in the policy fragments folder)"
        static let baseMessage = "a fragment cannot contain '<base/>'"
        static let nestedMessage = "a fragment includes another fragment; older APIM versions refuse nested fragments"

        static func message(section name: String) -> String {
            "a fragment holds policies only, not the section '\(name)'"
        }

        /// A `<policies>` document where a fragment is expected.
        static func check(root document: PolicyDocument, in lint: inout LintWalker) {
            if lint.options.expectsFragment {
                lint.report(rule, policiesRootMessage, at: document.root.location)
            }
        }

        /// Sections at the top of a fragment.
        static func check(fragment root: Element, in lint: inout LintWalker) {
            for policy in root.policies where PolicyModel.PolicySection(rawValue: policy.name) != nil {
                lint.report(rule, message(section: policy.name), at: policy.location)
            }
        }

        /// A policy anywhere in a fragment.
        static func check(inFragment policy: Policy, in lint: inout LintWalker) {
            if policy.name == "base" {
                lint.report(rule, baseMessage, at: policy.location)
            }
            if policy.name == "include-fragment" {
                lint.report(rule, nestedMessage, at: policy.location, severity: .warning)
            }
        }

        static let examples: [LintExample] = [
            .fires("<fragment>↓<inbound /></fragment>", "a fragment holds policies only, not the section 'inbound'"),
            .fires("<fragment>↓<base /></fragment>", baseMessage),
            .fires("<fragment>↓<include-fragment fragment-id=\"x\" /></fragment>", nestedMessage),
            .fires("↓<policies />", policiesRootMessage, options: {
                var options = LintOptions()
                options.expectsFragment = true
                return options
            }()),
            .quiet("<fragment><set-variable name=\"a\" value=\"b\" /></fragment>"),
        ]
    }
}

extension LintRule {
    public static var fragmentStructure: LintRule { LintRules.FragmentStructure.rule }
}
