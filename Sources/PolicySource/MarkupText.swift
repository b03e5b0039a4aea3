/// The one XML escaper: `&`, `<`, `>` always; quotes, whitespace and characters XML 1.0 cannot hold
/// as each caller's format needs (json-to-xml and Liquid's `escape` filter in the simulation,
/// JUnit reports in the CLI).
public enum MarkupText {
    /// How `'` is written: kept, `&#39;` (Liquid's `escape`) or `&apos;` (XML attributes).
    public enum Apostrophe: Sendable {
        case kept, numeric, named
    }

    /// - Parameters:
    ///   - quote: write `"` as `&quot;`.
    ///   - apostrophe: how to write `'`.
    ///   - whitespace: write newline and tab as `&#10;`/`&#9;` (attribute values keep them so).
    ///   - xml10: write CR as `&#13;`, and the control characters and U+FFFE/U+FFFF that XML 1.0
    ///     cannot hold at all as U+FFFD.
    public static func escaped(_ text: String, quote: Bool = true, apostrophe: Apostrophe = .kept, whitespace: Bool = false, xml10: Bool = false) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quote: result += "&quot;"
            case "'" where apostrophe == .numeric: result += "&#39;"
            case "'" where apostrophe == .named: result += "&apos;"
            case "\n" where whitespace: result += "&#10;"
            case "\t" where whitespace: result += "&#9;"
            case "\r" where xml10: result += "&#13;"
            default:
                if xml10, scalar != "\n", scalar != "\t", scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
