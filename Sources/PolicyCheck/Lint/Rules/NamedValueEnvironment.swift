import PolicyModel
import PolicySource

extension LintRules {
    /// `named-value-environment`: with `--environment`, a `{{name}}` that is a secret the extract does not
    /// hold and the environment does not give (`LintOptions.namedValuesWithoutValue`, from ServiceLint).
    /// The linter checks it in the same walk as `named-value-undefined`.
    enum NamedValueEnvironment {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("named-value-environment", .error, "With `--environment`, a `{{named value}}` that is a secret the extract does not hold and that the environment file does not give.")
        static let documentation = "With `--environment`: a `{{name}}` that is a secret the extract does not hold and the environment file does not give."

        static func message(_ name: String, environment: String) -> String {
            "named value '\(name)' has no value in \(environment): it is a secret the extract does not hold, and the environment file does not give it"
        }

        static func check(_ reference: NamedValueReference, in lint: inout LintWalker) {
            if let environment = lint.options.namedValuesWithoutValue[reference.name] {
                lint.report(rule, message(reference.name, environment: environment), at: reference.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-header name=\"k\" exists-action=\"override\"><value>↓{{secret}}</value></set-header>"),
                   "named value 'secret' has no value in configuration.prod.yaml: it is a secret the extract does not hold, and the environment file does not give it",
                   options: {
                       var options = LintOptions(namedValues: ["secret"])
                       options.namedValuesWithoutValue = ["secret": "configuration.prod.yaml"]
                       return options
                   }()),
            .quiet(policies("<set-header name=\"k\" exists-action=\"override\"><value>{{secret}}</value></set-header>"),
                   options: LintOptions(namedValues: ["secret"])),
        ]
    }
}

extension LintRule {
    public static var namedValueEnvironment: LintRule { LintRules.NamedValueEnvironment.rule }
}
