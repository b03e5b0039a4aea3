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
    /// Release-pipeline token patterns whose matches in IaC-embedded policies are unknown values
    /// (`--token-pattern`); nil: `EmbeddedText.defaultTokenPatterns` (`__NAME__`, `#{name}#`).
    public var tokenPatterns: [String]?

    public init(paths: [String], namedValuesPath: String? = nil, fragmentsPath: String? = nil, backendsPath: String? = nil,
                environmentPath: String? = nil, tokenPatterns: [String]? = nil) {
        self.paths = paths
        self.tokenPatterns = tokenPatterns
        self.namedValuesPath = namedValuesPath
        self.fragmentsPath = fragmentsPath
        self.backendsPath = backendsPath
        self.environmentPath = environmentPath
    }

    /// Lints every file. Unreadable inputs are `InputError`s (exit status 2).
    public func run() throws(InputError) -> LintReport {
        var report = LintReport()
        report.skipped = try run { report.files.append($0) }
        return report
    }

    /// Lints one file after another and hands each to `visit` as soon as it is done, so that a
    /// caller printing as it goes holds one file at a time. Unreadable inputs are `InputError`s.
    /// Returns how many IaC files of the folders given held no APIM policy (skipped silently).
    @discardableResult
    public func run(_ visit: (LintedFile) -> Void) throws(InputError) -> Int {
        let environment = try environmentPath.map { path throws(InputError) in try PublisherConfiguration.load(path) }
        // Folders holding APIOps trees: each tree is linted as one service; other files alone.
        var loose: [String] = []
        var fromFolders: Set<String> = []
        var treesLinted = 0
        for path in paths {
            guard FileTree.kind(path) == .folder else {
                loose.append(path)
                continue
            }
            let roots = ServiceTreeLoader.find(in: path)
            let iac = try InputFiles.iacFiles(in: path, skipping: roots).filter { file in !roots.contains { file.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } }
            fromFolders.formUnion(iac)
            if roots.isEmpty {
                loose.append(path)
                loose += iac
                continue
            }
            loose += iac
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
        if treesLinted > 0, loose.isEmpty { return 0 }
        return try lintFiles(loose, fromFolders: fromFolders, visit)
    }

    func lintFiles(_ paths: [String], fromFolders: Set<String> = [], _ visit: (LintedFile) -> Void) throws(InputError) -> Int {
        var options = LintOptions()
        if let namedValuesPath { options.namedValues = try InputFiles.namedValueNames(namedValuesPath) }
        if let fragmentsPath { options.fragmentIds = Set(try InputFiles.fragments(fragmentsPath).keys) }
        if let backendsPath {
            let backends = try BackendInputs.load(backendsPath)
            options.backendIds = backends.ids
            visit(LintedFile(file: backends.file, path: backendsPath, diagnostics: backends.diagnostics))
        }
        let linter = Linter.standard(options: options)
        let iac = IaCLint(options: options, tokenPatterns: tokenPatterns ?? EmbeddedText.defaultTokenPatterns)
        var skipped = 0
        for path in try InputFiles.policyFiles(paths) {
            if IaCLint.isIaCFile(path) {
                if let files = try iac.lint(path: path) {
                    files.forEach(visit)
                } else if fromFolders.contains(path) {
                    skipped += 1
                } else {
                    let file = try SourceFile.read(path)
                    visit(LintedFile(file: file, path: path, diagnostics: [
                        Diagnostic(.note, "iac-policy", "no API Management policy resource found in this file", at: file.location(at: 0)),
                    ]))
                }
                continue
            }
            let file = try SourceFile.read(path)
            if tokenPatterns != nil {
                // Explicit token patterns apply to plain policy files too: each match is an unknown value.
                visit(LintedFile(file: file, path: path, diagnostics: iac.lintWithTokens(file)))
                continue
            }
            visit(LintedFile(file: file, path: path, diagnostics: linter.lint(file)))
        }
        return skipped
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
