import Foundation
import PolicyBackends
import PolicySource
import Yams

/// Finding and reading the files a command works on.
public enum InputFiles {
    /// The policy files named by `paths`: files as given, folders searched recursively for `*.xml`
    /// (sorted, so output is stable). A path that does not exist is an `InputError`.
    public static func policyFiles(_ paths: [String], suffix: String = ".xml") throws(InputError) -> [String] {
        var result: [String] = []
        for path in paths {
            switch FileTree.kind(path) {
            case .folder: result += try FileTree.files(in: path, suffix: suffix)
            case .file, .other: result.append(path)
            case .missing: throw InputError("\(path): no such file or folder")
            case .loop: throw InputError("\(path): symbolic links loop")
            case .dangling: throw InputError("\(path): a symbolic link to nothing (it points to a missing file)")
            }
        }
        return result
    }

    /// The Bicep, Terraform and ARM files below a folder (`.bicep`, `.tf`, `.json` except
    /// `*.parameters.json`), sorted. Whether each holds a policy is decided when it is read.
    /// Folders in `skipping` (APIOps trees, linted as services) are not walked.
    public static func iacFiles(in folder: String, skipping: [String] = []) throws(InputError) -> [String] {
        if skipping.contains(folder) { return [] }
        var result: [String] = []
        for suffix in [".bicep", ".tf", ".json"] { result += try FileTree.files(in: folder, suffix: suffix, skipping: Set(skipping)) }
        return result.filter { IaCKind.of(path: $0) != nil }.sorted()
    }

    /// Named values from a YAML or JSON map `name: value`. Values may be strings, numbers or
    /// booleans; they are kept as text.
    public static func namedValues(_ path: String) throws(InputError) -> [String: String] {
        if FileTree.kind(path) == .folder { return try apiopsNamedValues(path).values }
        let file = try SourceFile.read(path)
        let node = try YAMLInput.compose(file, document: "the named values file")
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            throw InputError("named values must be a map of name: value", at: YAMLInput.location(node.mark, in: file))
        }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if let scalar = value.scalar {
                result[name] = scalar.string
            } else {
                throw InputError("named value '\(name)' must be a single value",
                    at: YAMLInput.location(value.mark, in: file))
            }
        }
        return result
    }

    /// The names `--named-values` defines: a YAML/JSON map's keys, or an APIOps `named values`
    /// folder's display names and folder names (secrets included: their value is unknown, not absent).
    public static func namedValueNames(_ path: String) throws(InputError) -> Set<String> {
        if FileTree.kind(path) == .folder {
            let found = try apiopsNamedValues(path)
            return Set(found.values.keys).union(found.unknown)
        }
        return Set(try namedValues(path).keys)
    }

    /// An APIOps `named values` folder (read by `ServiceTreeLoader`, its first problem an error).
    /// Values by display name and by folder name; `unknown`: secrets and Key Vault values the
    /// extract does not hold.
    public static func apiopsNamedValues(_ folder: String) throws(InputError) -> (values: [String: String], unknown: Set<String>) {
        let (found, problems) = ServiceTreeLoader.namedValues(inFolder: folder)
        if let problem = problems.first(where: { $0.severity == .error }) { throw InputError(problem.message, at: problem.location) }
        var values: [String: String] = [:]
        var unknown: Set<String> = []
        for value in found {
            if let text = value.value { values[value.displayName] = text } else { unknown.insert(value.displayName) }
        }
        for value in found where values[value.name] == nil {
            if let text = value.value { values[value.name] = text } else { unknown.insert(value.name) }
        }
        return (values, unknown.subtracting(values.keys))
    }

    /// Fragment ids in a folder, with their paths: `<id>.xml` files, or (an APIOps `policy fragments`
    /// folder) `<id>/policy.xml`.
    public static func fragments(_ folder: String) throws(InputError) -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("\(folder): no such folder")
        }
        var result: [String: String] = [:]
        // An APIOps `policy fragments` folder: <id>/policy.xml. (The tree loader's reading would
        // refuse the plain `<id>.xml` form this option also takes, so this one stays its own.)
        for name in try FileTree.names(in: folder) {
            let sub = FileTree.join(folder, name)
            guard FileTree.kind(sub) == .folder else { continue }
            let policy = FileTree.join(sub, "policy.xml")
            if FileTree.kind(policy) == .file {
                result[name] = policy
            } else if FileTree.kind(FileTree.join(sub, "policyFragmentInformation.json")) == .file {
                throw InputError("\(sub): a fragment folder without policy.xml")
            }
        }
        if !result.isEmpty { return result }
        for path in try policyFiles([folder]) {
            let name = (path as NSString).lastPathComponent
            result[String(name.dropLast(4))] = path
        }
        return result
    }
}
