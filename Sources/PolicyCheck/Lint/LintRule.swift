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

/// What a rule's file declares: its `definition`, a value (not a protocol conformance, so the
/// rule types add nothing the Swift runtime scans when the program casts dynamically).
struct LintRuleDefinition: Sendable {
    /// Id, severity and summary.
    let rule: LintRule
    /// The severity column of the rule's row in Docs/lint-rules.md ("error / warning" for a
    /// rule that reports both).
    let documentedSeverity: String
    /// The "What it reports" column of the rule's row in Docs/lint-rules.md.
    let documentation: String
    /// Sources with `↓` where each finding lands, and sources that stay quiet (made when asked).
    let examples: @Sendable () -> [LintExample]

    init(_ rule: LintRule, _ documentation: String, severity: String? = nil, examples: @escaping @Sendable () -> [LintExample]) {
        self.rule = rule
        self.documentedSeverity = severity ?? rule.severity.rawValue
        self.documentation = documentation
        self.examples = examples
    }

    /// The rule's row in Docs/lint-rules.md.
    var documentationRow: String {
        "| `\(rule.id)` | \(documentedSeverity) | \(documentation) |"
    }
}

extension LintRule {
    /// The document and tree rules, in the order SARIF lists them.
    static var definitions: [LintRuleDefinition] {
        [
            LintRules.Markup.definition, LintRules.ExpressionUnclosed.definition, LintRules.XMLDoctype.definition, LintRules.XMLLimits.definition,
            LintRules.Root.definition, LintRules.SectionUnknown.definition, LintRules.SectionDuplicate.definition, LintRules.SectionOrder.definition,
            LintRules.PolicyUnknown.definition, LintRules.PolicySection.definition, LintRules.AttributeUnknown.definition, LintRules.AttributeRequired.definition,
            LintRules.AttributeExclusive.definition, LintRules.AttributeValue.definition, LintRules.AttributeExpression.definition,
            LintRules.ElementUnknown.definition, LintRules.ElementCount.definition, LintRules.RetryBufferBody.definition, LintRules.FragmentStructure.definition,
            LintRules.NamedValueUndefined.definition, LintRules.FragmentUnknown.definition, LintRules.ExpressionTrailing.definition,
            LintRules.ValuePlaceholder.definition, LintRules.ValueEmpty.definition, LintRules.BackendUnknown.definition,
            LintRules.BaseGlobal.definition, LintRules.BaseMissing.definition, LintRules.APIOpsTree.definition, LintRules.NamedValueEnvironment.definition,
            LintRules.EnvironmentUnknown.definition,
        ]
    }

    /// The rules of the expression checker (Sources/PolicyExpressions/Checker).
    static var expressionDefinitions: [LintRuleDefinition] {
        [
            LintRules.ExpressionSyntax.definition, LintRules.ExpressionUnsupported.definition, LintRules.ExpressionUnknownMember.definition,
            LintRules.ExpressionUnknownName.definition, LintRules.ExpressionUnknownType.definition, LintRules.ExpressionDisallowedType.definition,
            LintRules.ExpressionMissingReturn.definition,
        ]
    }

    /// Every rule, for SARIF and the documentation.
    public static let all: [LintRule] = definitions.map(\.rule)

    /// The rules of the expression checker.
    public static let expressionRules: [LintRule] = expressionDefinitions.map(\.rule)
}

extension LintRules {
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
