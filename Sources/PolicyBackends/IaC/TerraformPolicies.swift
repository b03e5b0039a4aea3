import PolicySource

/// The policy documents of a Terraform file: `azurerm_api_management_*policy*` resources
/// (`xml_content`, fragments' `value`), the `policy` block (or `policy = [{…}]`) of
/// `azurerm_api_management`, and `azapi_resource`s of the APIM policy types. Values are quoted
/// templates, heredocs (`<<-` indent stripped as Terraform does), `file()` (raw),
/// `templatefile()` (a template), `local.`/`var.` references and `replace`/`format`.
enum TerraformPolicies {
    static let resourceScopes: [String: EmbeddedPolicyScope] = [
        "azurerm_api_management_policy": .global,
        "azurerm_api_management_product_policy": .product,
        "azurerm_api_management_api_policy": .api,
        "azurerm_api_management_api_operation_policy": .operation,
        "azurerm_api_management_policy_fragment": .fragment,
        "azurerm_api_management_workspace_policy": .workspace,
        "azurerm_api_management_workspace_policy_fragment": .fragment,
    ]

    static func extract(_ file: SourceFile) throws(InputError) -> IaCExtraction {
        var parser = try HCLParser(file: file, start: 0, end: file.bytes.count)
        let body = try parser.body(closing: false)
        var reader = TerraformReader(file: file, body: body)
        return try reader.extract()
    }
}

/// One HCL expression, kept as far as policies need it.
indirect enum HCLExpr: Sendable {
    /// A quoted template or heredoc: the byte range of its content, and for a `<<-` heredoc the
    /// indent to strip from each line.
    case template(start: Int, end: Int, heredocIndent: Int?)
    case call(String, [HCLExpr], start: Int)
    case reference([String], start: Int, end: Int)
    case list([HCLExpr], start: Int)
    case object([(String, HCLExpr)], start: Int)
    case other(start: Int, end: Int)

    var start: Int {
        switch self {
        case .template(let s, _, _), .call(_, _, let s), .reference(_, let s, _), .list(_, let s), .object(_, let s), .other(let s, _): s
        }
    }
}

/// An attribute or a block of an HCL body.
struct HCLItem: Sendable {
    var name: String
    var offset: Int
    /// Set for an attribute.
    var value: HCLExpr?
    /// Set for a block.
    var labels: [String] = []
    var body: [HCLItem] = []
}

/// A small HCL reader: bodies of attributes and blocks, and the expressions policies are written
/// with; anything else (operators, `for`, conditionals) is skipped as `.other`.
struct HCLParser {
    let file: SourceFile
    let bytes: [UInt8]
    var index: Int
    let limit: Int
    var depth = 0

    init(file: SourceFile, start: Int, end: Int) throws(InputError) {
        self.file = file
        self.bytes = file.bytes
        var begin = start
        if begin == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { begin = 3 }
        self.index = begin
        self.limit = end
    }

    func error(_ message: String, at offset: Int) -> InputError {
        InputError("syntax error: \(message)", at: file.location(at: offset))
    }

    // MARK: Characters

    var peek: UInt8? { index < limit ? bytes[index] : nil }

    /// Skips blanks and comments; newlines too when `newlines`.
    mutating func skipSpace(newlines: Bool) throws(InputError) {
        while index < limit {
            let c = bytes[index]
            if c == 0x20 || c == 0x09 || c == 0x0D || (newlines && c == 0x0A) {
                index += 1
            } else if c == 0x23 || (c == 0x2F && index + 1 < limit && bytes[index + 1] == 0x2F) {
                while index < limit, bytes[index] != 0x0A { index += 1 }
            } else if c == 0x2F, index + 1 < limit, bytes[index + 1] == 0x2A {
                let start = index
                index += 2
                while index + 1 < limit, !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                if index + 1 >= limit { throw error("unterminated /* comment", at: start) }
                index += 2
            } else {
                return
            }
        }
    }

    static func isIdentifierStart(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
    static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D }

    mutating func identifier() -> String? {
        guard let c = peek, Self.isIdentifierStart(c) else { return nil }
        let start = index
        while index < limit, Self.isIdentifierPart(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Bodies

    mutating func body(closing: Bool) throws(InputError) -> [HCLItem] {
        var items: [HCLItem] = []
        depth += 1
        defer { depth -= 1 }
        if depth > 100 { throw error("blocks nested deeper than 100 levels", at: index) }
        let open = index
        while true {
            try skipSpace(newlines: true)
            guard let c = peek else {
                if closing { throw error("'{' is never closed", at: max(0, open - 1)) }
                return items
            }
            if c == 0x7D {
                guard closing else { throw error("unexpected '}'", at: index) }
                index += 1
                return items
            }
            let offset = index
            guard let name = identifier() else {
                throw error("expected an attribute or block name, found '\(String(UnicodeScalar(c)))'", at: index)
            }
            try skipSpace(newlines: false)
            if peek == 0x3D, index + 1 >= limit || bytes[index + 1] != 0x3D {
                index += 1
                try skipSpace(newlines: false)
                let value = try expression()
                items.append(HCLItem(name: name, offset: offset, value: value))
                continue
            }
            var labels: [String] = []
            while true {
                try skipSpace(newlines: false)
                if peek == 0x22 {
                    let (s, e) = try quoted()
                    labels.append(String(decoding: bytes[s..<e], as: UTF8.self))
                } else if let label = identifier() {
                    labels.append(label)
                } else {
                    break
                }
            }
            guard peek == 0x7B else {
                throw error("expected '=' or '{' after '\(name)'", at: index)
            }
            index += 1
            let inner = try body(closing: true)
            items.append(HCLItem(name: name, offset: offset, labels: labels, body: inner))
        }
    }

    // MARK: Expressions

    /// An expression up to a newline, `,` or closing bracket outside brackets.
    mutating func expression() throws(InputError) -> HCLExpr {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw error("expressions nested deeper than 200 levels", at: index) }
        let start = index
        let primary = try self.primary()
        try skipSpace(newlines: false)
        if let c = peek, c != 0x0A, c != 0x2C, c != 0x29, c != 0x5D, c != 0x7D {
            try skipRest()
            return .other(start: start, end: index)
        }
        return primary
    }

    /// Skips the rest of an expression (operators, conditionals) up to its terminator.
    mutating func skipRest() throws(InputError) {
        var nesting = 0
        while index < limit {
            let c = bytes[index]
            switch c {
            case 0x0A, 0x2C where nesting == 0: if nesting == 0 { return } else { index += 1 }
            case 0x28, 0x5B, 0x7B: nesting += 1; index += 1
            case 0x29, 0x5D, 0x7D:
                if nesting == 0 { return }
                nesting -= 1
                index += 1
            case 0x22: _ = try quoted()
            case 0x3C where index + 1 < limit && bytes[index + 1] == 0x3C && index + 2 < limit && (bytes[index + 2] == 0x2D || Self.isIdentifierStart(bytes[index + 2])):
                _ = try heredoc()
            case 0x23: while index < limit, bytes[index] != 0x0A { index += 1 }
            default: index += 1
            }
        }
    }

    mutating func primary() throws(InputError) -> HCLExpr {
        let start = index
        guard let c = peek else { throw error("expected a value", at: index) }
        if c == 0x22 {
            let (s, e) = try quoted()
            return .template(start: s, end: e, heredocIndent: nil)
        }
        if c == 0x3C, index + 1 < limit, bytes[index + 1] == 0x3C {
            return try heredoc()
        }
        if c == 0x5B {
            index += 1
            var items: [HCLExpr] = []
            while true {
                try skipSpace(newlines: true)
                guard let d = peek else { throw error("'[' is never closed", at: start) }
                if d == 0x5D { index += 1; break }
                items.append(try expression())
                try skipSpace(newlines: true)
                if peek == 0x2C { index += 1 }
            }
            return .list(items, start: start)
        }
        if c == 0x7B {
            index += 1
            var entries: [(String, HCLExpr)] = []
            while true {
                try skipSpace(newlines: true)
                guard let d = peek else { throw error("'{' is never closed", at: start) }
                if d == 0x7D { index += 1; break }
                var key: String
                if d == 0x22 {
                    let (s, e) = try quoted()
                    key = String(decoding: bytes[s..<e], as: UTF8.self)
                } else if let name = identifier() {
                    key = name
                } else {
                    try skipRest()
                    if peek == 0x2C { index += 1 }
                    continue
                }
                try skipSpace(newlines: false)
                guard peek == 0x3D || peek == 0x3A else {
                    // `for` expressions and other forms: skipped.
                    try skipRest()
                    if peek == 0x2C { index += 1 }
                    key = ""
                    continue
                }
                index += 1
                try skipSpace(newlines: false)
                entries.append((key, try expression()))
                try skipSpace(newlines: false)
                if peek == 0x2C { index += 1 }
            }
            return .object(entries, start: start)
        }
        if c == 0x28 {
            index += 1
            try skipSpace(newlines: true)
            let inner = try expression()
            try skipSpace(newlines: true)
            guard peek == 0x29 else { throw error("expected ')'", at: index) }
            index += 1
            return inner
        }
        if Self.isIdentifierStart(c) {
            var path: [String] = [identifier() ?? ""]
            if peek == 0x28 {
                index += 1
                var arguments: [HCLExpr] = []
                while true {
                    try skipSpace(newlines: true)
                    guard let d = peek else { throw error("'(' is never closed", at: start) }
                    if d == 0x29 { index += 1; break }
                    if d == 0x2E, index + 2 < limit, bytes[index + 1] == 0x2E, bytes[index + 2] == 0x2E { index += 3; continue }
                    arguments.append(try expression())
                    try skipSpace(newlines: true)
                    if peek == 0x2C { index += 1 }
                }
                return .call(path[0], arguments, start: start)
            }
            while peek == 0x2E || peek == 0x5B {
                if peek == 0x2E {
                    index += 1
                    if let name = identifier() { path.append(name) } else if peek == 0x2A { index += 1; path.append("*") } else { break }
                } else {
                    let open = index
                    index += 1
                    var nesting = 1
                    while index < limit, nesting > 0 {
                        if bytes[index] == 0x5B { nesting += 1 } else if bytes[index] == 0x5D { nesting -= 1 } else if bytes[index] == 0x22 { _ = try quoted(); continue }
                        index += 1
                    }
                    if nesting > 0 { throw error("'[' is never closed", at: open) }
                    path.append("[]")
                }
            }
            return .reference(path, start: start, end: index)
        }
        try skipRest()
        return .other(start: start, end: index)
    }

    /// A quoted template at `index`; returns its content range and moves past the closing quote.
    mutating func quoted() throws(InputError) -> (Int, Int) {
        let start = index
        index += 1
        let contentStart = index
        while index < limit {
            let c = bytes[index]
            if c == 0x0A { break }
            if c == 0x5C { index += 2; continue }
            if c == 0x22 {
                index += 1
                return (contentStart, index - 1)
            }
            if (c == 0x24 || c == 0x25), index + 1 < limit, bytes[index + 1] == 0x7B {
                if index + 2 < limit, index > contentStart, bytes[index - 1] == c { index += 2; continue }
                try skipInterpolation()
                continue
            }
            index += 1
        }
        throw error("unterminated string", at: start)
    }

    /// At `${` or `%{`: moves past the matching `}`.
    mutating func skipInterpolation() throws(InputError) {
        let start = index
        index += 2
        var nesting = 0
        while index < limit {
            let c = bytes[index]
            if c == 0x22 { _ = try quoted(); continue }
            if c == 0x7B { nesting += 1 }
            if c == 0x7D {
                if nesting == 0 { index += 1; return }
                nesting -= 1
            }
            index += 1
        }
        throw error("unterminated '\(String(UnicodeScalar(bytes[start])))' interpolation", at: start)
    }

    /// `<<MARK` / `<<-MARK` … `MARK` at `index`.
    mutating func heredoc() throws(InputError) -> HCLExpr {
        let start = index
        index += 2
        var flush = false
        if peek == 0x2D { flush = true; index += 1 }
        guard let marker = identifier() else { throw error("expected a heredoc marker after '<<'", at: start) }
        while index < limit, bytes[index] != 0x0A {
            if bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != 0x0D { throw error("expected a new line after the heredoc marker '\(marker)'", at: index) }
            index += 1
        }
        guard index < limit else { throw error("heredoc '\(marker)' is never closed (no line '\(marker)')", at: start) }
        index += 1
        let contentStart = index
        let markerBytes = Array(marker.utf8)
        var minIndent = Int.max
        while index < limit {
            let lineStart = index
            var end = lineStart
            while end < limit, bytes[end] != 0x0A { end += 1 }
            var trimmedStart = lineStart
            while trimmedStart < end, bytes[trimmedStart] == 0x20 || bytes[trimmedStart] == 0x09 { trimmedStart += 1 }
            var trimmedEnd = end
            while trimmedEnd > trimmedStart, bytes[trimmedEnd - 1] == 0x0D || bytes[trimmedEnd - 1] == 0x20 || bytes[trimmedEnd - 1] == 0x09 { trimmedEnd -= 1 }
            if bytes[trimmedStart..<trimmedEnd].elementsEqual(markerBytes) {
                index = trimmedEnd
                return .template(start: contentStart, end: lineStart, heredocIndent: flush ? (minIndent == Int.max ? 0 : minIndent) : nil)
            }
            if trimmedStart < trimmedEnd { minIndent = min(minIndent, trimmedStart - lineStart) }
            index = min(end + 1, limit)
            if end >= limit { break }
        }
        throw error("heredoc '\(marker)' is never closed (no line '\(marker)')", at: start)
    }
}

/// Walks a Terraform file's blocks and assembles the policy values.
struct TerraformReader {
    let file: SourceFile
    let body: [HCLItem]
    var locals: [String: HCLExpr] = [:]
    var variables: [String: HCLExpr] = [:]
    private var resolving: Set<String> = []

    init(file: SourceFile, body: [HCLItem]) {
        self.file = file
        self.body = body
        for item in body where item.value == nil {
            if item.name == "locals" {
                for local in item.body { if let value = local.value { locals[local.name] = value } }
            } else if item.name == "variable", let name = item.labels.first,
                      let value = item.body.first(where: { $0.name == "default" })?.value {
                variables[name] = value
            }
        }
    }

    mutating func extract() throws(InputError) -> IaCExtraction {
        var extraction = IaCExtraction()
        for item in body where item.name == "resource" && item.value == nil && item.labels.count == 2 {
            let type = item.labels[0]
            let name = "\(type).\(item.labels[1])"
            if let scope = TerraformPolicies.resourceScopes[type] {
                let isFragment = scope == .fragment
                let valueItem = item.body.first { $0.name == (isFragment && type.hasSuffix("_policy_fragment") && type.contains("workspace") == false ? "value" : "xml_content") }
                    ?? item.body.first { $0.name == "value" || $0.name == "xml_content" }
                var format = attributeString("format", in: item.body)?.lowercased()
                if format == nil, isFragment { format = "xml" }
                if let value = valueItem?.value {
                    extraction.policies.append(EmbeddedPolicy(name: name, scope: scope, format: format, text: try text(value),
                                                              location: file.location(at: value.start)))
                } else if let link = item.body.first(where: { $0.name == "xml_link" }) {
                    extraction.policies.append(EmbeddedPolicy(name: name, scope: scope, format: "rawxml-link", text: EmbeddedText(),
                                                              location: file.location(at: link.offset)))
                }
            } else if type == "azurerm_api_management" {
                for policy in item.body where policy.name == "policy" {
                    var contents: [[(String, HCLExpr)]] = []
                    if policy.value == nil {
                        contents.append(policy.body.compactMap { a in a.value.map { (a.name, $0) } })
                    } else if case .list(let elements, _)? = policy.value {
                        for case .object(let entries, _) in elements { contents.append(entries) }
                    } else if case .object(let entries, _)? = policy.value {
                        contents.append(entries)
                    }
                    for entries in contents {
                        if let value = entries.first(where: { $0.0 == "xml_content" })?.1 {
                            extraction.policies.append(EmbeddedPolicy(name: name + ".policy", scope: .global, format: nil, text: try text(value),
                                                                      location: file.location(at: value.start)))
                        }
                    }
                }
            } else if type == "azapi_resource", let typeText = attributeString("type", in: item.body),
                      let scope = EmbeddedPolicyScope.ofResourceType(typeText),
                      let bodyValue = item.body.first(where: { $0.name == "body" })?.value {
                var object = bodyValue
                if case .call("jsonencode", let args, _) = object, let first = args.first { object = first }
                guard case .object(let entries, _) = object,
                      case .object(let properties, _)? = entries.first(where: { $0.0 == "properties" })?.1,
                      let value = properties.first(where: { $0.0 == "value" })?.1 else { continue }
                var format: String?
                if let f = properties.first(where: { $0.0 == "format" })?.1 {
                    let t = try text(f)
                    if t.unknowns.isEmpty { format = t.text.lowercased() }
                }
                extraction.policies.append(EmbeddedPolicy(name: name, scope: scope, format: format, text: try text(value),
                                                          location: file.location(at: value.start)))
            }
        }
        return extraction
    }

    private mutating func attributeString(_ name: String, in items: [HCLItem]) -> String? {
        guard let value = items.first(where: { $0.name == name })?.value, let t = try? text(value), t.unknowns.isEmpty else { return nil }
        return t.text
    }

    // MARK: Values

    mutating func text(_ expr: HCLExpr, templateFile: SourceFile? = nil, templateVars: [String: EmbeddedText] = [:]) throws(InputError) -> EmbeddedText {
        switch expr {
        case .template(let start, let end, let indent):
            return try template(in: file, start: start, end: end, heredocIndent: indent, vars: templateVars, quoted: indent == nil && !isHeredoc(start))
        case .reference(let path, let start, let end):
            if path.count == 2, path[0] == "local", let value = locals[path[1]] {
                return try resolve("local." + path[1], value)
            }
            if path.count == 2, path[0] == "var", let value = variables[path[1]] {
                return try resolve("var." + path[1], value)
            }
            if path.count == 2, path[0] == "path", ["module", "root", "cwd"].contains(path[1]) {
                var out = EmbeddedText()
                let me = out.fileIndex(file)
                out.append(0x2E, file: me, offset: start)
                return out
            }
            if path.count == 1, let value = templateVars[path[0]] { return value }
            return .unknown(String(decoding: file.bytes[start..<end], as: UTF8.self), file: file, offset: start)
        case .call(let name, let arguments, let start):
            return try call(name, arguments, start: start)
        case .other(let start, let end):
            return .unknown(String(decoding: file.bytes[start..<min(end, file.bytes.count)], as: UTF8.self), file: file, offset: start)
        case .list(_, let start), .object(_, let start):
            return .unknown("value", file: file, offset: start)
        }
    }

    private func isHeredoc(_ contentStart: Int) -> Bool {
        contentStart > 0 && file.bytes[contentStart - 1] == 0x0A
    }

    private mutating func resolve(_ key: String, _ value: HCLExpr) throws(InputError) -> EmbeddedText {
        guard !resolving.contains(key) else { return .unknown(key, file: file, offset: value.start) }
        resolving.insert(key)
        defer { resolving.remove(key) }
        return try text(value)
    }

    private mutating func call(_ name: String, _ arguments: [HCLExpr], start: Int) throws(InputError) -> EmbeddedText {
        func unknown() -> EmbeddedText { .unknown(name + "(…)", file: file, offset: start) }
        switch name {
        case "file", "templatefile":
            guard let first = arguments.first else { return unknown() }
            let path = try text(first)
            guard path.unknowns.isEmpty else { return unknown() }
            let loaded = try loadReferencedFile(path.text, from: file, at: start, orFromAncestors: !path.text.contains("${"))
            let begin = loaded.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if name == "file" { return EmbeddedText(file: loaded, range: begin..<loaded.bytes.count) }
            var vars: [String: EmbeddedText] = [:]
            if arguments.count > 1, case .object(let entries, _) = arguments[1] {
                for (key, value) in entries { vars[key] = try text(value) }
            }
            return try template(in: loaded, start: begin, end: loaded.bytes.count, heredocIndent: nil, vars: vars, quoted: false)
        case "replace":
            guard arguments.count == 3 else { return unknown() }
            let original = try text(arguments[0])
            let target = try text(arguments[1])
            guard target.unknowns.isEmpty, !(target.text.hasPrefix("/") && target.text.hasSuffix("/") && target.bytes.count > 1) else { return original }
            return original.replacing(target.bytes, with: try text(arguments[2]))
        case "trimspace", "chomp", "trim":
            return arguments.isEmpty ? unknown() : try text(arguments[0])
        default:
            return unknown()
        }
    }

    /// A template's content: escapes (quoted only), `$${`/`%%{` as literal, `${…}` as its value
    /// or a placeholder, `%{…}` directives dropped (their branches kept), `<<-` indent stripped.
    private mutating func template(in source: SourceFile, start: Int, end: Int, heredocIndent: Int?, vars: [String: EmbeddedText], quoted: Bool) throws(InputError) -> EmbeddedText {
        var out = EmbeddedText()
        let me = out.fileIndex(source)
        let bytes = source.bytes
        var i = start
        var atLineStart = true
        while i < end {
            if atLineStart, let indent = heredocIndent {
                var stripped = 0
                while stripped < indent, i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1; stripped += 1 }
                atLineStart = false
                continue
            }
            let c = bytes[i]
            if c == 0x0A { atLineStart = true }
            if quoted, c == 0x5C, i + 1 < end {
                let e = bytes[i + 1]
                switch e {
                case 0x6E: out.append(0x0A, file: me, offset: i)
                case 0x72: out.append(0x0D, file: me, offset: i)
                case 0x74: out.append(0x09, file: me, offset: i)
                case 0x22, 0x5C: out.append(e, file: me, offset: i)
                case 0x75, 0x55:
                    let digits = e == 0x75 ? 4 : 8
                    if i + 2 + digits <= end, let code = UInt32(String(decoding: bytes[(i + 2)..<(i + 2 + digits)], as: UTF8.self), radix: 16),
                       let scalar = Unicode.Scalar(code) {
                        out.append(Array(String(Character(scalar)).utf8), file: me, offset: i)
                        i += 2 + digits
                        continue
                    }
                    out.append(e, file: me, offset: i)
                default: out.append(e, file: me, offset: i)
                }
                i += 2
                continue
            }
            if (c == 0x24 || c == 0x25), i + 2 < end, bytes[i + 1] == c, bytes[i + 2] == 0x7B {
                out.append(c, file: me, offset: i)
                out.append(0x7B, file: me, offset: i + 2)
                i += 3
                continue
            }
            if (c == 0x24 || c == 0x25), i + 1 < end, bytes[i + 1] == 0x7B {
                var scanner = try HCLParser(file: source, start: i, end: end)
                try scanner.skipInterpolation()
                let close = scanner.index
                if c == 0x24 {
                    var inner = try HCLParser(file: source, start: i + 2, end: close - 1)
                    try inner.skipSpace(newlines: true)
                    if inner.peek == 0x7E { inner.index += 1; try inner.skipSpace(newlines: true) }
                    let expr = try? inner.expression()
                    if let expr, source.path == file.path {
                        out.append(try text(expr, templateVars: vars))
                    } else if case .reference(let path, _, _)? = expr, path.count == 1, let value = vars[path[0]] {
                        out.append(value)
                    } else {
                        out.appendUnknown(String(decoding: bytes[(i + 2)..<(close - 1)], as: UTF8.self), file: source, offset: i)
                    }
                }
                i = close
                continue
            }
            out.append(c, file: me, offset: i)
            i += 1
        }
        return out
    }
}
