import PolicyModel
import PolicySource

extension LintRules {
    /// `section-order`: sections out of the order APIM runs them in.
    enum SectionOrder {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("section-order", .warning, "Sections are not in the order inbound, backend, outbound, on-error (APIM runs them in that order whatever the document order, so the document misleads its reader).")
        static let documentation = "Sections out of the order inbound, backend, outbound, on-error. APIM runs them in that order whatever the document says and accepts such documents, so this is a warning: the document misleads its reader."

        static func message(_ kind: PolicyModel.PolicySection, before later: PolicyModel.PolicySection) -> String {
            "section '\(kind.rawValue)' must come before '\(later.rawValue)'"
        }

        /// `lastOrder` is the latest position in the order seen so far (-1 before the first section).
        static func check(_ section: Section, _ kind: PolicyModel.PolicySection, after lastOrder: inout Int, in lint: inout LintWalker) {
            let order = PolicyModel.PolicySection.allCases
            let position = order.firstIndex(of: kind) ?? 0
            if position < lastOrder {
                lint.report(rule, message(kind, before: order[lastOrder]), at: section.location)
            }
            lastOrder = max(lastOrder, position)
        }

        static let examples: [LintExample] = [
            .fires("<policies><outbound />↓<inbound /></policies>", "section 'inbound' must come before 'outbound'"),
            .fires("<policies><on-error />↓<backend />↓<outbound /></policies>",
                   "section 'backend' must come before 'on-error'", "section 'outbound' must come before 'on-error'"),
            .quiet("<policies><inbound /><backend /><outbound /><on-error /></policies>"),
        ]
    }
}

extension LintRule {
    public static var sectionOrder: LintRule { LintRules.SectionOrder.rule }
}
