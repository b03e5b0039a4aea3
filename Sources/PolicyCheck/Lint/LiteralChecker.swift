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
            if trimmed.containsUTF8(0x20) { return "'\(text)' is not a valid URL (it contains a space)" }
            return nil
        case .timeSpan:
            return isTimeSpan(trimmed) ? nil : "'\(text)' is not a duration (hh:mm:ss or ISO 8601 such as PT30S)"
        }
    }

    /// A part of `text` that looks like a deploy-time template placeholder (`{1}`, `${name}`,
    /// `__NAME__`, `#{x}#`) or a malformed named value (`{{name}`, `{{name}]`), or nil.
    static func placeholder(in text: String) -> String? {
        // Every pattern needs a `{` or `__`; most values have neither and skip the expressions.
        guard text.containsUTF8(UInt8(ascii: "{")) || (text.containsUTF8(0x5F) && text.contains("__")) else { return nil }
        let whole = NSRange(text.startIndex..., in: text)
        for pattern in placeholderPatterns {
            if let match = pattern.firstMatch(in: text, range: whole), let range = Range(match.range, in: text) { return String(text[range]) }
        }
        return nil
    }

    /// The placeholder patterns, compiled once (`NSRegularExpression` is safe to share).
    nonisolated(unsafe) private static let placeholderPatterns: [NSRegularExpression] =
        [#"\{\{[A-Za-z0-9._-]+(\}|\]|\))?(?!\})"#, #"\$\{[^}]*\}"#, #"#\{[^}]*\}#"#, #"\{[0-9]+\}"#, #"__[A-Z0-9_]+__"#]
            .map { try! NSRegularExpression(pattern: $0) }

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
