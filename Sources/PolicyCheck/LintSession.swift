import PolicyBackends
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
        var report = LintReport()
        try run { report.files.append($0) }
        return report
    }

    /// Lints one file after another and hands each to `visit` as soon as it is done, so that a
    /// caller printing as it goes holds one file at a time. Unreadable inputs are `InputError`s.
    public func run(_ visit: (LintedFile) -> Void) throws(InputError) {
        var options = LintOptions()
        if let namedValuesPath { options.namedValues = Set(try InputFiles.namedValues(namedValuesPath).keys) }
        if let fragmentsPath { options.fragmentIds = Set(try InputFiles.fragments(fragmentsPath).keys) }
        if let backendsPath {
            let backends = try BackendInputs.load(backendsPath)
            options.backendIds = backends.ids
            visit(LintedFile(file: backends.file, path: backendsPath, diagnostics: backends.diagnostics))
        }
        let linter = Linter.standard(options: options)
        for path in try InputFiles.policyFiles(paths) {
            let file = try SourceFile.read(path)
            visit(LintedFile(file: file, path: path, diagnostics: linter.lint(file)))
        }
    }
}

extension Linter {
    /// The linter with every check policycheck has.
    public static func standard(options: LintOptions = LintOptions()) -> Linter {
        var linter = Linter(catalog: .standard, options: options)
        linter.documentChecks.append { ExpressionLint.check($0) }
        return linter
    }
}

/// Backends for `lint --backends`: the ids literal `backend-id`s are checked against, and the
/// backend file's own findings (pool rules, breaker rules, durations) with their file:line.
enum BackendInputs {
    static func load(_ path: String) throws(InputError) -> (ids: Set<String>, file: SourceFile, diagnostics: [Diagnostic]) {
        let file = try SourceFile.read(path)
        let result = try BackendLoader.load(file)
        return (Set(result.catalog.ids), file, result.diagnostics)
    }
}
