import PolicyModel
import PolicySource

extension LintRules {
    /// `fragment-unknown`: a literal `include-fragment` id that the fragments given do not hold.
    enum FragmentUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("fragment-unknown", .error, "An `include-fragment` id with no file in the `--fragments` folder.")
        static let documentation = "An `include-fragment` id with no `<id>.xml` (or `<id>/policy.xml`) in the `--fragments` folder or the APIOps tree (only when given)."

        static func message(_ id: String, origin: String, suggestion: String?) -> String {
            "no fragment '\(id)' in \(origin)\(didYouMean(suggestion))"
        }

        static func check(_ policy: Policy, in lint: inout LintWalker) {
            guard case .includeFragment(let include) = policy.kind, let unknown = unknownLiteral(include.fragmentId, in: lint.options.fragmentIds) else { return }
            lint.report(rule, message(unknown.id.text, origin: lint.options.fragmentsOrigin, suggestion: unknown.suggestion), at: unknown.id.location)
        }

        static let examples: [LintExample] = [
            .fires(policies("<include-fragment fragment-id=\"↓auht\" />"), "no fragment 'auht' in the fragments folder; did you mean 'auth'?",
                   options: LintOptions(fragmentIds: ["auth"])),
            .quiet(policies("<include-fragment fragment-id=\"auth\" />"), options: LintOptions(fragmentIds: ["auth"])),
        ]
    }
}

extension LintRule {
    public static var fragmentUnknown: LintRule { LintRules.FragmentUnknown.rule }
}
