import PolicyModel
import PolicySource

extension LintRules {
    /// `section-duplicate`: a section that appears again (the first one is checked, the others are not).
    enum SectionDuplicate {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("section-duplicate", .error, "A section appears more than once.")
        static let documentation = "A section appears twice."

        static func message(_ kind: PolicyModel.PolicySection, firstAt first: SourceLocation) -> String {
            "section '\(kind.rawValue)' appears again; the first is at line \(first.line)"
        }

        /// Reports a section seen before; true when it did (the linter then skips the section).
        static func check(_ section: Section, _ kind: PolicyModel.PolicySection, seen: [PolicyModel.PolicySection: SourceLocation], in lint: inout LintWalker) -> Bool {
            guard let first = seen[kind] else { return false }
            lint.report(rule, message(kind, firstAt: first), at: section.location)
            return true
        }

        static let examples: [LintExample] = [
            .fires("<policies><inbound />\n↓<inbound /></policies>", "section 'inbound' appears again; the first is at line 1"),
            .quiet("<policies><inbound /><outbound /></policies>"),
        ]
    }
}

extension LintRule {
    public static var sectionDuplicate: LintRule { LintRules.SectionDuplicate.rule }
}
