import Foundation
import PolicyModel

/// Checks literal attribute values against their catalog type.
enum LiteralChecker {
    /// A description of what is wrong with `text` as a value of `type`, or nil when it is fine.
    static func problem(with text: String, as type: AttributeType) -> String? {
        let trimmed = text.trimmingSpaces()
        switch type {
        case .string:
            return nil
        case .boolean:
            let lower = trimmed.lowercased()
            return lower == "true" || lower == "false" ? nil : "'\(text)' is not a boolean (true or false)"
        case .integer(let min, let max):
            guard let number = Int(trimmed) else { return "'\(text)' is not a whole number" }
            if let min, number < min { return outOfRange(text, min, max) }
            if let max, number > max { return outOfRange(text, min, max) }
            return nil
        case .number(let min, let max):
            guard let number = Double(trimmed), number.isFinite else { return "'\(text)' is not a number" }
            if let min, number < min { return "'\(text)' is below the minimum \(min)" }
            if let max, number > max { return "'\(text)' is above the maximum \(max)" }
            return nil
        case .enumeration(let allowed):
            if allowed.contains(where: { $0.caseInsensitiveEquals(trimmed) }) { return nil }
            return "'\(text)' is not one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
        case .url:
            if trimmed.isEmpty { return "the URL is empty" }
            if trimmed.contains(" ") { return "'\(text)' is not a valid URL (it contains a space)" }
            return nil
        case .timeSpan:
            return isTimeSpan(trimmed) ? nil : "'\(text)' is not a duration (hh:mm:ss or ISO 8601 such as PT30S)"
        }
    }

    /// A part of `text` that looks like a deploy-time template placeholder (`{1}`, `${name}`,
    /// `__NAME__`, `#{x}#`) or a malformed named value (`{{name}`, `{{name}]`), or nil.
    static func placeholder(in text: String) -> String? {
        let patterns = [#"\{\{[A-Za-z0-9._-]+(\}|\]|\))?(?!\})"#, #"\$\{[^}]*\}"#, #"#\{[^}]*\}#"#, #"\{[0-9]+\}"#, #"__[A-Z0-9_]+__"#]
        for pattern in patterns {
            if let range = text.range(of: pattern, options: .regularExpression) { return String(text[range]) }
        }
        return nil
    }

    static func placeholderKind(_ placeholder: String) -> String {
        placeholder.hasPrefix("{{") ? "a malformed named value reference" : "a template placeholder to fill before deployment"
    }

    private static func outOfRange(_ text: String, _ min: Int?, _ max: Int?) -> String {
        switch (min, max) {
        case (let min?, let max?): "'\(text)' is outside the range \(min)–\(max)"
        case (let min?, nil): "'\(text)' is below the minimum \(min)"
        case (nil, let max?): "'\(text)' is above the maximum \(max)"
        case (nil, nil): "'\(text)' is out of range"
        }
    }

    private static func isTimeSpan(_ text: String) -> Bool {
        if text.hasPrefix("P") || text.hasPrefix("-P") { return text.count > 1 }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 2 else { return Int(text) != nil }
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isNumber || $0 == "." } }
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
