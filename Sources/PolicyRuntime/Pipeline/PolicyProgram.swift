import Foundation
import PolicyBackends
import PolicyModel
import PolicySource

/// One policy document at one scope.
public struct ScopeDocument: Sendable {
    public var scope: PolicyScope
    public var document: PolicyDocument {
        didSet { sections = Self.sections(of: document) }
    }
    /// Each section's policies, by `PolicySection` order (nil: the document has no such section);
    /// looked up on every request, so taken out of the document once.
    private(set) var sections: [[Policy]?]

    public init(scope: PolicyScope, document: PolicyDocument) {
        self.scope = scope
        self.document = document
        self.sections = Self.sections(of: document)
    }

    func policies(of kind: PolicySection) -> [Policy]? {
        sections[kind.ordinal]
    }

    private static func sections(of document: PolicyDocument) -> [[Policy]?] {
        PolicySection.allCases.map { document.section($0)?.policies }
    }
}

extension PolicySection {
    /// Position in `allCases`.
    var ordinal: Int {
        switch self {
        case .inbound: 0
        case .backend: 1
        case .outbound: 2
        case .onError: 3
        }
    }
}

/// What every request asks of the program, worked out once per run: each scope's file and
/// sections, so that running a section copies no `ScopeDocument` (a struct of many references).
final class ProgramLayout {
    /// Per scope (broad → narrow): the document's file path.
    let files: [String]
    /// Per scope: the scope's name (`context.LastError.Scope`).
    let scopeNames: [String]
    /// Per scope, per `PolicySection.ordinal`: the section's policies.
    let sections: [[[Policy]?]]
    /// The scenario's own document (the narrowest scope).
    let mainFile: String
    /// Whether the scenario's own document has a `<backend>` section.
    let hasBackendSection: Bool

    let program: PolicyProgram

    /// The layout of `scopes` (default: the program's own).
    init(_ program: PolicyProgram, scopes: [ScopeDocument]? = nil) {
        self.program = program
        let scopes = scopes ?? program.scopes
        files = scopes.map { $0.document.file.path }
        scopeNames = scopes.map { $0.scope.rawValue }
        sections = scopes.map { $0.sections }
        mainFile = files.last ?? ""
        hasBackendSection = sections.last.map { $0[PolicySection.backend.ordinal] != nil } ?? false
    }

    func policies(_ kind: PolicySection, scope: Int) -> [Policy]? {
        sections.indices.contains(scope) ? sections[scope][kind.ordinal] : nil
    }
}

/// Everything a run needs besides the requests: the documents of every scope (broad → narrow),
/// fragments, named values and backends — loaded and checked once.
public struct PolicyProgram: Sendable {
    /// Broadest first; the last is the scenario's own policy.
    public var scopes: [ScopeDocument]
    public var fragments: [String: PolicyDocument]
    public var namedValues: [String: String]
    public var backends: BackendCatalog
    /// Non-fatal findings met while loading (backend-file warnings, …).
    public var warnings: [String]
    /// Named values whose value is unknown offline: stubbed with their name and a warning.
    public var unknownNamedValues: Set<String> = []
    /// The documents of each routing target (`Scenario.routing`), broad → narrow.
    public var routes: [[ScopeDocument]] = []

    public init(scopes: [ScopeDocument], fragments: [String: PolicyDocument] = [:], namedValues: [String: String] = [:],
                backends: BackendCatalog = BackendCatalog(), warnings: [String] = []) {
        self.scopes = scopes
        self.fragments = fragments
        self.namedValues = namedValues
        self.backends = backends
        self.warnings = warnings
    }

    /// A program of one document, for tests and library users.
    public static func single(_ document: PolicyDocument, backends: BackendCatalog = BackendCatalog(), namedValues: [String: String] = [:]) -> PolicyProgram {
        PolicyProgram(scopes: [ScopeDocument(scope: .operation, document: document)], namedValues: namedValues, backends: backends)
    }

    /// Loads the scenario's documents, fragments and backends. Markup errors in a document, a
    /// missing file or a backend file with errors stop the run with a `ScenarioError`.
    public static func load(_ scenario: Scenario, catalog: PolicyCatalog = .standard) throws(ScenarioError) -> PolicyProgram {
        var scopes: [ScopeDocument] = []
        if scenario.routing == nil {
            for (scope, path) in scenario.scopes.sorted(by: { order($0.scope) < order($1.scope) }) {
                scopes.append(ScopeDocument(scope: scope, document: try document(at: path, catalog: catalog)))
            }
            scopes.append(ScopeDocument(scope: .operation, document: try document(at: scenario.policy, catalog: catalog)))
        }
        var fragments: [String: PolicyDocument] = [:]
        if let folder = scenario.fragments {
            let names: [String]
            do {
                names = try FileTree.names(in: folder)
            } catch {
                throw ScenarioError("\(folder): cannot list the fragments folder")
            }
            for name in names {
                let path = FileTree.join(folder, name)
                if name.hasSuffix(".xml"), FileTree.kind(path) == .file {
                    fragments[String(name.dropLast(4))] = try document(at: path, catalog: catalog)
                } else if FileTree.kind(path) == .folder, FileTree.kind(FileTree.join(path, "policy.xml")) == .file {
                    // An APIOps `policy fragments` folder: <id>/policy.xml.
                    fragments[name] = try document(at: FileTree.join(path, "policy.xml"), catalog: catalog)
                }
            }
        }
        for (id, path) in scenario.fragmentFiles.sorted(by: { $0.key < $1.key }) {
            fragments[id] = try document(at: path, catalog: catalog, shownAs: scenario.shownPaths[path])
        }
        var program = PolicyProgram(scopes: scopes, fragments: fragments, namedValues: scenario.namedValues)
        program.unknownNamedValues = scenario.unknownNamedValues
        program.warnings += scenario.inputWarnings
        if let routing = scenario.routing {
            var loaded: [String: PolicyDocument] = [:]
            for target in routing.targets {
                var targetScopes: [ScopeDocument] = []
                for (scope, path) in target.scopes {
                    if loaded[path] == nil { loaded[path] = try document(at: path, catalog: catalog, shownAs: scenario.shownPaths[path]) }
                    targetScopes.append(ScopeDocument(scope: scope, document: loaded[path]!))
                }
                program.routes.append(targetScopes)
            }
        }
        if let source = scenario.backends {
            let (catalog, warnings) = try backends(from: source)
            program.warnings += warnings
            program.backends = catalog
        }
        return program
    }

    /// Loads a scenario's backends (a file or the inline map); see `backends(checking:)`.
    public static func backends(from source: ScenarioBackends) throws(ScenarioError) -> (catalog: BackendCatalog, warnings: [String]) {
        switch source {
        case .file(let path):
            let result = try BackendLoader.load(file: path)
            return try backends(checking: result)
        case .inline(let map):
            return try backends(checking: BackendLoader.load(inline: map))
        }
    }

    /// The catalog of loaded backends: an error among their diagnostics stops the run, the
    /// others come back as warnings.
    public static func backends(checking result: BackendLoadResult) throws(ScenarioError) -> (catalog: BackendCatalog, warnings: [String]) {
        if let error = result.diagnostics.first(where: { $0.severity == .error }) {
            throw ScenarioError(error.message + " [\(error.rule)]", at: error.location)
        }
        return (result.catalog, result.diagnostics.map { "\($0)" })
    }

    static func order(_ scope: PolicyScope) -> Int {
        PolicyScope.allCases.firstIndex(of: scope) ?? 0
    }

    /// Reads and builds one document; markup errors stop the run.
    /// `shownAs`: the name the document goes by in traces and messages (default: `path`).
    public static func document(at path: String, catalog: PolicyCatalog = .standard, shownAs: String? = nil) throws(ScenarioError) -> PolicyDocument {
        var file: SourceFile
        if let embedded = try embeddedPolicy(path) { file = embedded } else { file = try SourceFile.read(path) }
        if let shownAs, shownAs != path { file = SourceFile(path: shownAs, bytes: file.bytes) }
        let (document, diagnostics) = DocumentBuilder(catalog: catalog).parse(file)
        if let error = diagnostics.first(where: { $0.severity == .error }) ?? (document == nil ? diagnostics.first : nil) {
            throw ScenarioError(error.message + " [\(error.rule)]", at: error.location)
        }
        guard let document else { throw ScenarioError("\(path): not a policy document") }
        return document
    }

    /// `main.bicep#apiPolicy`, `main.tf#azurerm_api_management_api_policy.orders`, `azuredeploy.json#NAME`:
    /// the policy document a Bicep, Terraform or ARM file deploys under that name (Docs/iac.md), as
    /// a document of its own named so; nil when `path` is not of that form. Its lines are those of
    /// the embedded document; placeholders are unknown named values (`{{iac.…}}`).
    static func embeddedPolicy(_ path: String) throws(ScenarioError) -> SourceFile? {
        guard let hash = path.lastIndex(of: "#") else { return nil }
        let iacPath = String(path[..<hash])
        let name = String(path[path.index(after: hash)...])
        guard IaCKind.of(path: iacPath) != nil, FileTree.kind(iacPath) == .file else { return nil }
        let extraction = try IaCPolicies.extract(path: iacPath)
        guard let policy = extraction.policies.first(where: { $0.name == name }) else {
            let names = extraction.policies.map(\.name)
            throw ScenarioError("\(iacPath) deploys no policy named '\(name)'" + (names.isEmpty ? " (it deploys no APIM policy)" : " (it deploys: \(names.joined(separator: ", ")))"))
        }
        if policy.isLink { throw ScenarioError("'\(name)' in \(iacPath) loads its policy from a URL (\(policy.format ?? "link")); policycheck cannot run it", at: policy.location) }
        if policy.text.isEntirelyUnknown { throw ScenarioError("the policy of '\(name)' in \(iacPath) cannot be known offline (a parameter or an expression)", at: policy.location) }
        return SourceFile(path: path, bytes: policy.text.bytes)
    }
}
