import PolicySource

extension LintRules {
    /// `environment-unknown`: an entry of the environment file that names nothing of the tree. The check
    /// runs where the environment is applied to the tree (PublisherConfiguration.apply, in
    /// Sources/PolicyCheck/Service/PublisherConfiguration.swift).
    enum EnvironmentUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("environment-unknown", .warning, "An entry of the `--environment` file that names no named value, backend, API or product of the tree.")
        static let documentation = "With `--environment`: an entry of the environment file that names no named value, backend, API or product of the tree (a typo or a stale name)."

        static func message(environment: String, overrides kind: String, _ name: Substring) -> String {
            "\(environment) overrides \(kind) '\(name)', which the tree does not hold"
        }

        static let examples: [LintExample] = [
            .tree([
                (path: "apimartifacts/named values/region/namedValueInformation.json", text: "{ \"properties\": { \"displayName\": \"region\", \"value\": \"east\" } }\n"),
                (path: "configuration.test.yaml", text: "namedValues:\n  - name: region\n    properties:\n      value: west\n  - name: ↓regoin\n    properties:\n      value: typo\n"),
            ], environment: "configuration.test.yaml", "configuration.test.yaml overrides named value 'regoin', which the tree does not hold"),
        ]
    }
}

extension LintRule {
    public static var environmentUnknown: LintRule { LintRules.EnvironmentUnknown.rule }
}
