import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

/// `policycheck lsp`: a Language Server Protocol server for APIM policy documents
/// (Docs/lsp.md). It keeps the open documents, lints them with the same engine as
/// `policycheck lint` (positions exact, in UTF-16 as LSP counts), and answers hover, completion,
/// definition and code actions from the catalog and the expression model.
///
/// `handle(_:)` takes one JSON-RPC message body and returns the messages to send; diagnostics of
/// changed documents wait in `pendingDiagnostics()` until the caller has no other message
/// waiting (the debounce: a burst of changes is linted once).
public final class LanguageServer {
    private var documents: [String: String] = [:]
    private var dirty: [String] = []
    private var shutdownRequested = false
    /// Set by `exit`: the process ends with this status (0 after `shutdown`, 1 otherwise).
    public private(set) var exitStatus: Int32?
    private let catalog = PolicyCatalog.standard

    public init() {}

    // MARK: Messages

    /// The replies and notifications for one message body.
    public func handle(_ body: Data) -> [Data] {
        guard let object = try? JSONSerialization.jsonObject(with: body), let message = object as? [String: Any] else {
            return [reply(id: NSNull(), error: (-32700, "Parse error: the message is not a JSON object"))]
        }
        let id = message["id"]
        guard let method = message["method"] as? String else {
            // A response to something we never sent, or junk: a request needs a method.
            return id == nil ? [] : [reply(id: id ?? NSNull(), error: (-32600, "Invalid Request: no method"))]
        }
        let params = message["params"] as? [String: Any] ?? [:]
        if shutdownRequested, method != "exit", id != nil {
            return [reply(id: id ?? NSNull(), error: (-32600, "Invalid Request: the server is shut down"))]
        }
        switch method {
        case "initialize":
            return [reply(id: id, result: [
                "capabilities": [
                    "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": true]],
                    "hoverProvider": true,
                    "completionProvider": ["triggerCharacters": ["<", " ", ".", "\""]],
                    "definitionProvider": true,
                    "codeActionProvider": ["codeActionKinds": ["quickfix"]],
                ],
                "serverInfo": ["name": "policycheck", "version": PolicyCheckVersion.current],
            ])]
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
            return []
        case "shutdown":
            shutdownRequested = true
            return [reply(id: id, result: NSNull())]
        case "exit":
            exitStatus = shutdownRequested ? 0 : 1
            return []
        case "textDocument/didOpen":
            guard let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String,
                  let text = document["text"] as? String else { return [log("didOpen without textDocument.uri and text")] }
            documents[uri] = text
            markDirty(uri)
            return []
        case "textDocument/didChange":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
                  let changes = params["contentChanges"] as? [[String: Any]], let text = changes.last?["text"] as? String else {
                return [log("didChange without textDocument.uri and contentChanges[].text")]
            }
            var out: [Data] = []
            if documents[uri] == nil { out.append(log("didChange of \(uri), which was never opened: taken as opened")) }
            documents[uri] = text
            markDirty(uri)
            return out
        case "textDocument/didSave":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else { return [] }
            if let text = params["text"] as? String { documents[uri] = text }
            markDirty(uri)
            return []
        case "textDocument/didClose":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else { return [] }
            documents[uri] = nil
            dirty.removeAll { $0 == uri }
            return [notification("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": [Any]()])]
        case "textDocument/hover":
            return [reply(id: id, result: positioned(params) { hover($0, $1, $2) } ?? NSNull())]
        case "textDocument/completion":
            return [reply(id: id, result: positioned(params) { completion($0, $1, $2) } ?? [Any]())]
        case "textDocument/definition":
            return [reply(id: id, result: positioned(params) { definition($0, $1, $2) } ?? NSNull())]
        case "textDocument/codeAction":
            return [reply(id: id, result: codeActions(params))]
        default:
            if id == nil { return [] }  // an unknown notification is ignored, as the protocol says
            return [reply(id: id, error: (-32601, "Method not found: \(method)"))]
        }
    }

    /// `publishDiagnostics` for every document changed since the last call.
    public func pendingDiagnostics() -> [Data] {
        let uris = dirty
        dirty.removeAll()
        return uris.compactMap { uri in
            guard let text = documents[uri] else { return nil }
            let file = SourceFile(path: Self.path(of: uri), text: text)
            let findings = Linter.standard().lint(file)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let diagnostics: [[String: Any]] = findings.map { finding in
                let start = Self.position(line: finding.location.line, column: finding.location.column, lines: lines)
                let end = Self.wordEnd(from: start, lines: lines)
                return [
                    "range": ["start": ["line": start.line, "character": start.character], "end": ["line": end.line, "character": end.character]],
                    "severity": finding.severity == .error ? 1 : finding.severity == .warning ? 2 : 3,
                    "code": finding.rule,
                    "source": "policycheck",
                    "message": finding.message,
                ]
            }
            return notification("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": diagnostics])
        }
    }

    private func markDirty(_ uri: String) {
        if !dirty.contains(uri) { dirty.append(uri) }
    }

    // MARK: Features

    private func positioned(_ params: [String: Any], _ body: (String, String, Int) -> Any?) -> Any? {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri],
              let position = params["position"] as? [String: Any], let line = position["line"] as? Int,
              let character = position["character"] as? Int else { return nil }
        guard let offset = Self.offset(line: line, character: character, in: text) else { return nil }
        return body(uri, text, offset)
    }

    private func hover(_ uri: String, _ text: String, _ offset: Int) -> Any? {
        let context = DocumentContext(text, offset)
        if let chain = context.expressionChain {
            let types = TypeCatalog.resolve(chain)
            guard let type = types.last ?? nil else { return nil }
            return markdown("`\(chain.joined(separator: "."))`: `\(type)`")
        }
        guard let element = context.elementName, let spec = catalog.spec(named: element) else { return nil }
        if let attribute = context.attributeName, let attributeSpec = spec.attributes.first(where: { $0.name == attribute }) {
            var lines = ["**\(attribute)** of `<\(element)>`: \(attributeSpec.required ? "required" : "optional")"]
            if let value = attributeSpec.defaultValue { lines.append("default: `\(value)`") }
            if case .enumeration(let values) = attributeSpec.type { lines.append("one of: " + values.map { "`\($0)`" }.joined(separator: ", ")) }
            lines.append(attributeSpec.allowsExpressions ? "policy expressions allowed" : "no policy expressions")
            return markdown(lines.joined(separator: "\n\n"))
        }
        let sections = PolicySection.allCases.filter { spec.sections.contains($0) }.map(\.rawValue).joined(separator: ", ")
        return markdown("**\(spec.name)** — \(spec.summary)\n\nSections: \(sections)\n\n[Microsoft Learn](\(spec.reference))")
    }

    private func completion(_ uri: String, _ text: String, _ offset: Int) -> Any? {
        let context = DocumentContext(text, offset)
        if let chain = context.expressionChain {
            let types = TypeCatalog.resolve(Array(chain.dropLast()))
            guard let type = types.last ?? nil, let members = TypeCatalog.members[type] else { return [Any]() }
            return members.keys.sorted().map { ["label": $0, "kind": 10, "detail": members[$0].flatMap { $0 } ?? ""] as [String: Any] }
        }
        if context.inTagName {
            let section = context.section
            return catalog.policies.filter { section == nil || $0.sections.contains(section!) }.map { spec in
                ["label": spec.name, "kind": 7, "detail": spec.summary] as [String: Any]
            }
        }
        guard let element = context.elementName, let spec = catalog.spec(named: element) else { return [Any]() }
        if let attribute = context.attributeValueOf {
            guard let attributeSpec = spec.attributes.first(where: { $0.name == attribute }), case .enumeration(let values) = attributeSpec.type else { return [Any]() }
            return values.map { ["label": $0, "kind": 12] as [String: Any] }
        }
        let present = context.attributesPresent
        return spec.attributes.filter { !present.contains($0.name) }.map { attribute in
            ["label": attribute.name, "kind": 5, "detail": attribute.required ? "required" : "optional",
             "insertText": "\(attribute.name)=\"$1\"", "insertTextFormat": 2] as [String: Any]
        }
    }

    /// Fragments, named values and backends inside an APIOps tree: the file that defines them.
    private func definition(_ uri: String, _ text: String, _ offset: Int) -> Any? {
        let context = DocumentContext(text, offset)
        guard let root = Self.artifactsRoot(of: Self.path(of: uri)) else { return nil }
        var target: String?
        if let name = context.namedValueName {
            target = root + "/named values/\(name)/namedValueInformation.json"
        } else if context.elementName == "include-fragment", context.attributeName == "fragment-id" || context.attributeValueOf == "fragment-id",
                  let value = context.attributeValue {
            target = root + "/policy fragments/\(value)/policy.xml"
        } else if context.elementName == "set-backend-service", context.attributeValueOf == "backend-id", let value = context.attributeValue {
            target = root + "/backends/\(value)/backendInformation.json"
        }
        guard let target, FileManager.default.fileExists(atPath: target) else { return nil }
        return ["uri": URL(fileURLWithPath: target).absoluteString, "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]]]
    }

    /// A quick fix for every diagnostic that says "did you mean 'x'?": the word at its start replaced.
    private func codeActions(_ params: [String: Any]) -> [Any] {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri],
              let diagnostics = (params["context"] as? [String: Any])?["diagnostics"] as? [[String: Any]] else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return diagnostics.compactMap { diagnostic -> [String: Any]? in
            guard let message = diagnostic["message"] as? String, let start = (diagnostic["range"] as? [String: Any])?["start"] as? [String: Any],
                  let line = start["line"] as? Int, let character = start["character"] as? Int, lines.indices.contains(line),
                  let marker = message.range(of: "did you mean '", options: .backwards) else { return nil }
            let suggestion = message[marker.upperBound...].prefix { $0 != "'" }
            guard !suggestion.isEmpty else { return nil }
            // The word the finding is at (after a tag's `<`), replaced by the suggestion.
            let units = Array(lines[line].utf16)
            var from = min(character, units.count)
            if from < units.count, units[from] == UInt16(UInt8(ascii: "<")) { from += 1 }
            let to = Self.wordEnd(from: (line, from), lines: lines).character
            let range: [String: Any] = ["start": ["line": line, "character": from], "end": ["line": line, "character": to]]
            return [
                "title": "Change to '\(suggestion)'", "kind": "quickfix", "diagnostics": [diagnostic], "isPreferred": true,
                "edit": ["changes": [uri: [["range": range, "newText": String(suggestion)]]]],
            ]
        }
    }

    // MARK: JSON-RPC

    private func reply(id: Any?, result: Any) -> Data {
        Self.json(["jsonrpc": "2.0", "id": id ?? NSNull(), "result": result])
    }

    private func reply(id: Any?, error: (code: Int, message: String)) -> Data {
        Self.json(["jsonrpc": "2.0", "id": id ?? NSNull(), "error": ["code": error.code, "message": error.message]])
    }

    private func notification(_ method: String, _ params: Any) -> Data {
        Self.json(["jsonrpc": "2.0", "method": method, "params": params])
    }

    private func log(_ message: String) -> Data {
        notification("window/logMessage", ["type": 2, "message": "policycheck: " + message])
    }

    private func markdown(_ text: String) -> [String: Any] {
        ["contents": ["kind": "markdown", "value": text]]
    }

    static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    // MARK: Positions (LSP counts UTF-16 code units; policycheck columns count Unicode scalars)

    static func path(of uri: String) -> String {
        URL(string: uri).flatMap { $0.isFileURL ? $0.path : nil } ?? uri
    }

    static func position(line: Int, column: Int, lines: [Substring]) -> (line: Int, character: Int) {
        let index = max(0, line - 1)
        guard lines.indices.contains(index) else { return (index, 0) }
        let scalars = lines[index].unicodeScalars.prefix(max(0, column - 1))
        return (index, scalars.reduce(0) { $0 + $1.utf16.count })
    }

    /// The end of the word (name, number) starting at `start`, for a diagnostic's range.
    static func wordEnd(from start: (line: Int, character: Int), lines: [Substring]) -> (line: Int, character: Int) {
        guard lines.indices.contains(start.line) else { return start }
        let units = Array(lines[start.line].utf16)
        var end = min(start.character, units.count)
        // A finding at a tag's `<` covers the element name after it.
        if end < units.count, units[end] == UInt16(UInt8(ascii: "<")) { end += 1 }
        if end < units.count, units[end] == UInt16(UInt8(ascii: "/")) { end += 1 }
        let first = end
        while end < units.count, let scalar = Unicode.Scalar(units[end]), CharacterSet.alphanumerics.contains(scalar) || "-_.:".unicodeScalars.contains(scalar) {
            end += 1
        }
        if end == first, end < units.count { end += 1 }
        return (start.line, end)
    }

    /// The UTF-8 offset of an LSP position; nil outside the text.
    static func offset(line: Int, character: Int, in text: String) -> Int? {
        var currentLine = 0
        var utf8Offset = 0
        var units = 0
        for scalar in text.unicodeScalars {
            if currentLine == line {
                if units >= character || scalar == "\n" { return utf8Offset }
                units += scalar.utf16.count
            } else if scalar == "\n" {
                currentLine += 1
            }
            utf8Offset += scalar.utf8.count
        }
        return currentLine == line ? utf8Offset : nil
    }

    /// The `apimartifacts`-style folder above a file: the nearest ancestor holding `apis/` or
    /// `policy fragments/` or `named values/`.
    static func artifactsRoot(of path: String) -> String? {
        var folder = (path as NSString).deletingLastPathComponent
        for _ in 0..<12 {
            for marker in ["policy fragments", "named values", "backends", "apis"] where FileManager.default.fileExists(atPath: folder + "/" + marker) {
                return folder
            }
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder || parent.isEmpty { return nil }
            folder = parent
        }
        return nil
    }
}

extension TypeCatalog {
    /// The types along `context.A.B…` (`chain` starts with `context`); nil where unknown.
    static func resolve(_ chain: [String]) -> [String?] {
        guard chain.first == "context" else { return [] }
        var types: [String?] = ["IProxyRequestContext"]
        for member in chain.dropFirst() {
            guard let type = types.last ?? nil, let next = members[type]?[member] else {
                types.append(nil)
                continue
            }
            types.append(next)
        }
        return types
    }
}

/// What surrounds an offset of a policy document, found by scanning the text around it (no parse:
/// the document is usually half-typed).
struct DocumentContext {
    let bytes: [UInt8]
    let offset: Int

    init(_ text: String, _ offset: Int) {
        bytes = Array(text.utf8)
        self.offset = min(max(0, offset), bytes.count)
    }

    /// The start of the tag the offset is in (`<` before it, no `>` between), if any.
    private var tagStart: Int? {
        var index = offset - 1
        var quote: UInt8?
        while index >= 0 {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return nil
            } else if byte == UInt8(ascii: "<") {
                return index
            }
            index -= 1
        }
        return nil
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private static func isName(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x3A || byte >= 0x80
    }

    /// The element whose tag the offset is in.
    var elementName: String? {
        guard let start = tagStart else { return nil }
        var end = start + 1
        if end < bytes.count, bytes[end] == UInt8(ascii: "/") { end += 1 }
        let nameStart = end
        while end < bytes.count, Self.isName(bytes[end]) { end += 1 }
        return end > nameStart ? text(nameStart..<end) : nil
    }

    /// Whether the offset is in the element name right after `<` (where policy names complete).
    var inTagName: Bool {
        guard let start = tagStart else { return false }
        var index = start + 1
        while index < offset { if !Self.isName(bytes[index]) { return false }; index += 1 }
        return true
    }

    /// The word at the offset (the attribute name when it is followed by `=`).
    var attributeName: String? {
        guard tagStart != nil, attributeValueOf == nil else { return nil }
        var start = offset
        while start > 0, Self.isName(bytes[start - 1]) { start -= 1 }
        var end = offset
        while end < bytes.count, Self.isName(bytes[end]) { end += 1 }
        guard end > start, end < bytes.count, bytes[end] == UInt8(ascii: "=") else { return nil }
        return text(start..<end)
    }

    /// When the offset is inside an attribute's quoted value: that attribute's name.
    var attributeValueOf: String? {
        valueBounds?.name
    }

    /// The whole value of the attribute the offset is in.
    var attributeValue: String? {
        valueBounds.map { text($0.value) }
    }

    private var valueBounds: (name: String, value: Range<Int>)? {
        guard let start = tagStart else { return nil }
        var index = start + 1
        var name = ""
        while index < bytes.count, index <= offset {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let open = index
                var close = index + 1
                while close < bytes.count, bytes[close] != byte { close += 1 }
                if offset > open, offset <= close { return (name, (open + 1)..<min(close, bytes.count)) }
                index = close + 1
                continue
            }
            if Self.isName(byte) {
                var end = index
                while end < bytes.count, Self.isName(bytes[end]) { end += 1 }
                name = text(index..<end)
                index = end
                continue
            }
            index += 1
        }
        return nil
    }

    /// The attribute names the tag already has.
    var attributesPresent: Set<String> {
        guard let start = tagStart else { return [] }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
        let tag = text(start..<end)
        var names: Set<String> = []
        for part in tag.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            if let equals = part.firstIndex(of: "=") { names.insert(String(part[..<equals])) }
        }
        return names
    }

    /// The section the offset is in: the last `<inbound>`… opened before it and not closed.
    var section: PolicySection? {
        let before = text(0..<offset)
        var best: (position: String.Index, section: PolicySection)?
        for section in PolicySection.allCases {
            guard let open = before.range(of: "<\(section.rawValue)", options: .backwards) else { continue }
            if let close = before.range(of: "</\(section.rawValue)", options: .backwards), close.lowerBound > open.lowerBound { continue }
            if best == nil || open.lowerBound > best!.position { best = (open.lowerBound, section) }
        }
        return best?.section
    }

    /// `{{name}}` around the offset.
    var namedValueName: String? {
        var start = offset
        while start > 1, bytes[start - 1] != UInt8(ascii: "{") || bytes[start - 2] != UInt8(ascii: "{") {
            if bytes[start - 1] == UInt8(ascii: "}") || bytes[start - 1] == UInt8(ascii: "\n") { return nil }
            start -= 1
        }
        guard start > 1 else { return nil }
        var end = offset
        while end + 1 < bytes.count, bytes[end] != UInt8(ascii: "}") || bytes[end + 1] != UInt8(ascii: "}") {
            if bytes[end] == UInt8(ascii: "{") || bytes[end] == UInt8(ascii: "\n") { return nil }
            end += 1
        }
        guard end + 1 < bytes.count, end > start else { return nil }
        return text(start..<end)
    }

    /// `context.A.B` ending at the offset, inside `@(` … `)` or `@{` … `}` (the last part may be
    /// partly typed: completion lists the members of what comes before it).
    var expressionChain: [String]? {
        let before = text(0..<offset)
        guard let at = before.range(of: "@", options: .backwards), before[at.upperBound...].first == "(" || before[at.upperBound...].first == "{" else { return nil }
        var end = offset
        while end < bytes.count, Self.isName(bytes[end]) && bytes[end] != UInt8(ascii: ":") { end += 1 }
        var start = offset
        while start > 0, Self.isName(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: ".") { start -= 1 }
        let chain = text(start..<end).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard chain.first == "context", chain.count >= 2 else { return nil }
        return chain
    }
}
