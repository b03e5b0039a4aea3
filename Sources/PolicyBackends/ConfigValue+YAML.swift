import PolicySource
import Yams

/// The deepest nesting of objects and arrays any reader accepts; deeper input is an error, not a crash.
let maximumNestingDepth = 200

extension ConfigValue {
    /// Reads a YAML (or JSON: JSON is read as YAML) document into a located value tree.
    /// An empty document is an empty object. Syntax errors become an `InputError` at their line and column.
    public static func parseYAML(_ file: SourceFile) throws(InputError) -> ConfigValue {
        let node = try YAMLInput.compose(file, document: "the file")
        guard let node else { return ConfigValue(.object([]), at: file.location(at: 0)) }
        return try ConfigValue(yaml: node, in: file)
    }

    /// Converts a Yams node (with its marks) into a located value tree. `file` is the file the node
    /// was read from, used to turn marks into locations with byte offsets.
    public init(yaml node: Node, in file: SourceFile) throws(InputError) {
        self = try Self.convert(node, file: file, depth: 0)
    }

    /// Converts a Yams node whose marks refer to the file at `path` (when the caller has no `SourceFile`).
    public init(yaml node: Node, path: String) throws(InputError) {
        try self.init(yaml: node, in: SourceFile(path: path, bytes: []))
    }

    private static func location(_ mark: Mark?, _ file: SourceFile) -> SourceLocation {
        guard let mark else { return SourceLocation(path: file.path, line: 1, column: 1) }
        let offset = file.offset(line: mark.line, column: mark.column) ?? 0
        return SourceLocation(path: file.path, line: mark.line, column: mark.column, offset: offset)
    }

    private static func convert(_ node: Node, file: SourceFile, depth: Int) throws(InputError) -> ConfigValue {
        let at = location(node.mark, file)
        guard depth < maximumNestingDepth else {
            throw InputError("nesting deeper than \(maximumNestingDepth) levels", at: at)
        }
        switch node {
        case .scalar(let scalar):
            return ConfigValue(scalarKind(scalar), at: at)
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            entries.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                let keyText: String
                switch key {
                case .scalar(let s): keyText = s.string
                default:
                    throw InputError("a key must be a plain value, not a map or list",
                                     at: location(key.mark, file))
                }
                let converted = try convert(value, file: file, depth: depth + 1)
                entries.append(ConfigEntry(key: keyText, keyLocation: location(key.mark, file), value: converted))
            }
            return ConfigValue(.object(entries), at: at)
        case .sequence(let sequence):
            var elements: [ConfigValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                elements.append(try convert(element, file: file, depth: depth + 1))
            }
            return ConfigValue(.array(elements), at: at)
        case .alias:
            throw InputError("YAML aliases are not supported here", at: at)
        }
    }

    private static func scalarKind(_ scalar: Node.Scalar) -> Kind {
        // Quoted scalars are always strings; plain ones are resolved by YAML's core schema.
        if scalar.style != .plain && scalar.style != .any { return .string(scalar.string) }
        return plainScalarKind(scalar.string)
    }

    /// YAML 1.2 core schema for plain scalars: null, true/false, integers (also 0x, 0o), floats.
    static func plainScalarKind(_ text: String) -> Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == 0x2D || first == 0x2B || first == 0x2E || (first >= 0x30 && first <= 0x39) else {
            return .string(text)
        }
        if text.hasPrefix("0x"), let v = Int64(text.dropFirst(2), radix: 16) { return .number(Double(v)) }
        if text.hasPrefix("0o"), let v = Int64(text.dropFirst(2), radix: 8) { return .number(Double(v)) }
        let allowed = bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }
        guard allowed, bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }), let v = Double(text) else { return .string(text) }
        return .number(v)
    }

    /// The offset of the first `[` or `{` that nests flow collections deeper than `limit`
    /// (outside quoted scalars and comments), or nil. A cheap guard to run before composing YAML,
    /// whose composer recurses once per level.
    public static func flowNestingOverflow(in file: SourceFile, limit: Int) -> Int? {
        var depth = 0
        var quote: UInt8 = 0
        var index = 0
        let bytes = file.bytes
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == 0x5C, quote == 0x22 { index += 2; continue }
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                // A quote only opens a string at the start of a scalar; good enough for a depth guard.
                let previous = index > 0 ? bytes[index - 1] : 0x20
                if previous == 0x20 || previous == 0x5B || previous == 0x7B || previous == 0x2C
                    || previous == 0x3A || previous == 0x0A || previous == 0x09 {
                    quote = byte
                }
            } else if byte == 0x5B || byte == 0x7B {
                depth += 1
                if depth > limit { return index }
            } else if byte == 0x5D || byte == 0x7D {
                depth = max(0, depth - 1)
            } else if byte == 0x23, index == 0 || bytes[index - 1] == 0x20 || bytes[index - 1] == 0x0A {
                // A comment: skip to the end of the line.
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            index += 1
        }
        return nil
    }
}
