import PolicyModel
import PolicySource

extension LintRules {
    /// `element-unknown`: a child element the policy does not have.
    enum ElementUnknown {
        static let definition = LintRuleDefinition(rule, documentation) { examples }
        static let rule = LintRule("element-unknown", .error, "A child element the policy does not have.")
        static let documentation = "A child element the policy does not have (did-you-mean), or any child element in a policy that takes none."

        static func message(_ name: String, in owner: String, suggestion: String?) -> String {
            "'\(owner)' has no child element '\(name)'\(didYouMean(suggestion))"
        }

        static func message(_ name: String, inChildless owner: String) -> String {
            "'\(owner)' has no child elements; found '\(name)'"
        }

        /// The child's spec, or nil after reporting it.
        static func check(_ child: Element, of owner: String, allowed specs: [ElementSpec], in lint: inout LintWalker) -> ElementSpec? {
            spec(named: child.name, in: specs, \.name) { suggestion in
                lint.report(rule, message(child.name, in: owner, suggestion: suggestion), at: child.location)
            }
        }

        /// Any child of an element that takes none (empty or text content).
        static func check(childrenOf element: Element, owner: String, in lint: inout LintWalker) {
            for child in element.elements {
                lint.report(rule, message(child.name, inChildless: owner), at: child.location)
            }
        }

        static let examples: [LintExample] = [
            .fires(policies("<set-header name=\"a\">↓<valu>1</valu></set-header>"), "'set-header' has no child element 'valu'; did you mean 'value'?"),
            .fires(policies("<set-variable name=\"a\" value=\"1\">↓<value /></set-variable>"), "'set-variable' has no child elements; found 'value'"),
            .quiet(policies("<set-header name=\"a\"><value>1</value><value>2</value></set-header>")),
        ]
    }
}

extension LintRule {
    public static var elementUnknown: LintRule { LintRules.ElementUnknown.rule }
}
