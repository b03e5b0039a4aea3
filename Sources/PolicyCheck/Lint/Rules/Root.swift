import PolicyModel
import PolicyRuntime
import PolicySource

extension LintRules {
    /// `root`: the root element of a document, and of one checked in an APIOps scope.
    enum Root {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("root", .error, "The root element is neither `<policies>` nor `<fragment>`.")
        static let documentation = "The root element is neither `<policies>` nor `<fragment>` (did-you-mean)."

        static func message(rootNamed name: String, suggestion: String?) -> String {
            "root element '\(name)' is neither 'policies' nor 'fragment'\(didYouMean(suggestion))"
        }

        static func message(fragmentAt scope: PolicyScope) -> String {
            "a policy document at \(scope.rawValue) scope has the root element 'policies', not 'fragment'"
        }

        static func check(_ document: PolicyDocument, in lint: inout LintWalker) {
            switch document.kind {
            case .fragment:
                if let scope = lint.options.scope, !lint.options.expectsFragment {
                    lint.report(rule, message(fragmentAt: scope), at: document.root.location)
                }
            case .other(let name):
                lint.report(rule, message(rootNamed: name, suggestion: closestMatch(to: name, in: ["policies", "fragment"])), at: document.root.location)
            case .policies:
                break
            }
        }

        static let examples: [LintExample] = [
            .fires("↓<policy><inbound /></policy>", "root element 'policy' is neither 'policies' nor 'fragment'"),
            .fires("↓<polices><inbound /></polices>", "root element 'polices' is neither 'policies' nor 'fragment'; did you mean 'policies'?"),
            .fires("↓<fragment><set-variable name=\"a\" value=\"b\" /></fragment>",
                   "a policy document at api scope has the root element 'policies', not 'fragment'", options: scoped(.api)),
            .quiet("<fragment><set-variable name=\"a\" value=\"b\" /></fragment>"),
        ]
    }
}

extension LintRule {
    public static var root: LintRule { LintRules.Root.rule }
}
