import PolicyModel
import PolicyRuntime
import PolicySource

extension LintRules {
    /// `base-missing`: in an APIOps scope, a section (or a missing one) that drops the broader scope's
    /// policies. The linter is told which sections the broader scope has policies in
    /// (`LintOptions.inheritedSections`, worked out by ServiceLint).
    enum BaseMissing {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("base-missing", .warning, "In an APIOps tree, a section without `<base/>` (or a missing section) where the broader scope has policies in that section: those policies do not run for this scope.")
        static let documentation = "In an APIOps tree: a section without `<base/>` (or a missing section) where the broader scope has policies in that section — they do not run for this scope. A warning: dropping `<base/>` is sometimes meant (see [apiops.md](apiops.md))."

        static func message(_ kind: PolicyModel.PolicySection, broader: String) -> String {
            "section '\(kind.rawValue)' has no '<base/>': the \(kind.rawValue) policies of the broader scope (\(broader)) do not run here"
        }

        static func message(missing kind: PolicyModel.PolicySection, broader: String) -> String {
            "section '\(kind.rawValue)' is missing: the \(kind.rawValue) policies of the broader scope (\(broader)) do not run here"
        }

        /// A section with no `<base/>` at any depth.
        static func check(_ section: Section, _ kind: PolicyModel.PolicySection, bases: [Policy], in lint: inout LintWalker) {
            if bases.isEmpty, let broader = lint.options.inheritedSections[kind] {
                lint.report(rule, message(kind, broader: broader), at: section.location)
            }
        }

        /// The sections a `<policies>` document does not have.
        static func check(missingSections seen: [PolicyModel.PolicySection: SourceLocation], of document: PolicyDocument, in lint: inout LintWalker) {
            guard lint.options.scope != nil else { return }
            for kind in PolicyModel.PolicySection.allCases where seen[kind] == nil {
                guard let broader = lint.options.inheritedSections[kind] else { continue }
                lint.report(rule, message(missing: kind, broader: broader), at: document.root.location)
            }
        }

        static let examples: [LintExample] = [
            .fires("<policies>\n↓<inbound><set-header name=\"a\" exists-action=\"delete\" /></inbound>\n</policies>",
                   "section 'inbound' has no '<base/>': the inbound policies of the broader scope (apis/a/policy.xml) do not run here",
                   options: scoped(.operation, inherited: [.inbound: "apis/a/policy.xml"])),
            .fires("↓<policies>\n<inbound><base /></inbound>\n</policies>",
                   "section 'outbound' is missing: the outbound policies of the broader scope (policy.xml) do not run here",
                   options: scoped(.api, inherited: [.inbound: "policy.xml", .outbound: "policy.xml"])),
            .quiet("<policies>\n<inbound><base /></inbound>\n</policies>", options: scoped(.operation, inherited: [.inbound: "apis/a/policy.xml"])),
        ]
    }
}

extension LintRule {
    public static var baseMissing: LintRule { LintRules.BaseMissing.rule }
}
