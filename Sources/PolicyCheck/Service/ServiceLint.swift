import PolicyBackends
import PolicyModel
import PolicyRuntime
import PolicySource

/// The backends of one level of a tree, with the environment's overrides, checked as `--backends` files are.
public enum ServiceBackends {
    public static func load(_ level: ServiceLevel, environment: PublisherConfiguration?) -> BackendLoadResult {
        APIOpsBackends.load(level.backends.map { APIOpsBackends.Entry(id: $0.id, path: $0.file.path, display: $0.file.display) },
                            overrides: environment?.backends ?? [:], merge: PublisherConfiguration.merged)
    }
}

/// Lints an APIOps tree as one service: every scope's policy and every fragment in its scope,
/// includes, named values and backend ids resolved from the tree (Docs/apiops.md).
public struct ServiceLint: Sendable {
    public var tree: ServiceTree

    public init(tree: ServiceTree) {
        self.tree = tree
    }

    /// One policy document of the tree with the scope it is checked in.
    public struct Document: Sendable {
        public var file: ServiceFile
        public var scope: PolicyScope?
        public var workspace: String?
        /// The broader documents, narrowest first, per chain (an API in two products has two).
        public var chains: [[ServiceFile]]
    }

    /// Every policy document of the tree, in a stable order: global, workspaces, products, APIs
    /// with their operations, fragments.
    public var documents: [Document] {
        var result: [Document] = []
        let global = tree.service.policy
        for (workspace, level) in tree.levels {
            let top: [ServiceFile] = workspace == nil ? [] : [global].compactMap { $0 }
            if let policy = level.policy {
                result.append(Document(file: policy, scope: workspace == nil ? .global : .workspace, workspace: workspace, chains: [top]))
            }
            let levelChain = (workspace == nil ? [] : [level.policy].compactMap { $0 }) + (workspace == nil ? [global].compactMap { $0 } : top)
            for product in level.products {
                if let policy = product.policy {
                    result.append(Document(file: policy, scope: .product, workspace: workspace, chains: [levelChain]))
                }
            }
            for api in level.apis {
                let products = level.products.filter { $0.apis.contains(api.name) }
                let apiChains: [[ServiceFile]] = products.isEmpty ? [levelChain] : products.map { [$0.policy].compactMap { $0 } + levelChain }
                if let policy = api.policy {
                    result.append(Document(file: policy, scope: .api, workspace: workspace, chains: apiChains))
                }
                for operation in api.operations {
                    guard let policy = operation.policy else { continue }
                    let chains = apiChains.map { [api.policy].compactMap { $0 } + $0 }
                    result.append(Document(file: policy, scope: .operation, workspace: workspace, chains: chains))
                }
            }
            for id in level.fragments.keys.sorted() {
                result.append(Document(file: level.fragments[id]!, scope: nil, workspace: workspace, chains: []))
            }
        }
        return result
    }

    /// Lints the tree and hands each file's findings to `visit`, tree problems first.
    public func run(_ visit: (LintedFile) -> Void) {
        var problemsByFile: [String: [Diagnostic]] = [:]
        var order: [String] = []
        func add(_ diagnostic: Diagnostic) {
            if problemsByFile[diagnostic.location.path] == nil { order.append(diagnostic.location.path) }
            problemsByFile[diagnostic.location.path, default: []].append(diagnostic)
        }
        tree.problems.forEach(add)

        // Backends, per level.
        var backendIds: [String?: Set<String>] = [:]
        for (workspace, level) in tree.levels {
            let result = ServiceBackends.load(level, environment: tree.environment)
            result.diagnostics.forEach(add)
            backendIds[workspace] = Set(result.catalog.ids)
        }
        for path in order {
            let diagnostics = problemsByFile[path]!.sorted { $0.location < $1.location }
            // The file is read for the excerpts only when it is a regular file (never a FIFO: a read would wait forever).
            let source = ServiceFile(path: FileTree.join(tree.root, Self.inside(path, display: tree.display)), display: path)
            visit(LintedFile(file: FileTree.kind(source.path) == .file ? try? source.read() : nil, path: path, diagnostics: diagnostics))
        }

        var sections = SectionCache()
        let origin = tree.environment.map { "the tree (with \($0.name))" } ?? "the tree"
        for document in documents {
            var options = LintOptions()
            let levels = document.workspace == nil ? [tree.service] : [tree.level(document.workspace), tree.service]
            options.fragmentIds = Set(levels.flatMap(\.fragments.keys))
            var named: Set<String> = []
            var withoutValue: [String: String] = [:]
            for level in levels {
                for value in level.namedValues {
                    named.insert(value.displayName)
                    named.insert(value.name)
                    if let environment = tree.environment, value.secret, !value.keyVault, value.value == nil {
                        withoutValue[value.displayName] = environment.name
                    }
                }
            }
            options.namedValues = named
            options.namedValuesWithoutValue = withoutValue
            options.backendIds = backendIds[document.workspace].map { $0.union(backendIds[nil] ?? []) } ?? backendIds[nil]
            options.namedValuesOrigin = origin + "'s named values"
            options.fragmentsOrigin = origin + "'s policy fragments"
            options.backendsOrigin = origin + "'s backends"
            options.scope = document.scope
            options.expectsFragment = document.scope == nil
            if document.scope != nil {
                options.inheritedSections = sections.inherited(document.chains)
            }
            let linter = Linter.standard(options: options)
            do {
                let file = try document.file.read()
                visit(LintedFile(file: file, path: file.path, diagnostics: linter.lint(file)))
            } catch {
                visit(LintedFile(file: nil, path: document.file.display,
                                 diagnostics: [Diagnostic(.error, LintRule.apiopsTree.id, error.message, at: error.location ?? document.file.start)]))
            }
        }
    }

    /// The path inside the tree of a display path.
    static func inside(_ path: String, display: String) -> String {
        display.isEmpty ? path : String(path.dropFirst(display.count + 1))
    }
}

/// Which sections of a document hold policies and `<base/>`, read once per file.
struct SectionCache {
    struct Summary {
        /// Per section present: whether it holds policies besides `<base/>`, and whether it holds `<base/>`.
        var sections: [PolicySection: (policies: Bool, base: Bool)] = [:]
    }

    var summaries: [String: Summary] = [:]

    mutating func summary(_ file: ServiceFile) -> Summary {
        if let known = summaries[file.path] { return known }
        var summary = Summary()
        if let source = try? file.read(), let document = DocumentBuilder(catalog: .standard).parse(source).0 {
            for section in document.sections {
                guard let kind = section.kind else { continue }
                let base = section.policies.contains { $0.name == "base" }
                summary.sections[kind] = (section.policies.contains { $0.name != "base" }, base)
            }
        }
        summaries[file.path] = summary
        return summary
    }

    /// For each section: the nearest broader file whose policies a section without `<base/>` drops.
    mutating func inherited(_ chains: [[ServiceFile]]) -> [PolicySection: String] {
        var result: [PolicySection: String] = [:]
        for kind in PolicySection.allCases {
            chains: for chain in chains {
                for file in chain {
                    guard let section = summary(file).sections[kind] else { break }
                    if section.policies {
                        result[kind] = file.display
                        break chains
                    }
                    if !section.base { break }
                }
            }
        }
        return result
    }
}
