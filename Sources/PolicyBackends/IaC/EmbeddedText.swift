import PolicySource

/// Text assembled from pieces of one or more files — a Bicep string literal with its escapes
/// decoded, a Terraform heredoc with its indent stripped, a loaded `.xml` file, a `replace(…)` of
/// them — in which every byte remembers the file and byte offset it came from, so that a finding
/// in the assembled policy can be reported at the IaC file's own line and column.
///
/// Values that cannot be known offline (a Bicep/Terraform `${…}`, an ARM `[parameters(…)]`, a
/// release-pipeline token `__NAME__`) stand in the text as a named value reference
/// `{{iac.NAME}}`: the linter treats those as values it does not know (no literal checks, an
/// expression holding one is not evaluated), which is what a placeholder is.
public struct EmbeddedText: Sendable {
    /// Where one byte came from: an index into `files` and a byte offset in that file.
    public struct Origin: Sendable, Equatable {
        public var file: Int32
        public var offset: Int32
    }

    public internal(set) var bytes: [UInt8] = []
    public internal(set) var origins: [Origin] = []
    public internal(set) var files: [SourceFile] = []
    /// The source text of every placeholder, in order.
    public internal(set) var unknowns: [String] = []
    /// The names given to the placeholders (`iac.…`), for `--named-values` checks.
    public internal(set) var unknownNames: Set<String> = []

    public init() {}

    /// The bytes `range` of `file`, each at its own offset.
    public init(file: SourceFile, range: Range<Int>) {
        let index = fileIndex(file)
        bytes = Array(file.bytes[range])
        origins = range.map { Origin(file: index, offset: Int32(clamping: $0)) }
    }

    /// One value that cannot be known offline, written where `offset` of `file` stands.
    public static func unknown(_ display: String, file: SourceFile, offset: Int) -> EmbeddedText {
        var text = EmbeddedText()
        text.appendUnknown(display, file: file, offset: offset)
        return text
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var isEmpty: Bool { bytes.isEmpty }

    /// True when the whole text is one placeholder (a policy that is only `${param}`).
    public var isEntirelyUnknown: Bool {
        unknowns.count == 1 && bytes.count == Self.placeholderText(unknowns[0], 0).utf8.count
            && text == Self.placeholderText(unknowns[0], 0)
    }

    mutating func fileIndex(_ file: SourceFile) -> Int32 {
        if let index = files.firstIndex(where: { $0.path == file.path }) { return Int32(index) }
        files.append(file)
        return Int32(files.count - 1)
    }

    /// Appends one byte that came from `offset` of file `file` (an index from `fileIndex`).
    mutating func append(_ byte: UInt8, file: Int32, offset: Int) {
        bytes.append(byte)
        origins.append(Origin(file: file, offset: Int32(clamping: offset)))
    }

    /// Appends decoded bytes (an escape's value) that all stand at `offset`.
    mutating func append(_ decoded: some Sequence<UInt8>, file: Int32, offset: Int) {
        for byte in decoded { append(byte, file: file, offset: offset) }
    }

    public mutating func append(_ other: EmbeddedText) {
        var remap: [Int32] = []
        for file in other.files { remap.append(fileIndex(file)) }
        bytes += other.bytes
        origins += other.origins.map { Origin(file: remap[Int($0.file)], offset: $0.offset) }
        unknowns += other.unknowns
        unknownNames.formUnion(other.unknownNames)
    }

    /// Appends a placeholder for a value not known offline.
    public mutating func appendUnknown(_ display: String, file: SourceFile, offset: Int) {
        let index = fileIndex(file)
        let placeholder = Self.placeholderText(display, unknowns.count)
        unknowns.append(display)
        unknownNames.insert(String(placeholder.dropFirst(2).dropLast(2)))
        append(Array(placeholder.utf8), file: index, offset: offset)
    }

    /// `{{iac.NAME}}` with NAME made of the display's name characters (letters, digits, `.`, `-`, `_`).
    static func placeholderText(_ display: String, _ ordinal: Int) -> String {
        var name = ""
        for scalar in display.unicodeScalars {
            if (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_" {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, name.last != "_" {
                name += "_"
            }
            if name.count >= 40 { break }
        }
        while name.hasSuffix("_") || name.hasSuffix(".") { name.removeLast() }
        if name.isEmpty { name = "value\(ordinal + 1)" }
        return "{{iac.\(name)}}"
    }

    /// The location of byte `index` (the end of the text maps just after the last byte).
    public func location(ofByte index: Int) -> SourceLocation? {
        guard !origins.isEmpty else { return nil }
        if index >= origins.count {
            let last = origins[origins.count - 1]
            return files[Int(last.file)].location(at: Int(last.offset) + 1)
        }
        let origin = origins[max(0, index)]
        return files[Int(origin.file)].location(at: Int(origin.offset))
    }

    /// Every occurrence of `target` replaced by `replacement` (ARM/Bicep `replace`). The inserted
    /// bytes stand where the replaced text stood.
    public func replacing(_ target: [UInt8], with replacement: EmbeddedText) -> EmbeddedText {
        guard !target.isEmpty, bytes.count >= target.count else { return self }
        var out = EmbeddedText()
        out.files = files
        out.unknowns = unknowns
        out.unknownNames = unknownNames
        var index = 0
        let first = target[0]
        while index < bytes.count {
            if bytes[index] == first, index + target.count <= bytes.count, bytes[index..<(index + target.count)].elementsEqual(target) {
                let at = origins[index]
                out.bytes += replacement.bytes
                out.origins += replacement.bytes.map { _ in at }
                out.unknowns += replacement.unknowns
                out.unknownNames.formUnion(replacement.unknownNames)
                index += target.count
            } else {
                out.bytes.append(bytes[index])
                out.origins.append(origins[index])
                index += 1
            }
        }
        return out
    }

    /// Each match of the patterns (release-pipeline tokens such as `__NAME__`, `#{name}#`) turned
    /// into a placeholder. Invalid patterns are ignored here (the CLI checks them first).
    public func replacingTokens(_ patterns: [String]) -> EmbeddedText {
        guard !patterns.isEmpty else { return self }
        let string = text
        var matches: [(start: Int, end: Int)] = []
        for pattern in patterns {
            guard let regex = try? Regex(pattern) else { continue }
            for match in string.matches(of: regex) where !match.range.isEmpty {
                let start = string.utf8.distance(from: string.startIndex, to: match.range.lowerBound)
                let end = string.utf8.distance(from: string.startIndex, to: match.range.upperBound)
                if !matches.contains(where: { $0.start < end && start < $0.end }) { matches.append((start, end)) }
            }
        }
        guard !matches.isEmpty else { return self }
        matches.sort { $0.start < $1.start }
        var out = EmbeddedText()
        out.files = files
        out.unknowns = unknowns
        out.unknownNames = unknownNames
        var index = 0
        for match in matches {
            while index < match.start {
                out.bytes.append(bytes[index])
                out.origins.append(origins[index])
                index += 1
            }
            let at = origins[match.start]
            out.appendUnknown(String(decoding: bytes[match.start..<match.end], as: UTF8.self), file: files[Int(at.file)], offset: Int(at.offset))
            index = match.end
        }
        while index < bytes.count {
            out.bytes.append(bytes[index])
            out.origins.append(origins[index])
            index += 1
        }
        return out
    }

    /// Release-pipeline tokens replaced by default: `__NAME__` (Replace Tokens' default) and `#{name}#`.
    public static let defaultTokenPatterns = [#"__[A-Za-z][A-Za-z0-9_.-]*__"#, #"#\{[^}#\s]+\}#"#]
}

/// Where a policy document stands in APIM, from the type of the resource that holds it.
public enum EmbeddedPolicyScope: String, Sendable, Hashable {
    case global, workspace, product, api, operation, fragment

    /// The scope of an ARM/Bicep resource type (`Microsoft.ApiManagement/service/apis/policies`,
    /// version and case ignored), or nil when the type holds no policy.
    public static func ofResourceType(_ type: String) -> EmbeddedPolicyScope? {
        var t = type.lowercased()
        if let at = t.firstIndex(of: "@") { t = String(t[..<at]) }
        let prefix = "microsoft.apimanagement/service/"
        guard t.hasPrefix(prefix) else { return nil }
        var rest = String(t.dropFirst(prefix.count))
        var workspace = false
        if rest.hasPrefix("workspaces/") {
            rest = String(rest.dropFirst("workspaces/".count))
            workspace = true
        }
        switch rest {
        case "policies": return workspace ? .workspace : .global
        case "products/policies": return .product
        case "apis/policies": return .api
        case "apis/operations/policies": return .operation
        case "policyfragments": return .fragment
        default: return nil
        }
    }
}

/// One policy document found in an infrastructure-as-code file.
public struct EmbeddedPolicy: Sendable {
    /// How the IaC file names it: `apiPolicy`, `azurerm_api_management_api_policy.orders`.
    public var name: String
    public var scope: EmbeddedPolicyScope
    /// `rawxml`, `xml`, `rawxml-link`, `xml-link` (lowercased); nil when not given.
    public var format: String?
    public var text: EmbeddedText
    /// Where the value is written (the property, attribute or argument).
    public var location: SourceLocation

    public init(name: String, scope: EmbeddedPolicyScope, format: String?, text: EmbeddedText, location: SourceLocation) {
        self.name = name
        self.scope = scope
        self.format = format
        self.text = text
        self.location = location
    }

    /// A link format: the policy is fetched from a URL at deployment.
    public var isLink: Bool { format?.hasSuffix("-link") == true }
    /// Strict XML (`format: 'xml'`): expressions must be XML-escaped.
    public var isStrictXML: Bool { format == "xml" }
}

/// What one IaC file holds.
public struct IaCExtraction: Sendable {
    public var policies: [EmbeddedPolicy] = []
    /// Notes about what was not followed (a module from a registry, a value not known offline).
    public var notes: [Diagnostic] = []

    public init() {}
}

/// The kinds of infrastructure code `policycheck lint` reads policies from.
public enum IaCKind: String, Sendable {
    case bicep, terraform, arm

    /// The kind of a path by its name; `*.parameters.json` is not a template. A `.json` file is
    /// ARM only if it looks like a deployment template (checked by the reader).
    public static func of(path: String) -> IaCKind? {
        let lower = path.lowercased()
        if lower.hasSuffix(".bicep") { return .bicep }
        if lower.hasSuffix(".tf") { return .terraform }
        if lower.hasSuffix(".json"), !lower.hasSuffix(".parameters.json") { return .arm }
        return nil
    }
}

/// Reads the policies of an IaC file of any kind.
public enum IaCPolicies {
    /// The policies of `path`; a missing file or bad syntax is an `InputError` naming file and line.
    public static func extract(path: String) throws(InputError) -> IaCExtraction {
        let file = try SourceFile.read(path)
        switch IaCKind.of(path: path) {
        case .bicep: return try BicepPolicies.extract(file)
        case .terraform: return try TerraformPolicies.extract(file)
        case .arm: return try ARMPolicies.extract(file)
        case nil: return IaCExtraction()
        }
    }

    /// Whether a `.json` file is an ARM deployment template (has `$schema` …deploymentTemplate… or `resources`).
    public static func looksLikeARMTemplate(_ file: SourceFile) -> Bool {
        let head = String(decoding: file.bytes.prefix(4096), as: UTF8.self).lowercased()
        return head.contains("deploymenttemplate.json") || (head.contains("\"resources\"") && head.contains("\"type\""))
    }
}

/// Reads a file a policy is loaded from (`loadTextContent`, `file()`), relative to the IaC file's
/// folder; a missing file is an `InputError` at the IaC file's line.
func loadReferencedFile(_ written: String, from file: SourceFile, at offset: Int, orFromAncestors: Bool = false) throws(InputError) -> SourceFile {
    var relative = written
    while relative.hasPrefix("./") { relative.removeFirst(2) }
    let path = relative.hasPrefix("/") ? relative : FileTree.join(folder(of: file.path), relative)
    if orFromAncestors, !relative.hasPrefix("/"), FileTree.kind(path) == .missing {
        // Terraform resolves a plain relative `file()` path against the working directory — the
        // root module, which a child module's file does not know: try the folders above it.
        var base = folder(of: file.path)
        for _ in 0..<8 {
            let parent = folder(of: base)
            if parent == base || base == "." || base == "/" { break }
            base = parent
            let candidate = FileTree.join(base, relative)
            if FileTree.kind(candidate) == .file, let found = try? SourceFile.read(candidate) { return found }
        }
    }
    do {
        return try SourceFile.read(path)
    } catch {
        throw InputError("cannot load '\(written)': \(error.message)", at: file.location(at: offset))
    }
}

/// The folder part of a path (`.` for a bare name).
func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
