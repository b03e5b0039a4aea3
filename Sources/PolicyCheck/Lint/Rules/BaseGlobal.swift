import PolicyModel
import PolicyRuntime
import PolicySource

extension LintRules {
    /// `base-global`: `<base/>`, at any depth of a section, in a document checked at global scope.
    enum BaseGlobal {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("base-global", .error, "`<base/>` in the global (All APIs) policy of an APIOps tree: there is no broader scope, and APIM refuses to save it.")
        static let documentation = "In an APIOps tree: `<base/>` in the global (All APIs) policy — there is no broader scope, and APIM refuses to save it."

        static let message = "'<base/>' in the global (All APIs) policy: there is no broader scope, and APIM refuses to save it"

        static func check(_ bases: [Policy], in lint: inout LintWalker) {
            for base in bases {
                lint.report(rule, message, at: base.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("↓<base />"), message, options: scoped(.global)),
            .fires(policies("<choose><when condition=\"@(true)\">↓<base /></when></choose>"), message, options: scoped(.global)),
            .quiet(policies("<base />"), options: scoped(.api)),
        ]
    }
}

extension LintRule {
    public static var baseGlobal: LintRule { LintRules.BaseGlobal.rule }
}
