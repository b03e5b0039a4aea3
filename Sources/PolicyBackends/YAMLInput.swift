import PolicySource
import Yams

/// The one way policycheck reads YAML (scenarios, named values, backends, anything else): every
/// guard a hostile document needs runs here, before and after composing, so that no reader can
/// forget one. A document that passes is a Yams node tree of at most `maximumValues` values
/// (aliases counted as often as they are used) and `maximumDepth` levels. Docs/limits.md.
public enum YAMLInput {
    public static let maximumBytes = 16 << 20
    public static let maximumValues = 1_000_000
    public static let maximumDepth = 200

    /// Composes `file`; nil for an empty document. `document` names the file's role in the
    /// messages ("the scenario", "the named values file"). Every refusal is an `InputError` at
    /// the file, line and column where the problem is.
    public static func compose(_ file: SourceFile, document: String = "the document") throws(InputError) -> Node? {
        let start = file.location(at: 0)
        let syntax = syntaxName(file)
        if file.bytes.count > maximumBytes {
            throw InputError("\(document) is \(file.bytes.count) bytes; the limit is \(maximumBytes >> 20) MiB", at: start)
        }
        if let problem = file.encodingProblem() { throw InputError(problem.message, at: file.location(at: problem.offset)) }
        if let offset = ConfigValue.flowNestingOverflow(in: file, limit: maximumDepth) {
            throw InputError("the \(syntax) nests deeper than \(maximumDepth) levels", at: file.location(at: offset))
        }
        try checkComplexKeys(file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.text)
        } catch let error as YamlError {
            throw yamlError(error, in: file)
        } catch {
            throw InputError("invalid \(syntax): \(error)", at: start)
        }
        if let root { try checkSize(root, in: file, document: document) }
        return root
    }

    /// The location of a Yams mark in `file`, with its byte offset.
    public static func location(_ mark: Mark?, in file: SourceFile) -> SourceLocation {
        guard let mark else { return file.location(at: 0) }
        return SourceLocation(path: file.path, line: mark.line, column: mark.column, offset: file.offset(line: mark.line, column: mark.column) ?? 0)
    }

    /// "JSON" for a `.json` file (read as YAML, whose flow syntax is a superset), else "YAML".
    static func syntaxName(_ file: SourceFile) -> String {
        file.path.lowercased().hasSuffix(".json") ? "JSON" : "YAML"
    }

    static func yamlError(_ error: YamlError, in file: SourceFile) -> InputError {
        let syntax = syntaxName(file)
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let suffix = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return InputError("invalid \(syntax): \(problem)\(suffix)", at: location(mark, in: file))
        case .reader(let problem, let offset, _, _):
            return InputError("invalid \(syntax): \(problem)", at: file.location(at: offset ?? 0))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InputError("invalid \(syntax): duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))", at: location(context.mark, in: file))
        default:
            return InputError("invalid \(syntax): \(error)", at: file.location(at: 0))
        }
    }

    /// Refuses trees that expand (through aliases) into more than `maximumValues` values or nest
    /// deeper than `maximumDepth` levels, before any reader walks them.
    static func checkSize(_ root: Node, in file: SourceFile, document: String) throws(InputError) {
        var count = 0
        var stack: [(Node, Int)] = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > maximumValues {
                throw InputError("\(document) is too large: more than \(maximumValues) values once YAML aliases are expanded", at: location(root.mark, in: file))
            }
            if depth > maximumDepth {
                throw InputError("the \(syntaxName(file)) nests deeper than \(maximumDepth) levels", at: location(node.mark, in: file))
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append((key, depth + 1))
                    stack.append((value, depth + 1))
                }
            case .sequence(let sequence):
                for element in sequence { stack.append((element, depth + 1)) }
            case .scalar, .alias:
                break
            }
        }
    }

    /// Yams hashes every key of a map to find duplicates, recursively: a key that is an alias of
    /// a large collection (`? *bomb`) would take exponential time before we see the tree. When the
    /// document defines anchors, refuse keys that are not plain scalars — explicit `? ` keys, flow
    /// collections as keys (`[…]: `) and aliases as keys (`*a: `) — before composing.
    static func checkComplexKeys(_ file: SourceFile) throws(InputError) {
        let bytes = file.bytes
        guard bytes.contains(0x26), bytes.contains(0x2A) else { return }  // '&' and '*'
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        func opensToken(_ index: Int) -> Bool {
            guard index > 0 else { return true }
            let previous = bytes[index - 1]
            return isSpace(previous) || previous == 0x5B || previous == 0x7B || previous == 0x2C
        }
        /// The next non-space byte on the same line at or after `index`.
        func nextOnLine(_ index: Int) -> (Int, UInt8)? {
            var i = index
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            return i < bytes.count ? (i, bytes[i]) : nil
        }
        func isValueIndicator(_ index: Int) -> Bool {
            guard let (i, b) = nextOnLine(index), b == 0x3A else { return false }
            return i + 1 >= bytes.count || isSpace(bytes[i + 1]) || bytes[i + 1] == 0x2C || bytes[i + 1] == 0x5D || bytes[i + 1] == 0x7D
        }
        let refusal = "keys must be plain names when the document uses anchors (&name); explicit keys (?), lists or maps as keys and aliases (*name) as keys are not supported"
        var quote: UInt8 = 0
        var index = 0
        var lineStart = true
        var lineIndent = 0
        var blockScalarIndent: Int?  // lines more indented than this belong to a block scalar
        var lastContentByte: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if lineStart {
                var indent = 0
                while index + indent < bytes.count, bytes[index + indent] == 0x20 { indent += 1 }
                let blank = index + indent >= bytes.count || bytes[index + indent] == 0x0A || bytes[index + indent] == 0x0D
                if let scalarIndent = blockScalarIndent, quote == 0 {
                    if blank || indent > scalarIndent {
                        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                        index += 1
                        continue
                    }
                    blockScalarIndent = nil
                }
                lineStart = false
                lineIndent = indent
                lastContentByte = 0
                index += indent
                continue
            }
            if byte == 0x0A {
                if quote == 0, lastContentByte == 0x7C || lastContentByte == 0x3E { blockScalarIndent = lineIndent }
                lineStart = true
                index += 1
                continue
            }
            if quote != 0 {
                if byte == 0x5C, quote == 0x22 { index += 2; continue }
                if byte == quote { quote = 0; lastContentByte = byte }
                index += 1
                continue
            }
            switch byte {
            case 0x22, 0x27:
                if opensToken(index) || (index > 0 && bytes[index - 1] == 0x3A) { quote = byte }
            case 0x23 where opensToken(index):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            case 0x3F where opensToken(index) && (index + 1 >= bytes.count || isSpace(bytes[index + 1])):
                throw InputError(refusal, at: file.location(at: index))
            case 0x2A where opensToken(index):
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                if end > index + 1, isValueIndicator(end) { throw InputError(refusal, at: file.location(at: index)) }
            case 0x5D, 0x7D:
                if isValueIndicator(index + 1) { throw InputError(refusal, at: file.location(at: index)) }
            default:
                break
            }
            if !isSpace(byte) {
                // Block scalar headers: `|`, `>`, with optional chomping and indentation indicators.
                if (byte == 0x2D || byte == 0x2B || (byte >= 0x31 && byte <= 0x39)), lastContentByte == 0x7C || lastContentByte == 0x3E {
                    // keep `|` / `>` as the last meaningful byte
                } else {
                    lastContentByte = byte
                }
            }
            index += 1
        }
    }
}
