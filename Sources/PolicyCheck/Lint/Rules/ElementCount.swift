import PolicyModel
import PolicySource

extension LintRules {
    /// `element-count`: a child element fewer or more times than the policy allows.
    enum ElementCount {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("element-count", .error, "A child element appears fewer or more times than allowed.")
        static let documentation = "A child element appears fewer or more times than allowed (`choose` needs a `when`; at most one `otherwise`)."

        static func message(_ owner: String, needsAtLeast count: Int, _ name: String) -> String {
            "'\(owner)' needs at least \(count) '\(name)' element\(count == 1 ? "" : "s")"
        }

        static func message(_ owner: String, allowsAtMost count: Int, _ name: String) -> String {
            "'\(owner)' allows at most \(count) '\(name)' element\(count == 1 ? "" : "s")"
        }

        /// Counts every child by name (known or not) against the specs' bounds.
        static func check(_ element: Element, of owner: String, _ specs: [ElementSpec], in lint: inout LintWalker) {
            var counts: [String: Int] = [:]
            for child in element.elements { counts[child.name, default: 0] += 1 }
            for spec in specs {
                let count = counts[spec.name, default: 0]
                if count < spec.minOccurs {
                    lint.report(rule, message(owner, needsAtLeast: spec.minOccurs, spec.name), at: element.location)
                } else if let max = spec.maxOccurs, count > max {
                    let extra = element.elements(named: spec.name)[max]
                    lint.report(rule, message(owner, allowsAtMost: max, spec.name), at: extra.location)
                }
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("↓<choose><otherwise /></choose>"), "'choose' needs at least 1 'when' element"),
            .fires(policies("<choose><when condition=\"@(true)\" /><otherwise />↓<otherwise /></choose>"), "'choose' allows at most 1 'otherwise' element"),
            .quiet(policies("<choose><when condition=\"@(true)\" /><otherwise /></choose>")),
        ]
    }
}

extension LintRule {
    public static var elementCount: LintRule { LintRules.ElementCount.rule }
}
