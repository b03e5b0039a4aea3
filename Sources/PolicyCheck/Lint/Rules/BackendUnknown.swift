import PolicyModel
import PolicySource

extension LintRules {
    /// `backend-unknown`: a literal `backend-id` that the backends given do not hold.
    enum BackendUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("backend-unknown", .error, "A literal `backend-id` that names no backend in the file given with `--backends`.")
        static let documentation = "A literal `backend-id` that names no backend in the `--backends` file or the APIOps tree's `backends/` (only when given)."

        static func message(_ id: String, origin: String, suggestion: String?) -> String {
            "no backend '\(id)' in \(origin)\(didYouMean(suggestion))"
        }

        static func check(_ policy: Policy, in lint: inout LintWalker) {
            guard case .setBackendService(let service) = policy.kind, let unknown = unknownLiteral(service.backendId, in: lint.options.backendIds) else { return }
            lint.report(rule, message(unknown.id.text, origin: lint.options.backendsOrigin, suggestion: unknown.suggestion), at: unknown.id.location)
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-backend-service backend-id=\"↓pol\" />"), "no backend 'pol' in the backends file; did you mean 'pool'?",
                   options: LintOptions(backendIds: ["pool"])),
            .quiet(policies("<set-backend-service backend-id=\"pool\" />"), options: LintOptions(backendIds: ["pool"])),
        ]
    }
}

extension LintRule {
    public static var backendUnknown: LintRule { LintRules.BackendUnknown.rule }
}
