import PolicyExpressions
import PolicyModel
import PolicySource

/// Parses and checks every policy expression of a document, reporting at the original line and
/// column (also inside `&quot;`-escaped expressions).
enum ExpressionLint {
    static func check(_ document: PolicyDocument) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var stack: [Element] = [document.root]
        while let element = stack.popLast() {
            var values = element.attributes.map(\.value)
            if let text = element.text { values.append(text) }
            for value in values {
                guard let expression = value.expression, expression.closed else { continue }
                // Named values are replaced before evaluation; such an expression is only known at run time.
                if !value.namedValues.isEmpty { continue }
                for issue in ExpressionChecker.check(source: expression.text) {
                    let location = document.file.location(at: expression.map.original(issue.offset))
                    findings.append(Diagnostic(issue.severity, issue.rule, issue.message, at: location))
                }
            }
            stack.append(contentsOf: element.elements)
            stack.append(contentsOf: element.policies.map(\.element))
        }
        return findings
    }
}

extension LintRule {
    public static let expressionSyntax = LintRule("expression-syntax", .error, "A policy expression that is not valid C#.")
    public static let expressionUnsupported = LintRule("expression-unsupported", .warning, "Valid C# that policycheck does not support yet (never an error).")
    public static let expressionUnknownMember = LintRule("expression-unknown-member", .error, "A member that does not exist on a statically known type (`context.Respone`), with did-you-mean.")
    public static let expressionUnknownName = LintRule("expression-unknown-name", .error, "A name declared nowhere in the expression and not a type.")
    public static let expressionUnknownType = LintRule("expression-unknown-type", .warning, "A type name policycheck does not know.")
    public static let expressionDisallowedType = LintRule("expression-disallowed-type", .error, "A .NET type outside APIM's allowed list for policy expressions.")
    public static let expressionMissingReturn = LintRule("expression-missing-return", .error, "A `@{ }` block without a `return` statement.")

    /// The rules of the expression checker.
    public static let expressionRules: [LintRule] = [
        .expressionSyntax, .expressionUnsupported, .expressionUnknownMember, .expressionUnknownName, .expressionUnknownType,
        .expressionDisallowedType, .expressionMissingReturn,
    ]
}
