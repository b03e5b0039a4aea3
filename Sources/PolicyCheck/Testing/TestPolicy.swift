import Foundation
import PolicyModel
import PolicyRuntime
import PolicySource

/// A policy under test, for Swift test authors (Docs/swift-api.md): the narrowest policy document,
/// plus the outer scopes `<base/>` pulls in, fragments and named values.
///
/// ```swift
/// let policy = try TestPolicy(xml: """
///     <policies><inbound><set-header name="x-demo" exists-action="override"><value>1</value></set-header></inbound></policies>
///     """)
/// ```
///
/// Markup errors throw a `ScenarioError` naming the file, line and column (the `name` given for
/// XML text). Catalog findings are not errors here; run `LintSession` for those.
public struct TestPolicy: Sendable {
    /// The documents, fragments and named values the run uses (backends come from the scenario).
    public private(set) var program: PolicyProgram
    private let catalog: PolicyCatalog

    /// A policy from XML text; `name` is the file name its events and errors show.
    public init(xml: String, name: String = "policy.xml", catalog: PolicyCatalog = .standard) throws(ScenarioError) {
        self.catalog = catalog
        program = .single(try Self.parse(xml: xml, name: name, catalog: catalog))
    }

    /// A policy read from a file (a relative path is taken from the current folder, or from the
    /// folder of `relativeTo` — pass `#filePath` to name files beside the test).
    public init(contentsOf path: String, relativeTo file: String? = nil, catalog: PolicyCatalog = .standard) throws(ScenarioError) {
        self.catalog = catalog
        program = .single(try PolicyProgram.document(at: Self.resolve(path, relativeTo: file), catalog: catalog))
    }

    /// The narrowest document (operation or API scope).
    public var document: PolicyDocument? { program.scopes.last?.document }

    /// Adds (or replaces) an outer scope from XML text; `<base/>` in the narrower documents runs it.
    public func scope(_ scope: PolicyScope, xml: String, name: String? = nil) throws(ScenarioError) -> TestPolicy {
        let document = try Self.parse(xml: xml, name: name ?? "\(scope.rawValue).xml", catalog: catalog)
        return adding(scope, document)
    }

    /// Adds (or replaces) an outer scope read from a file.
    public func scope(_ scope: PolicyScope, contentsOf path: String, relativeTo file: String? = nil) throws(ScenarioError) -> TestPolicy {
        adding(scope, try PolicyProgram.document(at: Self.resolve(path, relativeTo: file), catalog: catalog))
    }

    /// Adds a policy fragment (`<fragment>…</fragment>`) that `<include-fragment fragment-id="id"/>` pulls in.
    public func fragment(_ id: String, xml: String) throws(ScenarioError) -> TestPolicy {
        var copy = self
        copy.program.fragments[id] = try Self.parse(xml: xml, name: "fragments/\(id).xml", catalog: catalog)
        return copy
    }

    /// Adds a fragment read from a file.
    public func fragment(_ id: String, contentsOf path: String, relativeTo file: String? = nil) throws(ScenarioError) -> TestPolicy {
        var copy = self
        copy.program.fragments[id] = try PolicyProgram.document(at: Self.resolve(path, relativeTo: file), catalog: catalog)
        return copy
    }

    /// Named values for `{{name}}`, merged over any given before.
    public func namedValues(_ values: [String: String]) -> TestPolicy {
        var copy = self
        copy.program.namedValues.merge(values) { _, new in new }
        return copy
    }

    private func adding(_ scope: PolicyScope, _ document: PolicyDocument) -> TestPolicy {
        guard scope != .operation else {
            var copy = self
            if let last = copy.program.scopes.indices.last { copy.program.scopes[last] = ScopeDocument(scope: .operation, document: document) }
            return copy
        }
        var copy = self
        let outer = copy.program.scopes.dropLast().filter { $0.scope != scope } + [ScopeDocument(scope: scope, document: document)]
        let order = PolicyScope.allCases
        let sorted = outer.sorted { (order.firstIndex(of: $0.scope) ?? 0) < (order.firstIndex(of: $1.scope) ?? 0) }
        copy.program.scopes = sorted + copy.program.scopes.suffix(1)
        return copy
    }

    static func parse(xml: String, name: String, catalog: PolicyCatalog) throws(ScenarioError) -> PolicyDocument {
        let (document, diagnostics) = DocumentBuilder(catalog: catalog).parse(SourceFile(path: name, text: xml))
        if let error = diagnostics.first(where: { $0.severity == .error }) ?? (document == nil ? diagnostics.first : nil) {
            throw ScenarioError(error.message + " [\(error.rule)]", at: error.location)
        }
        guard let document else { throw ScenarioError("\(name): not a policy document") }
        return document
    }

    /// `path` as given, or against the folder of `file` when it is relative and `file` is given.
    static func resolve(_ path: String, relativeTo file: String?) -> String {
        guard let file, !path.hasPrefix("/") else { return path }
        return ScenarioLoader.resolve(path, relativeTo: file)
    }
}
