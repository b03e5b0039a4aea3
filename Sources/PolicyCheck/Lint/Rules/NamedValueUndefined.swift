import PolicyModel
import PolicySource

extension LintRules {
    /// `named-value-undefined`: a `{{name}}` the named values given do not define. The linter walks every
    /// value of the document (DocumentValues) and leaves out `{{…}}` inside a Liquid template that
    /// names no named value (Liquid output).
    enum NamedValueUndefined {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("named-value-undefined", .error, "A `{{named value}}` that the file given with `--named-values` does not define.")
        static let documentation = #"A `{{name}}` that the `--named-values` file (or the APIOps tree) does not define (only when given; did-you-mean). Inside `set-body template="liquid"`, `{{…}}` is Liquid output unless it names a named value."#

        static func message(_ name: String, origin: String, suggestion: String?) -> String {
            "named value '\(name)' is not defined in \(origin)\(didYouMean(suggestion))"
        }

        static func report(_ reference: NamedValueReference, defined: Set<String>, in lint: inout LintWalker) {
            let suggestion = closestMatch(to: reference.name, in: defined)
            lint.report(rule, message(reference.name, origin: lint.options.namedValuesOrigin, suggestion: suggestion), at: reference.location)
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-header name=\"k\"><value>↓{{api-kye}}</value></set-header>"),
                   "named value 'api-kye' is not defined in the file given with --named-values; did you mean 'api-key'?",
                   options: LintOptions(namedValues: ["api-key"])),
            .quiet(policies("<set-header name=\"k\"><value>{{api-key}}</value></set-header>"), options: LintOptions(namedValues: ["api-key"])),
            .quiet(policies("<set-header name=\"k\"><value>{{anything}}</value></set-header>")),
            .quiet(policies(outbound: "<set-body template=\"liquid\">{{body.name}}</set-body>"), options: LintOptions(namedValues: ["api-key"])),
        ]
    }
}

extension LintRule {
    public static var namedValueUndefined: LintRule { LintRules.NamedValueUndefined.rule }
}
