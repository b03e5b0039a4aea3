import PolicyModel
import PolicySource

extension LintRules {
    /// `section-unknown`: an element under `<policies>` that is no section.
    enum SectionUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("section-unknown", .error, "An element under `<policies>` that is not inbound, backend, outbound or on-error.")
        static let documentation = "An element under `<policies>` that is not `inbound`, `backend`, `outbound` or `on-error` (did-you-mean), or a policy standing outside any section."

        static func message(policyOutsideSections name: String) -> String {
            "policy '\(name)' must stand inside a section (inbound, backend, outbound or on-error)"
        }

        static func message(notASection name: String, suggestion: String?) -> String {
            "'\(name)' is not a section; sections are inbound, backend, outbound and on-error\(didYouMean(suggestion))"
        }

        static func check(_ section: Section, in lint: inout LintWalker) {
            let name = section.element.name
            if lint.catalog.spec(named: name) != nil {
                lint.report(rule, message(policyOutsideSections: name), at: section.location)
            } else {
                let suggestion = closestMatch(to: name, in: PolicyModel.PolicySection.allCases.map(\.rawValue))
                lint.report(rule, message(notASection: name, suggestion: suggestion), at: section.location)
            }
        }

        static let examples: [LintExample] = [
            .fires("<policies><inbound />↓<inbond /></policies>",
                   "'inbond' is not a section; sections are inbound, backend, outbound and on-error; did you mean 'inbound'?"),
            .fires("<policies>↓<set-variable name=\"a\" value=\"b\" /></policies>",
                   "policy 'set-variable' must stand inside a section (inbound, backend, outbound or on-error)"),
            .quiet(policies()),
        ]
    }
}

extension LintRule {
    public static var sectionUnknown: LintRule { LintRules.SectionUnknown.rule }
}
