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
    for entry in entries {
        guard let source = entry["src"] as? String else { continue }
        do {
            let expression = try ExpressionParser.parse(source)
            _ = PreparedExpression(expression)
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
}
