import PolicyModel
import PolicySource

/// A lint rule: its id (printed in brackets), default severity and the help text shown in SARIF.
public struct LintRule: Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var summary: String

    public init(_ id: String, _ severity: Severity, _ summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }
}

/// The rules, one file each in `Lint/Rules/` (as swift-format's): each type holds its rule, the
/// messages it emits, its check (or says where the check runs) and its examples, and its row of
/// `Docs/lint-rules.md` (LintRuleTests runs the examples and checks the rows).
enum LintRules {}

/// What a rule's file declares.
protocol LintRuleDefinition {
    /// Id, severity and summary.
    static var rule: LintRule { get }
    /// The severity column of the rule's row in Docs/lint-rules.md ("error / warning" for a
    /// rule that reports both).
    static var documentedSeverity: String { get }
    /// The "What it reports" column of the rule's row in Docs/lint-rules.md.
    static var documentation: String { get }
    /// Sources with `↓` where each finding lands, and sources that stay quiet.
    static var examples: [LintExample] { get }
}

extension LintRuleDefinition {
    static var documentedSeverity: String { rule.severity.rawValue }

    /// The rule's row in Docs/lint-rules.md.
    static var documentationRow: String {
        "| `\(rule.id)` | \(documentedSeverity) | \(documentation) |"
    }
}

extension LintRule {
    /// The document and tree rules, in the order SARIF lists them.
    static var definitions: [any LintRuleDefinition.Type] {
        [
            LintRules.Markup.self, LintRules.ExpressionUnclosed.self, LintRules.XMLDoctype.self, LintRules.XMLLimits.self,
            LintRules.Root.self, LintRules.SectionUnknown.self, LintRules.SectionDuplicate.self, LintRules.SectionOrder.self,
            LintRules.PolicyUnknown.self, LintRules.PolicySection.self, LintRules.AttributeUnknown.self, LintRules.AttributeRequired.self,
            LintRules.AttributeExclusive.self, LintRules.AttributeValue.self, LintRules.AttributeExpression.self,
            LintRules.ElementUnknown.self, LintRules.ElementCount.self, LintRules.RetryBufferBody.self, LintRules.FragmentStructure.self,
            LintRules.NamedValueUndefined.self, LintRules.FragmentUnknown.self, LintRules.ExpressionTrailing.self,
            LintRules.ValuePlaceholder.self, LintRules.ValueEmpty.self, LintRules.BackendUnknown.self,
            LintRules.BaseGlobal.self, LintRules.BaseMissing.self, LintRules.APIOpsTree.self, LintRules.NamedValueEnvironment.self,
            LintRules.EnvironmentUnknown.self,
        ]
    }

    /// The rules of the expression checker (Sources/PolicyExpressions/Checker).
    static var expressionDefinitions: [any LintRuleDefinition.Type] {
        [
            LintRules.ExpressionSyntax.self, LintRules.ExpressionUnsupported.self, LintRules.ExpressionUnknownMember.self,
            LintRules.ExpressionUnknownName.self, LintRules.ExpressionUnknownType.self, LintRules.ExpressionDisallowedType.self,
            LintRules.ExpressionMissingReturn.self,
        ]
    }

    /// Every rule, for SARIF and the documentation.
    public static let all: [LintRule] = definitions.map { $0.rule }

    /// The rules of the expression checker.
    public static let expressionRules: [LintRule] = expressionDefinitions.map { $0.rule }
}

extension LintRuleDefinition {
    /// "; did you mean 'x'?" after a message, or nothing.
    static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The spec of this name; else `report` is given the closest name of the specs, and nil returned.
    static func spec<Spec>(named name: String, in specs: [Spec], _ specName: (Spec) -> String, otherwise report: (String?) -> Void) -> Spec? {
        if let spec = specs.first(where: { specName($0) == name }) { return spec }
        report(closestMatch(to: name, in: specs.map(specName)))
        return nil
    }

    /// A literal id that names nothing of `known`, with the closest that does; nil when `known`
    /// was not given (no `--fragments`, no `--backends`), the value is absent or an expression, or
    /// it names one.
    static func unknownLiteral(_ value: PolicyValue?, in known: Set<String>?) -> (id: PolicyValue, suggestion: String?)? {
        guard let known, let value, value.isLiteral, !known.contains(value.text) else { return nil }
        return (value, closestMatch(to: value.text, in: known))
    }
}
