import PolicySource

/// Backends as an APIOps extract keeps them: `backends/<id>/backendInformation.json`, one backend
/// per folder, its id the folder name (pool members name others by full ARM id).
public enum APIOpsBackends {
    /// One backend file of the tree: the id, where to open it, and how to name it in messages.
    public struct Entry: Sendable {
        public var id: String
        public var path: String
        public var display: String

        public init(id: String, path: String, display: String) {
            self.id = id
            self.path = path
            self.display = display
        }
    }

    public static let fileName = "backendInformation.json"

    /// Whether `path` names a `backendInformation.json` (read as the backend named by its folder).
    public static func isInformationFile(_ path: String) -> Bool {
        path == fileName || path.hasSuffix("/" + fileName)
    }

    /// The backends folder's entries: each subfolder holding `backendInformation.json`.
    public static func entries(inFolder folder: String) throws(InputError) -> [Entry] {
        var result: [Entry] = []
        for name in try FileTree.names(in: folder) {
            let sub = FileTree.join(folder, name)
            guard FileTree.kind(sub) == .folder else { continue }
            let file = FileTree.join(sub, fileName)
            if FileTree.kind(file) == .file {
                result.append(Entry(id: name, path: file, display: file))
            } else {
                throw InputError("\(sub): a backend folder without \(fileName)")
            }
        }
        if result.isEmpty { throw InputError("\(folder): no backends (expected <id>/\(fileName) folders, as an APIOps extract keeps them)") }
        return result
    }

    /// The entry of one `…/<id>/backendInformation.json`.
    public static func entry(forFile path: String) -> Entry {
        let parts = path.split(separator: "/")
        let id = parts.count >= 2 ? String(parts[parts.count - 2]) : "backend"
        return Entry(id: id, path: path, display: path)
    }

    /// Reads every entry (its `properties`, with `overrides[id]` merged over them) and loads the
    /// backends as an inline map. Unreadable files are findings, never skipped silently.
    public static func load(_ entries: [Entry], overrides: [String: ConfigValue] = [:],
                            merge: (ConfigValue, ConfigValue) -> ConfigValue = { _, override in override }) -> BackendLoadResult {
        let (map, problems) = inlineMap(entries, overrides: overrides, merge: merge)
        var result = BackendLoader.load(inline: map)
        result.diagnostics = problems + result.diagnostics
        return result
    }

    /// The entries as one inline backends map (id → properties), and what could not be read.
    public static func inlineMap(_ entries: [Entry], overrides: [String: ConfigValue] = [:],
                                 merge: (ConfigValue, ConfigValue) -> ConfigValue = { _, override in override }) -> (map: ConfigValue, problems: [Diagnostic]) {
        var map: [ConfigEntry] = []
        var problems: [Diagnostic] = []
        for entry in entries {
            do {
                let bytes = try SourceFile.read(entry.path).bytes
                let tree = try ConfigValue.parseYAML(SourceFile(path: entry.display, bytes: bytes))
                guard tree.entries != nil else {
                    problems.append(Diagnostic(.error, "apiops-tree", "expected a JSON object, not \(tree.typeName)", at: tree.location))
                    continue
                }
                var properties = tree["properties"] ?? tree
                if let override = overrides[entry.id] { properties = merge(properties, override) }
                map.append(ConfigEntry(key: entry.id, keyLocation: tree.location, value: properties))
            } catch {
                problems.append(Diagnostic(.error, "apiops-tree", error.message, at: error.location ?? SourceLocation(path: entry.display, line: 1, column: 1)))
            }
        }
        return (ConfigValue(.object(map), at: SourceLocation(path: "backends", line: 1, column: 1)), problems)
    }
}
