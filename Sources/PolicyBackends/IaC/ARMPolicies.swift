import PolicySource

/// The policy documents of an ARM template: resources of the APIM policy types (top level, child
/// `resources` with relative types, symbolic-name resource objects, nested
/// `Microsoft.Resources/deployments` templates), `properties.value` strings taken as literals or
/// as `[concat(…)]`/`[format(…)]`/`[replace(…)]`/`[variables('…')]` expressions (compiled Bicep's
/// `[variables('$fxv#0')]` resolves through `variables`). JSON with comments, as ARM allows.
enum ARMPolicies {
    static func extract(_ file: SourceFile) throws(InputError) -> IaCExtraction {
        var parser = PositionedJSONParser(file: file)
        let root = try parser.parseDocument()
        var extraction = IaCExtraction()
        guard case .object = root.kind, root["resources"] != nil else { return extraction }
        var reader = ARMPolicyReader(file: file)
        try reader.template(root, variables: [], into: &extraction, parentType: nil, prefix: "")
        return extraction
    }
}

/// A JSON value with the byte range it was written at.
struct PositionedJSON: Sendable {
    indirect enum Kind: Sendable {
        case object([(key: String, value: PositionedJSON)])
        case array([PositionedJSON])
        /// A string: its decoded text with offsets.
        case string(EmbeddedText)
        case scalar(String)
    }

    var kind: Kind
    var start: Int

    subscript(key: String) -> PositionedJSON? {
        guard case .object(let entries) = kind else { return nil }
        return entries.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    var string: String? {
        if case .string(let t) = kind { return t.text }
        return nil
    }
}

/// JSON with `//` and `/* */` comments; strings keep the offset of each decoded byte.
struct PositionedJSONParser {
    let file: SourceFile
    let bytes: [UInt8]
    var index = 0
    var depth = 0
    let me: Int32 = 0

    init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    func error(_ message: String, at offset: Int) -> InputError {
        InputError("JSON syntax error: \(message)", at: file.location(at: offset))
    }

    mutating func parseDocument() throws(InputError) -> PositionedJSON {
        try skip()
        let value = try parseValue()
        try skip()
        if index < bytes.count { throw error("unexpected text after the JSON value", at: index) }
        return value
    }

    mutating func skip() throws(InputError) {
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
            else if c == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2F {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if c == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2A {
                let start = index
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                if index + 1 >= bytes.count { throw error("unterminated /* comment", at: start) }
                index += 2
            } else { return }
        }
    }

    mutating func parseValue() throws(InputError) -> PositionedJSON {
        guard index < bytes.count else { throw error("expected a value, found the end of the file", at: index) }
        depth += 1
        defer { depth -= 1 }
        if depth > 256 { throw error("nesting deeper than 256 levels", at: index) }
        let start = index
        switch bytes[index] {
        case 0x7B:
            index += 1
            var entries: [(key: String, value: PositionedJSON)] = []
            try skip()
            if index < bytes.count, bytes[index] == 0x7D { index += 1; return PositionedJSON(kind: .object(entries), start: start) }
            while true {
                try skip()
                guard index < bytes.count, bytes[index] == 0x22 else { throw error("expected a property name in quotes", at: index) }
                let key = try parseString().text
                try skip()
                guard index < bytes.count, bytes[index] == 0x3A else { throw error("expected ':' after the property name", at: index) }
                index += 1
                try skip()
                entries.append((key, try parseValue()))
                try skip()
                guard index < bytes.count else { throw error("'{' is never closed", at: start) }
                if bytes[index] == 0x2C {
                    index += 1
                    try skip()
                    if index < bytes.count, bytes[index] == 0x7D { index += 1; break } // trailing comma
                    continue
                }
                if bytes[index] == 0x7D { index += 1; break }
                throw error("expected ',' or '}'", at: index)
            }
            return PositionedJSON(kind: .object(entries), start: start)
        case 0x5B:
            index += 1
            var items: [PositionedJSON] = []
            try skip()
            if index < bytes.count, bytes[index] == 0x5D { index += 1; return PositionedJSON(kind: .array(items), start: start) }
            while true {
                try skip()
                items.append(try parseValue())
                try skip()
                guard index < bytes.count else { throw error("'[' is never closed", at: start) }
                if bytes[index] == 0x2C {
                    index += 1
                    try skip()
                    if index < bytes.count, bytes[index] == 0x5D { index += 1; break }
                    continue
                }
                if bytes[index] == 0x5D { index += 1; break }
                throw error("expected ',' or ']'", at: index)
            }
            return PositionedJSON(kind: .array(items), start: start)
        case 0x22:
            return PositionedJSON(kind: .string(try parseString()), start: start)
        default:
            while index < bytes.count, !" \t\r\n,}]/".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard !text.isEmpty, text == "true" || text == "false" || text == "null" || Double(text) != nil else {
                throw error("unexpected '\(text.prefix(20))'", at: start)
            }
            return PositionedJSON(kind: .scalar(text), start: start)
        }
    }

    mutating func parseString() throws(InputError) -> EmbeddedText {
        let start = index
        index += 1
        var out = EmbeddedText()
        let me = out.fileIndex(file)
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x22 { index += 1; return out }
            if c == 0x0A { break }
            if c == 0x5C, index + 1 < bytes.count {
                let e = bytes[index + 1]
                switch e {
                case 0x6E: out.append(0x0A, file: me, offset: index)
                case 0x72: out.append(0x0D, file: me, offset: index)
                case 0x74: out.append(0x09, file: me, offset: index)
                case 0x62: out.append(0x08, file: me, offset: index)
                case 0x66: out.append(0x0C, file: me, offset: index)
                case 0x75:
                    guard index + 6 <= bytes.count, var code = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16) else {
                        throw error("invalid \\u escape", at: index)
                    }
                    var length = 6
                    if (0xD800..<0xDC00).contains(code), index + 12 <= bytes.count, bytes[index + 6] == 0x5C, bytes[index + 7] == 0x75,
                       let low = UInt32(String(decoding: bytes[(index + 8)..<(index + 12)], as: UTF8.self), radix: 16), (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        length = 12
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(Array(String(Character(scalar)).utf8), file: me, offset: index)
                    index += length
                    continue
                default: out.append(e, file: me, offset: index)
                }
                index += 2
                continue
            }
            out.append(c, file: me, offset: index)
            index += 1
        }
        throw error("unterminated string", at: start)
    }
}

/// Walks templates and evaluates the expressions a policy value is written with.
struct ARMPolicyReader {
    let file: SourceFile
    /// Variables of the templates from the outermost to the current one.
    private var resolving: Set<String> = []

    init(file: SourceFile) {
        self.file = file
    }

    mutating func template(_ template: PositionedJSON, variables outer: [PositionedJSON], into extraction: inout IaCExtraction,
                           parentType: String?, prefix: String) throws(InputError) {
        var variables = outer
        if let own = template["variables"] { variables.insert(own, at: 0) }
        try resources(template["resources"], variables: variables, into: &extraction, parentType: nil, prefix: prefix)
    }

    private mutating func resources(_ list: PositionedJSON?, variables: [PositionedJSON], into extraction: inout IaCExtraction,
                                    parentType: String?, prefix: String) throws(InputError) {
        var entries: [(String, PositionedJSON)] = []
        switch list?.kind {
        case .array(let items)?: entries = items.enumerated().map { ("\($0.offset)", $0.element) }
        case .object(let members)?: entries = members.map { ($0.key, $0.value) }
        default: return
        }
        for (key, resource) in entries {
            guard var type = resource["type"]?.string else { continue }
            if let parentType, !type.contains(".") { type = parentType + "/" + type }
            let display = prefix + (resource["name"]?.string ?? key)
            if type.lowercased() == "microsoft.resources/deployments", let inner = resource["properties"]?["template"] {
                try template(inner, variables: variables, into: &extraction, parentType: nil, prefix: display + "/")
                continue
            }
            if resource["existing"]?.kind.isTrue == true { continue }
            if let scope = EmbeddedPolicyScope.ofResourceType(type), let properties = resource["properties"],
               // `policyContent` / `contentFormat`: the names of API versions before 2018-06-01.
               let value = properties["value"] ?? properties["policyContent"] {
                var format: String?
                if let f = properties["format"] ?? properties["contentFormat"] {
                    let t = try text(f, variables: variables)
                    if t.unknowns.isEmpty { format = t.text.lowercased() }
                }
                extraction.policies.append(EmbeddedPolicy(name: display, scope: scope, format: format,
                                                          text: try text(value, variables: variables),
                                                          location: file.location(at: value.start)))
            }
            try resources(resource["resources"], variables: variables, into: &extraction, parentType: type, prefix: prefix)
        }
    }

    /// A JSON value as positioned text: a plain string as written, `[…]` evaluated.
    mutating func text(_ value: PositionedJSON, variables: [PositionedJSON]) throws(InputError) -> EmbeddedText {
        guard case .string(let raw) = value.kind else { return .unknown("value", file: file, offset: value.start) }
        let bytes = raw.bytes
        guard bytes.count >= 2, bytes.first == 0x5B, bytes.last == 0x5D else { return raw }
        if bytes.count >= 2, bytes[1] == 0x5B {
            // `[[` escapes a literal `[`.
            var out = EmbeddedText()
            let body = EmbeddedText(slicing: raw, from: 1, to: bytes.count)
            out.append(body)
            return out
        }
        var parser = ARMExpressionParser(bytes: Array(bytes[1..<(bytes.count - 1)]))
        guard let expr = try? parser.parse() else { return .unknown(raw.text, file: file, offset: value.start) }
        return try evaluate(expr, in: raw, variables: variables)
    }

    private mutating func evaluate(_ expr: TemplateExpr, in raw: EmbeddedText, variables: [PositionedJSON]) throws(InputError) -> EmbeddedText {
        // Offsets in `expr` are relative to the text after the opening `[`.
        func unknown() -> EmbeddedText {
            let from = min(expr.start + 1, raw.bytes.count - 1), to = min(expr.end + 1, raw.bytes.count)
            let at = raw.origins.isEmpty ? 0 : Int(raw.origins[max(0, from)].offset)
            return .unknown("[" + String(decoding: raw.bytes[from..<max(from, to)], as: UTF8.self) + "]", file: file, offset: at)
        }
        switch expr.kind {
        case .string:
            // A `'…'` literal: `''` is one quote; every byte keeps its place in the JSON.
            var out = EmbeddedText()
            var i = expr.start + 2
            let end = expr.end
            while i < end {
                let at = raw.origins[i]
                if raw.bytes[i] == 0x27, i + 1 < end, raw.bytes[i + 1] == 0x27 { i += 1 }
                let f = out.fileIndex(raw.files[Int(at.file)])
                out.append(raw.bytes[i], file: f, offset: Int(at.offset))
                i += 1
            }
            return out
        case .call(_, let name, let arguments):
            switch name.lowercased() {
            case "concat":
                var out = EmbeddedText()
                for argument in arguments { out.append(try evaluate(argument, in: raw, variables: variables)) }
                return out
            case "variables":
                guard arguments.count == 1, case .string(let key) = arguments[0].kind else { return unknown() }
                for scope in variables {
                    if let value = scope[key] {
                        guard !resolving.contains(key) else { return unknown() }
                        resolving.insert(key)
                        defer { resolving.remove(key) }
                        return try text(value, variables: variables)
                    }
                }
                return unknown()
            case "replace":
                guard arguments.count == 3 else { return unknown() }
                let original = try evaluate(arguments[0], in: raw, variables: variables)
                let target = try evaluate(arguments[1], in: raw, variables: variables)
                guard target.unknowns.isEmpty else { return original }
                return original.replacing(target.bytes, with: try evaluate(arguments[2], in: raw, variables: variables))
            case "format":
                guard let first = arguments.first else { return unknown() }
                let pattern = try evaluate(first, in: raw, variables: variables)
                var values: [EmbeddedText] = []
                for argument in arguments.dropFirst() { values.append(try evaluate(argument, in: raw, variables: variables)) }
                return pattern.formatted(values)
            default:
                return unknown()
            }
        default:
            return unknown()
        }
    }
}

extension PositionedJSON.Kind {
    var isTrue: Bool {
        if case .scalar("true") = self { return true }
        return false
    }
}

extension EmbeddedText {
    /// Bytes `from..<to` of `text`, each keeping its origin.
    init(slicing text: EmbeddedText, from: Int, to: Int) {
        self.init()
        for i in from..<to {
            let origin = text.origins[i]
            let f = fileIndex(text.files[Int(origin.file)])
            append(text.bytes[i], file: f, offset: Int(origin.offset))
        }
    }

    /// `format('{0}…', …)`: `{N}` replaced by the N-th value (standing where `{N}` stood), `{{` `}}` as braces.
    func formatted(_ values: [EmbeddedText]) -> EmbeddedText {
        var out = EmbeddedText()
        var index = 0
        var pieceStart = 0
        while index < bytes.count {
            if bytes[index] == 0x7B, index + 1 < bytes.count, bytes[index + 1] == 0x7B {
                out.append(EmbeddedText(slicing: self, from: pieceStart, to: index + 1))
                index += 2
                pieceStart = index
            } else if bytes[index] == 0x7D, index + 1 < bytes.count, bytes[index + 1] == 0x7D {
                out.append(EmbeddedText(slicing: self, from: pieceStart, to: index + 1))
                index += 2
                pieceStart = index
            } else if bytes[index] == 0x7B, let close = bytes[index...].firstIndex(of: 0x7D),
                      let n = Int(String(decoding: bytes[(index + 1)..<close], as: UTF8.self)), n >= 0, n < values.count {
                out.append(EmbeddedText(slicing: self, from: pieceStart, to: index))
                out.append(values[n])
                index = close + 1
                pieceStart = index
            } else {
                index += 1
            }
        }
        out.append(EmbeddedText(slicing: self, from: pieceStart, to: bytes.count))
        out.unknowns = unknowns + out.unknowns
        out.unknownNames.formUnion(unknownNames)
        return out
    }
}
