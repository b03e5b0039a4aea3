import PolicyBackends
import PolicyModel
import PolicySource

/// One `policycheck lint` invocation: finds the files, loads the reference inputs, lints.
public struct LintSession: Sendable {
    public var paths: [String]
    public var namedValuesPath: String?
    public var fragmentsPath: String?
    public var backendsPath: String?
    /// An APIOps publisher override file (`configuration.<env>.yaml`) applied to every tree linted.
    public var environmentPath: String?

    public init(paths: [String], namedValuesPath: String? = nil, fragmentsPath: String? = nil, backendsPath: String? = nil,
                environmentPath: String? = nil) {
        self.paths = paths
        self.namedValuesPath = namedValuesPath
        self.fragmentsPath = fragmentsPath
        self.backendsPath = backendsPath
        self.environmentPath = environmentPath
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
        let environment = try environmentPath.map { path throws(InputError) in try PublisherConfiguration.load(path) }
        // Folders holding APIOps trees: each tree is linted as one service; other files alone.
        var loose: [String] = []
        var treesLinted = 0
        for path in paths {
            guard FileTree.kind(path) == .folder else {
                loose.append(path)
                continue
            }
            let roots = ServiceTreeLoader.find(in: path)
            if roots.isEmpty {
                loose.append(path)
                continue
            }
            for root in roots {
                let display = root == path ? "" : ServiceLint.inside(root, display: path.hasSuffix("/") ? String(path.dropLast()) : path)
                ServiceLint(tree: ServiceTreeLoader.load(root: root, display: display, environment: environment)).run(visit)
                treesLinted += 1
            }
            // Policy files of the folder outside every tree are linted alone, as before.
            let outside = try InputFiles.policyFiles([path]).filter { file in !roots.contains { file.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } }
            loose += outside
        }
        if environment != nil, treesLinted == 0 {
            throw InputError("--environment applies to APIOps trees, and no path holds one (a folder with apis/, products/, named values/, …)")
        }
        if treesLinted > 0, loose.isEmpty { return }
        try lintFiles(loose, visit)
    }

    func lintFiles(_ paths: [String], _ visit: (LintedFile) -> Void) throws(InputError) {
        var options = LintOptions()
        if let namedValuesPath { options.namedValues = try InputFiles.namedValueNames(namedValuesPath) }
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
    static func load(_ path: String) throws(InputError) -> (ids: Set<String>, file: SourceFile?, diagnostics: [Diagnostic]) {
        if FileTree.kind(path) == .folder || APIOpsBackends.isInformationFile(path) {
            let result = try BackendLoader.load(file: path)
            return (Set(result.catalog.ids), nil, result.diagnostics)
        }
        let file = try SourceFile.read(path)
        let result = try BackendLoader.load(file)
        return (Set(result.catalog.ids), file, result.diagnostics)
    }
}
