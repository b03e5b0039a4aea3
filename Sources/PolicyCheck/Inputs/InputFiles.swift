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

    /// Named values from a YAML or JSON map `name: value`. Values may be strings, numbers or
    /// booleans; they are kept as text.
    public static func namedValues(_ path: String) throws(InputError) -> [String: String] {
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

    /// Fragment ids (file names without `.xml`) in a folder, with their paths.
    public static func fragments(_ folder: String) throws(InputError) -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("\(folder): no such folder")
        }
        var result: [String: String] = [:]
        for path in try policyFiles([folder]) {
            let name = (path as NSString).lastPathComponent
            result[String(name.dropLast(4))] = path
        }
        return result
    }
}
