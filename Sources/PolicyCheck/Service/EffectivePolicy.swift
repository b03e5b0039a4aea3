import PolicyModel
import PolicyRuntime
import PolicySource

/// The composed policy of one operation, as APIM's "Calculate effective policy" shows it: each
/// section starts from the narrowest scope and every `<base/>` is replaced, in place, by the next
/// broader scope's same section (operation → API → product → workspace → global). A scope with no
/// policy document inherits everything; a document without a section runs nothing there (as the
/// simulation does, Docs/apiops.md). Fragments stay as `include-fragment`, as APIM shows them.
public struct EffectivePolicy: Sendable {
    /// One policy of the composed section, with where it came from.
    public struct Entry: Sendable {
        public var scope: PolicyScope
        public var file: String
        public var line: Int
        public var name: String
        /// The policy's source text as written.
        public var text: String
        /// The column its text started at (for re-indenting continuation lines).
        public var column: Int
    }

    public var target: ServiceTarget
    /// Per section present at some scope, in pipeline order.
    public var sections: [(section: PolicySection, entries: [Entry])]

    /// Composes the target's documents. A document that does not parse is an `InputError`.
    public static func compose(_ target: ServiceTarget) throws(InputError) -> EffectivePolicy {
        var loaded: [(scope: PolicyScope, file: SourceFile, document: PolicyDocument)] = []
        for (scope, serviceFile) in target.documents {
            let file = try serviceFile.read()
            let (document, diagnostics) = DocumentBuilder(catalog: .standard).parse(file)
            if let error = diagnostics.first(where: { $0.severity == .error }) {
                throw InputError(error.message + " [\(error.rule)]", at: error.location)
            }
            guard let document else { throw InputError("not a policy document", at: serviceFile.start) }
            loaded.append((scope, file, document))
        }
        // Narrowest first.
        let chain = Array(loaded.reversed())
        var sections: [(PolicySection, [Entry])] = []
        for kind in PolicySection.allCases {
            guard !chain.isEmpty, chain.contains(where: { $0.document.section(kind) != nil }) else { continue }
            sections.append((kind, entries(kind, chain: chain[...])))
        }
        return EffectivePolicy(target: target, sections: sections)
    }

    static func entries(_ kind: PolicySection, chain: ArraySlice<(scope: PolicyScope, file: SourceFile, document: PolicyDocument)>) -> [Entry] {
        guard let current = chain.first, let section = current.document.section(kind) else { return [] }
        var result: [Entry] = []
        for policy in section.policies {
            if policy.name == "base" {
                result += entries(kind, chain: chain.dropFirst())
                continue
            }
            let start = policy.location.offset
            let end = min(max(policy.element.endOffset, start), current.file.bytes.count)
            let text = String(decoding: current.file.bytes[start..<end], as: UTF8.self)
            result.append(Entry(scope: current.scope, file: current.file.path, line: policy.location.line, name: policy.name,
                                text: text, column: policy.location.column))
        }
        return result
    }

    /// The composed document as XML: each run of policies from one scope is headed by a comment
    /// naming the scope and file; every policy keeps its source text.
    public var xml: String {
        var out = "<!-- effective policy of \(target.label)\(target.product.map { " in product \($0.name)" } ?? "")"
        out += target.documents.isEmpty ? ": no scope has a policy -->\n" : " -->\n"
        out += "<policies>\n"
        for (kind, entries) in sections {
            out += "\t<\(kind.rawValue)>\n"
            var lastFile: String?
            for entry in entries {
                if entry.file != lastFile {
                    out += "\t\t<!-- \(entry.scope.rawValue): \(entry.file) -->\n"
                    lastFile = entry.file
                }
                out += "\t\t" + Self.reindented(entry.text, column: entry.column, indent: "\t\t") + "\n"
            }
            out += "\t</\(kind.rawValue)>\n"
        }
        out += "</policies>\n"
        return out
    }

    /// Continuation lines lose the policy's own starting indentation and get `indent` instead.
    static func reindented(_ text: String, column: Int, indent: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lines.count > 1 else { return text }
        let strip = max(0, column - 1)
        var result = [lines[0]]
        for line in lines.dropFirst() {
            let leading = line.prefix { $0 == " " || $0 == "\t" }.count
            result.append(indent + String(line.dropFirst(min(leading, strip))))
        }
        return result.joined(separator: "\n")
    }

    /// The composed document as JSON: per section, each policy with its scope, file and line.
    public var json: String {
        var out = "{\n  \"api\": \(JSONText.quoted(target.api.folder)),\n"
        out += "  \"operation\": \(target.operation.map { JSONText.quoted($0.name) } ?? "null"),\n"
        out += "  \"product\": \(target.product.map { JSONText.quoted($0.name) } ?? "null"),\n"
        out += "  \"workspace\": \(target.workspace.map { JSONText.quoted($0) } ?? "null"),\n"
        out += "  \"scopes\": [" + target.documents.map { "{ \"scope\": \(JSONText.quoted($0.scope.rawValue)), \"file\": \(JSONText.quoted($0.file.display)) }" }.joined(separator: ", ") + "],\n"
        out += "  \"sections\": {"
        out += sections.map { kind, entries in
            "\n    \(JSONText.quoted(kind.rawValue)): [" + entries.map { entry in
                "\n      { \"policy\": \(JSONText.quoted(entry.name)), \"scope\": \(JSONText.quoted(entry.scope.rawValue)), \"file\": \(JSONText.quoted(entry.file)), \"line\": \(entry.line), \"xml\": \(JSONText.quoted(entry.text)) }"
            }.joined(separator: ",") + (entries.isEmpty ? "]" : "\n    ]")
        }.joined(separator: ",")
        out += sections.isEmpty ? "}\n}\n" : "\n  }\n}\n"
        return out
    }
}
