import PolicyModel
import PolicySource

extension LintRules {
    /// `policy-section`: a policy in a section its Learn page does not list.
    enum PolicySection {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("policy-section", .error, "A policy stands in a section where APIM does not allow it (on-error's restricted list included).")
        static let documentation = "A policy in a section its Learn page does not list (`forward-request` outside backend; on-error's restricted list)."

        static func message(_ name: String, in section: PolicyModel.PolicySection, allowed: [PolicyModel.PolicySection]) -> String {
            let list = allowed.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return "'\(name)' is not allowed in section '\(section.rawValue)'\(list.isEmpty ? "" : " (allowed: \(list))")"
        }

        static func check(_ policy: Policy, _ spec: PolicySpec, in section: PolicyModel.PolicySection?, in lint: inout LintWalker) {
            guard let section, !spec.sections.contains(section) else { return }
            lint.report(rule, message(policy.name, in: section, allowed: spec.sections.sections), at: policy.location)
        }

        static let examples: [LintExample] = [
            .fires(policies("↓<forward-request />"), "'forward-request' is not allowed in section 'inbound' (allowed: 'backend')"),
            .fires(policies(onError: "↓<rewrite-uri template=\"/a\" />"), "'rewrite-uri' is not allowed in section 'on-error' (allowed: 'inbound')"),
            .quiet(policies(onError: "<set-status code=\"500\" reason=\"x\" />")),
        ]
    }
}

extension LintRule {
    public static var policySection: LintRule { LintRules.PolicySection.rule }
}
