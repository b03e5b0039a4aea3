import PolicySource

/// A located value tree: what a backend definition says, from YAML, JSON (ARM) or Bicep, with the
/// place in the original file of every node, so that every finding can name file, line and column.
public struct ConfigValue: Sendable, Hashable, CustomStringConvertible {
    /// The shape of one node.
    public indirect enum Kind: Sendable, Hashable {
        /// Keys in source order.
        case object([ConfigEntry])
        case array([ConfigValue])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        /// A Bicep/ARM value that cannot be known offline (a deployment output, `uniqueString(...)`, …),
        /// held as a readable placeholder such as `https://${cognitiveServices1.properties.endpoint}/openai`.
        case unresolved(String)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    // MARK: Accessors

    /// The entries of an object, or nil.
    public var entries: [ConfigEntry]? {
        if case .object(let entries) = kind { return entries }
        return nil
    }

    /// The elements of an array, or nil.
    public var elements: [ConfigValue]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    /// The value of a key of an object (exact match first, then case-insensitive, as ARM does).
    public subscript(key: String) -> ConfigValue? {
        entry(key)?.value
    }

    /// The entry of a key of an object (exact match first, then case-insensitive, as ARM does).
    public func entry(_ key: String) -> ConfigEntry? {
        guard case .object(let entries) = kind else { return nil }
        if let exact = entries.first(where: { $0.key == key }) { return exact }
        let lower = key.lowercased()
        return entries.first(where: { $0.key.lowercased() == lower })
    }

    /// A string value, or nil (an unresolved placeholder is not a string).
    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    /// A string or the text of an unresolved placeholder.
    public var text: String? {
        switch kind {
        case .string(let s), .unresolved(let s): return s
        default: return nil
        }
    }

    public var number: Double? {
        if case .number(let n) = kind { return n }
        return nil
    }

    /// An exact integer (also from a numeric string such as `"10"`), or nil. Both forms are limited
    /// to magnitudes below 9e15 so callers can add and subtract such integers without overflow.
    public var integer: Int? {
        switch kind {
        case .number(let n):
            guard n.isFinite, n == n.rounded(), abs(n) < 9.0e15 else { return nil }
            return Int(n)
        case .string(let s):
            guard let n = Int(s.trimmingSpaces), n > -9_000_000_000_000_000, n < 9_000_000_000_000_000 else { return nil }
            return n
        default:
            return nil
        }
    }

    /// A bool (also `"true"`/`"false"` strings), or nil.
    public var bool: Bool? {
        switch kind {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    public var isUnresolved: Bool {
        if case .unresolved = kind { return true }
        return false
    }

    /// A short name of the node's type for messages: `object`, `array`, `string`, …
    public var typeName: String {
        switch kind {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .null: "null"
        case .unresolved: "value unknown offline"
        }
    }

    /// A compact JSON-like rendering (placeholders shown as `<…>`), for messages and tests.
    public var description: String {
        switch kind {
        case .object(let entries):
            return "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .array(let elements):
            return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .string(let s): return "'\(s)'"
        case .number(let n): return formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .unresolved(let s): return "<\(s)>"
        }
    }
}

/// One key of an object, with the location of the key itself.
public struct ConfigEntry: Sendable, Hashable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: ConfigValue

    public init(key: String, keyLocation: SourceLocation, value: ConfigValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A number as text: integers without a fraction.
func formatNumber(_ n: Double) -> String {
    if n.isFinite, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
    return String(n)
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return s
    }
}
