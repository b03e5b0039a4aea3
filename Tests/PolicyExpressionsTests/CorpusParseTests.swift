import Foundation
import PolicyExpressions
import Testing

/// Parses every expression of an extracted corpus file (JSON array of `{file, line, src}`),
/// when `POLICYCHECK_EXPRESSION_CORPUS` points at one; prints the share that parses.
@Test(.enabled(if: ProcessInfo.processInfo.environment["POLICYCHECK_EXPRESSION_CORPUS"] != nil))
func corpusExpressionsParse() throws {
    let path = try #require(ProcessInfo.processInfo.environment["POLICYCHECK_EXPRESSION_CORPUS"])
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    var parsed = 0
    var failures: [String] = []
    var findings: [String] = []
    var evaluated = 0
    var evaluationErrors: [String: Int] = [:]
    for entry in entries {
        guard let source = entry["src"] as? String else { continue }
        do {
            let expression = try ExpressionParser.parse(source)
            let prepared = PreparedExpression(expression)
            // Evaluation must end (value or .NET-style error), never crash or hang.
            let context = PolicyContext(request: RequestData(method: "POST", url: RequestUrl(parsing: "https://apim.example/api/items?id=1") ?? RequestUrl(),
                                                             headers: HeaderDictionary([("Authorization", ["Bearer abc"]), ("Content-Type", ["application/json"])]),
                                                             body: MessageBody(text: "{\"messages\": [], \"model\": \"gpt\"}")))
            if let body = try? PreparedExpression(source: #"@(JObject.Parse("{\"stream\":false,\"messages\":[]}"))"#).evaluate(in: context) {
                context.variables.set("requestBody", body)
            }
            switch Result(catching: { try prepared.evaluate(in: context, stepBudget: 100_000) }) {
            case .success: evaluated += 1
            case .failure(let error):
                let runtime = error as? ExpressionRuntimeError
                evaluationErrors[runtime?.exceptionType ?? "?", default: 0] += 1
                if let runtime, ProcessInfo.processInfo.environment["POLICYCHECK_EXPRESSION_VERBOSE"] != nil || runtime.exceptionType.hasPrefix("PolicyCheck.") {
                    print("  EVAL \(entry["file"] as? String ?? "?"):\(entry["line"] as? Int ?? 0): \(runtime.message)")
                }
            }
            for issue in ExpressionChecker.check(expression) {
                let bytes = Array(source.utf8)
                let snippet = issue.offset < bytes.count ? String(decoding: bytes[issue.offset...].prefix(30), as: UTF8.self) : ""
                findings.append("\(entry["file"] as? String ?? "?"):\(entry["line"] as? Int ?? 0): \(issue.severity.rawValue): \(issue.message) [\(issue.rule)] near «\(snippet)»")
            }
            parsed += 1
        } catch {
            let file = entry["file"] as? String ?? "?"
            let line = entry["line"] as? Int ?? 0
            let bytes = Array(source.utf8)
            let snippet = error.offset < bytes.count ? String(decoding: bytes[error.offset...].prefix(40), as: UTF8.self) : ""
            failures.append("\(file):\(line): \(error.message) at \(error.offset) near «\(snippet)»")
        }
    }
    let total = parsed + failures.count
    print("corpus: \(parsed)/\(total) expressions parse (\(String(format: "%.2f", 100.0 * Double(parsed) / Double(max(total, 1))))%)")
    for failure in failures { print("  FAIL \(failure)") }
    print("evaluated without error: \(evaluated); errors by type: \(evaluationErrors.sorted { $0.key < $1.key })")
    print("checker findings on corpus expressions: \(findings.count)")
    for finding in findings { print("  CHECK \(finding)") }
}
