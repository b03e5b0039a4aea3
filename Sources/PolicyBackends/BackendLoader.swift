import PolicySource
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What loading a backends input produced: the catalog and the findings about it (load notes and,
/// unless turned off, `BackendValidator`'s findings).
public struct BackendLoadResult: Sendable {
    public var catalog: BackendCatalog
    public var diagnostics: [Diagnostic]

    public init(catalog: BackendCatalog, diagnostics: [Diagnostic]) {
        self.catalog = catalog
        self.diagnostics = diagnostics
    }

    /// Whether any finding is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads backend entities from an inline scenario map, an ARM JSON template, a Bicep file or a
/// YAML/JSON map of backends.
public enum BackendLoader {
    /// The largest input file read (bytes).
    public static let maximumFileSize = 16 * 1024 * 1024

    /// Loads a file, choosing the reader by extension: `.bicep`; `.json` (an ARM template when it has
    /// `resources`, else an inline-shaped map); `.yaml`/`.yml` (an inline-shaped map).
    /// Unreadable files and syntax errors throw an `InputError` with file:line:col.
    public static func load(file path: String, validate: Bool = true) throws(InputError) -> BackendLoadResult {
        // An APIOps extract's backends: the `backends` folder, or one `<id>/backendInformation.json`.
        if FileTree.kind(path) == .folder { return APIOpsBackends.load(try APIOpsBackends.entries(inFolder: path)) }
        if APIOpsBackends.isInformationFile(path) { return APIOpsBackends.load([APIOpsBackends.entry(forFile: path)]) }
        let bytes = try readFile(path)
        return try load(SourceFile(path: path, bytes: bytes), validate: validate)
    }

    /// Loads already-read source text; the format is chosen by the path's extension.
    public static func load(_ file: SourceFile, validate: Bool = true) throws(InputError) -> BackendLoadResult {
        let lower = file.path.lowercased()
        var result: BackendLoadResult
        if lower.hasSuffix(".bicep") {
            result = try BicepBackends.load(file)
        } else if lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            let tree = try ConfigValue.parseYAML(file)
            if lower.hasSuffix(".json"), tree["resources"] != nil || tree["$schema"] != nil {
                result = ARMTemplateBackends.load(tree)
            } else {
                // A scenario-like file may hold the map under `backends:`.
                let map = (tree["backends"]?.entries != nil) ? tree["backends"]! : tree
                result = loadInlineMap(map)
            }
        } else {
            throw InputError("cannot tell the format of '\(file.path)': expected .bicep, .json, .yaml or .yml",
                             at: SourceLocation(path: file.path, line: 1, column: 1))
        }
        if validate { result.diagnostics += BackendValidator.validate(result.catalog) }
        return result
    }

    /// Loads a scenario's inline `backends:` map: `id: { url, protocol, circuitBreaker, type: Pool, pool }`,
    /// with or without a `properties:` wrapper.
    public static func load(inline map: ConfigValue, validate: Bool = true) -> BackendLoadResult {
        var result = loadInlineMap(map)
        if validate { result.diagnostics += BackendValidator.validate(result.catalog) }
        return result
    }

    /// Loads a scenario's inline `backends:` map given as a Yams node read from `file`.
    public static func load(inline node: Node, in file: SourceFile, validate: Bool = true) throws(InputError) -> BackendLoadResult {
        load(inline: try ConfigValue(yaml: node, in: file), validate: validate)
    }

    static func loadInlineMap(_ map: ConfigValue) -> BackendLoadResult {
        var catalog = BackendCatalog()
        var diagnostics: [Diagnostic] = []
        guard let entries = map.entries else {
            diagnostics.append(Diagnostic(.error, "backend-input",
                                          "backends must be a map of backend id to definition, not \(map.typeName)", at: map.location))
            return BackendLoadResult(catalog: catalog, diagnostics: diagnostics)
        }
        for entry in entries {
            guard entry.value.entries != nil else {
                diagnostics.append(Diagnostic(.error, "backend-input",
                                              "backend '\(entry.key)' must be a map such as { url: https://… }, not \(entry.value.typeName)",
                                              at: entry.value.location))
                continue
            }
            var properties = entry.value
            var apiVersion: String?
            if let wrapped = entry.value["properties"], wrapped.entries != nil {
                properties = wrapped
                apiVersion = entry.value["apiVersion"]?.string
            } else {
                apiVersion = entry.value["apiVersion"]?.string
            }
            if catalog[entry.key] != nil {
                diagnostics.append(Diagnostic(.error, "backend-id", "backend '\(entry.key)' is defined twice", at: entry.keyLocation))
            }
            catalog.add(BackendDecoder.backend(id: entry.key, properties: properties, apiVersion: apiVersion,
                                               location: entry.keyLocation, origin: .inline))
        }
        return BackendLoadResult(catalog: catalog, diagnostics: diagnostics)
    }

    static func readFile(_ path: String) throws(InputError) -> [UInt8] {
        let at = SourceLocation(path: path, line: 1, column: 1)
        guard let handle = fopen(path, "rb") else {
            throw InputError("cannot read '\(path)': \(String(cString: strerror(errno)))", at: at)
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > maximumFileSize {
                throw InputError("'\(path)' is larger than \(maximumFileSize / 1024 / 1024) MB", at: at)
            }
            if n < buffer.count {
                if ferror(handle) != 0 { throw InputError("cannot read '\(path)'", at: at) }
                break
            }
        }
        return bytes
    }
}
