import PolicyExpressions
import PolicyModel
import PolicySource

/// Parses and checks every policy expression of a document, reporting at the original line and
/// column (also inside `&quot;`-escaped expressions).
enum ExpressionLint {
    static func check(_ document: PolicyDocument) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for value in DocumentValues(document).entries.map(\.value) {
            guard let expression = value.expression, expression.closed else { continue }
            // Named values are replaced before evaluation; such an expression is only known at run time.
            if !value.namedValues.isEmpty { continue }
            for issue in ExpressionChecker.check(source: expression.text) {
                let location = document.file.location(at: expression.map.original(issue.offset))
                findings.append(Diagnostic(issue.severity, issue.rule, issue.message, at: location))
            }
        }
        return findings
    }
}
