import PolicyModel
import PolicySource

/// The version printed by `--version` and written into SARIF.
public enum PolicyCheckVersion {
    public static let current = "0.1.0"
}

/// One `policycheck lint` invocation: finds the files, loads the reference inputs, lints.
public struct LintSession: Sendable {
    public var paths: [String]
    public var namedValuesPath: String?
    public var fragmentsPath: String?
    public var backendsPath: String?

    public init(paths: [String], namedValuesPath: String? = nil, fragmentsPath: String? = nil, backendsPath: String? = nil) {
        self.paths = paths
        self.namedValuesPath = namedValuesPath
        self.fragmentsPath = fragmentsPath
        self.backendsPath = backendsPath
    }

    /// Lints every file. Unreadable inputs are `InputError`s (exit status 2).
    public func run() throws(InputError) -> LintReport {
        var options = LintOptions()
        if let namedValuesPath { options.namedValues = Set(try InputFiles.namedValues(namedValuesPath).keys) }
        if let fragmentsPath { options.fragmentIds = Set(try InputFiles.fragments(fragmentsPath).keys) }
        if let backendsPath { options.backendIds = try BackendInputs.backendIds(backendsPath) }
        let linter = Linter.standard(options: options)
        var report = LintReport()
        for path in try InputFiles.policyFiles(paths) {
            let file = try SourceFile.read(path)
            report.files.append((file: file, path: path, diagnostics: linter.lint(file)))
        }
        return report
    }
}

extension Linter {
    /// The linter with every check policycheck has.
    public static func standard(options: LintOptions = LintOptions()) -> Linter {
        Linter(catalog: .standard, options: options)
    }
}

/// Backend ids for `lint --backends`, until the backend loader lands.
enum BackendInputs {
    static func backendIds(_ path: String) throws(InputError) -> Set<String> {
        throw InputError("\(path): --backends is not available in this build yet")
    }
}
