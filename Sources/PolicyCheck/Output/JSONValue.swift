import PolicySource

/// A JSON value with ordered object keys, so that output is byte-identical across runs and
/// machines (no hash ordering).
public indirect enum JSONValue: Sendable, Hashable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.render() == rhs.render() }
    public func hash(into hasher: inout Hasher) { hasher.combine(render()) }

    /// `.string` or `.null`.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// Serialises with two-space indentation (or compactly).
    public func render(pretty: Bool = true) -> String {
        var output = ""
        write(to: &output, indent: 0, pretty: pretty)
        return output
    }

    /// Pretty form for a value nested `indent` levels deep (its closing brace so indented).
    func render(indent: Int) -> String {
        var output = ""
        write(to: &output, indent: indent, pretty: true)
        return output
    }

    private func write(to output: inout String, indent: Int, pretty: Bool) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                output += pad + JSONText.quoted(key) + (pretty ? ": " : ":")
                value.write(to: &output, indent: indent + 1, pretty: pretty)
                output += (index + 1 < members.count ? "," : "") + newline
            }
            output += closePad + "}"
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[" + newline
            for (index, item) in items.enumerated() {
                output += pad
                item.write(to: &output, indent: indent + 1, pretty: pretty)
                output += (index + 1 < items.count ? "," : "") + newline
            }
            output += closePad + "]"
        case .string(let text): output += JSONText.quoted(text)
        case .int(let number): output += String(number)
        case .double(let number):
            output += number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)) : "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        }
    }
}
