import PolicyBackends
import PolicyModel
import PolicyRuntime
import PolicySource

/// Lints the policy documents embedded in a Bicep, Terraform or ARM file (PolicyBackends/IaC
/// extracts them as `EmbeddedText`): each document is linted in the scope its resource type
/// gives, and every finding is moved back to the IaC file's line and column — or to the line of
/// the `.xml` file the document was loaded from.
public struct IaCLint: Sendable {
    public var options: LintOptions
    /// Release-pipeline token patterns (`--token-pattern`); their matches are unknown values.
    public var tokenPatterns: [String]

    public init(options: LintOptions = LintOptions(), tokenPatterns: [String] = EmbeddedText.defaultTokenPatterns) {
        self.options = options
        self.tokenPatterns = tokenPatterns
    }

    /// The rules only IaC files report (listed in SARIF; Docs/iac.md describes them).
    public static let rules: [LintRule] = [
        LintRule("iac-policy", .note, "A policy in infrastructure code that is not linted: a link format (`rawxml-link`, `xml-link`, `xml_link`), a value that cannot be known offline, a module policycheck does not fetch."),
        LintRule("iac-xml-format", .error, "A policy whose `format` is `xml` (strict XML) but whose text is not well-formed XML: an expression with unescaped `<`, `&` or quotes. Escape it, or use `rawxml`."),
    ]

    /// Whether a path is an IaC file policycheck reads (`.bicep`, `.tf`, `.json` except `*.parameters.json`).
    public static func isIaCFile(_ path: String) -> Bool { IaCKind.of(path: path) != nil }

    /// The findings of one IaC file, one `LintedFile` per file they are in (the IaC file first);
    /// nil when the file holds no APIM policy. Bad syntax, a missing `loadTextContent`/`file()`
    /// target or a module cycle is an `InputError` naming file and line.
    public func lint(path: String) throws(InputError) -> [LintedFile]? {
        let extraction = try IaCPolicies.extract(path: path)
        if extraction.policies.isEmpty, extraction.notes.isEmpty { return nil }
        let iacFile = try SourceFile.read(path)
        var byPath: [String: (file: SourceFile?, diagnostics: [Diagnostic])] = [path: (iacFile, extraction.notes)]
        var order = [path]
        // One .xml file loaded by several resources (templatefile() per API) is reported once per finding.
        var seen = Set<String>()
        for policy in extraction.policies {
            for diagnostic in lint(policy) {
                let where_ = diagnostic.location.path
                if where_ != path, !seen.insert("\(where_):\(diagnostic.location.line):\(diagnostic.location.column):\(diagnostic.rule):\(diagnostic.message)").inserted { continue }
                if byPath[where_] == nil {
                    order.append(where_)
                    byPath[where_] = (policy.text.files.first { $0.path == where_ }, [])
                }
                byPath[where_]?.diagnostics.append(diagnostic)
            }
        }
        return order.map { key in
            let entry = byPath[key] ?? (nil, [])
            let sorted = entry.diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
            return LintedFile(file: entry.file, path: key, diagnostics: sorted)
        }
    }

    /// A plain policy file with the token patterns' matches taken as unknown values.
    public func lintWithTokens(_ file: SourceFile) -> [Diagnostic] {
        let text = EmbeddedText(file: file, range: 0..<file.bytes.count).replacingTokens(tokenPatterns)
        guard !text.unknowns.isEmpty else { return Linter.standard(options: options).lint(file) }
        var options = options
        if let names = options.namedValues { options.namedValues = names.union(text.unknownNames) }
        return Self.mapped(Linter.standard(options: options).lint(SourceFile(path: file.path, bytes: text.bytes)), text, file.location(at: 0))
    }

    static func mapped(_ findings: [Diagnostic], _ text: EmbeddedText, _ fallback: SourceLocation) -> [Diagnostic] {
        let virtual = SourceFile(path: fallback.path, bytes: text.bytes)
        return findings.map { finding in
            let offset = virtual.offset(line: finding.location.line, column: finding.location.column) ?? finding.location.offset
            let location = text.location(ofByte: offset) ?? fallback
            return Diagnostic(finding.severity, finding.rule, finding.message, at: location)
        }
    }

    /// The findings of one embedded document, at their places in the original files.
    public func lint(_ policy: EmbeddedPolicy) -> [Diagnostic] {
        if policy.isLink {
            return [Diagnostic(.note, "iac-policy", "'\(policy.name)' loads its policy from a URL (\(policy.format ?? "link")) at deployment; it is not linted", at: policy.location)]
        }
        let text = policy.text.replacingTokens(tokenPatterns)
        if text.isEntirelyUnknown {
            return [Diagnostic(.note, "iac-policy", "the policy of '\(policy.name)' is '\(text.unknowns[0])', which cannot be known offline; it is not linted", at: policy.location)]
        }
        var options = options
        switch policy.scope {
        case .fragment: options.expectsFragment = true
        case .global: options.scope = .global
        case .workspace: options.scope = .workspace
        case .product: options.scope = .product
        case .api: options.scope = .api
        case .operation: options.scope = .operation
        }
        if let names = options.namedValues { options.namedValues = names.union(text.unknownNames) }
        let virtual = SourceFile(path: policy.location.path + "#" + policy.name, bytes: text.bytes)
        var findings = Linter.standard(options: options).lint(virtual)
        if policy.isStrictXML { findings += StrictXMLCheck.problems(in: virtual) }
        return Self.mapped(findings, text, policy.location)
    }
}

/// `format: 'xml'` means strict XML: APIM parses the value as XML, so an expression written raw
/// (`@(a < b)`, `"` inside a `"`-quoted attribute, a bare `&`) breaks it. Reported where the text
/// stops being XML.
enum StrictXMLCheck {
    static func problems(in file: SourceFile) -> [Diagnostic] {
        let bytes = file.bytes
        var i = 0
        func report(_ message: String, _ at: Int) -> [Diagnostic] {
            [Diagnostic(.error, "iac-xml-format", message + "; format 'xml' needs well-formed XML (escape expressions, or use format 'rawxml')", at: file.location(at: at))]
        }
        func entityOK(_ at: Int) -> Bool {
            var j = at + 1
            if j < bytes.count, bytes[j] == 0x23 { j += 1 }
            let begin = j
            while j < bytes.count, j - begin < 12, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || (bytes[j] | 0x20 >= 0x61 && bytes[j] | 0x20 <= 0x7A) { j += 1 }
            return j > begin && j < bytes.count && bytes[j] == 0x3B
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x3C {
                if bytes[i...].starts(with: Array("<!--".utf8)) {
                    guard let end = find("-->", in: bytes, from: i + 4) else { return [] }
                    i = end + 3
                    continue
                }
                if bytes[i...].starts(with: Array("<![CDATA[".utf8)) {
                    guard let end = find("]]>", in: bytes, from: i + 9) else { return [] }
                    i = end + 3
                    continue
                }
                if i + 1 < bytes.count, bytes[i + 1] == 0x3F || bytes[i + 1] == 0x21 {
                    while i < bytes.count, bytes[i] != 0x3E { i += 1 }
                    i += 1
                    continue
                }
                // A tag: a name start must follow (or `/`).
                i += 1
                guard i < bytes.count else { return [] }
                let n = bytes[i]
                guard n == 0x2F || n == 0x5F || n == 0x3A || (n | 0x20 >= 0x61 && n | 0x20 <= 0x7A) || n >= 0x80 else {
                    return report("'<' that does not start a tag", i - 1)
                }
                // Attributes: name = quoted value.
                while i < bytes.count, bytes[i] != 0x3E {
                    let d = bytes[i]
                    if d == 0x22 || d == 0x27 {
                        let quote = d
                        var j = i + 1
                        while j < bytes.count, bytes[j] != quote {
                            if bytes[j] == 0x3C { return report("'<' inside an attribute value", j) }
                            if bytes[j] == 0x26, !entityOK(j) { return report("'&' that does not start an entity reference", j) }
                            j += 1
                        }
                        guard j < bytes.count else { return [] }
                        j += 1
                        if j < bytes.count, !" \t\r\n/>".utf8.contains(bytes[j]) {
                            return report("text after the closing quote of an attribute value (a quote inside the value?)", j)
                        }
                        i = j
                        continue
                    }
                    i += 1
                }
                i += 1
                continue
            }
            if c == 0x26, !entityOK(i) { return report("'&' that does not start an entity reference", i) }
            i += 1
        }
        return []
    }

    private static func find(_ marker: String, in bytes: [UInt8], from: Int) -> Int? {
        let m = Array(marker.utf8)
        var i = from
        while i + m.count <= bytes.count {
            if bytes[i] == m[0], bytes[i..<(i + m.count)].elementsEqual(m) { return i }
            i += 1
        }
        return nil
    }
}
