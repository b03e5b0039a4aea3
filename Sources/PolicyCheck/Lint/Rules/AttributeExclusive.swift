import PolicyModel
import PolicySource

extension LintRules {
    /// `attribute-exclusive`: the catalog's constraints between attributes (exactly one, at most one, at
    /// least one of a set).
    enum AttributeExclusive {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("attribute-exclusive", .error, "Attributes that exclude each other, or none of a required set (base-url/backend-id, timeout/timeout-ms).")
        static let documentation = "Attributes that exclude each other or a required choice: exactly one of `base-url`/`backend-id`, at most one of `timeout`/`timeout-ms`, …."

        static func message(_ owner: String, needsExactlyOneOf names: [String]) -> String {
            "\(owner) needs exactly one of \(quoted(names))"
        }

        static func message(_ owner: String, takesOnlyOneOf names: [String]) -> String {
            "\(owner) takes only one of \(quoted(names))"
        }

        static func message(_ owner: String, needsAtLeastOneOf names: [String]) -> String {
            "\(owner) needs at least one of \(quoted(names))"
        }

        private static func quoted(_ names: [String]) -> String {
            names.map { "'\($0)'" }.joined(separator: ", ")
        }

        static func check(_ element: Element, of owner: String, _ constraints: [AttributeConstraint], in lint: inout LintWalker) {
            for constraint in constraints {
                switch constraint {
                case .exactlyOne(let names):
                    let present = names.filter { element.attribute($0) != nil }
                    if present.isEmpty {
                        lint.report(rule, message(owner, needsExactlyOneOf: names), at: element.location)
                    } else if present.count > 1, let second = element.attribute(present[1]) {
                        lint.report(rule, message(owner, takesOnlyOneOf: present), at: second.location)
                    }
                case .atMostOne(let names):
                    let present = names.filter { element.attribute($0) != nil }
                    if present.count > 1, let second = element.attribute(present[1]) {
                        lint.report(rule, message(owner, takesOnlyOneOf: present), at: second.location)
                    }
                case .atLeastOne(let names):
                    if names.allSatisfy({ element.attribute($0) == nil }) {
                        lint.report(rule, message(owner, needsAtLeastOneOf: names), at: element.location)
                    }
                }
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-backend-service base-url=\"https://a\" ↓backend-id=\"b\" />"),
                   "'set-backend-service' takes only one of 'base-url', 'backend-id'"),
            .fires(policies("↓<set-backend-service />"), "'set-backend-service' needs exactly one of 'base-url', 'backend-id'"),
            .fires(policies(backend: "<forward-request timeout=\"10\" ↓timeout-ms=\"100\" />"),
                   "'forward-request' takes only one of 'timeout', 'timeout-ms'"),
            .quiet(policies("<set-backend-service backend-id=\"pool\" />")),
        ]
    }
}

extension LintRule {
    public static var attributeExclusive: LintRule { LintRules.AttributeExclusive.rule }
}
