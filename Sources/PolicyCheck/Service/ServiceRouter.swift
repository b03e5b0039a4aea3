import PolicyBackends
import PolicyExpressions
import PolicyRuntime
import PolicySource

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which part of a tree a command or scenario works on (`service:` / `--service DIR --api …`).
public struct ServiceSelection: Sendable {
    public var path: String
    public var api: String?
    public var operation: String?
    public var product: String?
    /// A publisher override file (`configuration.<env>.yaml`).
    public var environment: String?
    /// Where the selection is written (a scenario's `service:`), for messages.
    public var location: SourceLocation?

    public init(path: String, api: String? = nil, operation: String? = nil, product: String? = nil, environment: String? = nil,
                location: SourceLocation? = nil) {
        self.path = path
        self.api = api
        self.operation = operation
        self.product = product
        self.environment = environment
        self.location = location
    }

    /// Loads the tree the selection names: `path` itself or the one artifacts folder below it.
    /// With `api`, only that API's specification is read (routing by URL needs them all).
    public func loadTree() throws(InputError) -> ServiceTree {
        let path = Self.tidied(self.path)
        let environment = try environment.map { path throws(InputError) in try PublisherConfiguration.load(path) }
        guard FileTree.kind(path) == .folder else { throw InputError("\(path): no such folder (the APIOps artifacts folder)", at: location) }
        let roots = ServiceTreeLoader.find(in: path)
        guard let root = roots.first else {
            throw InputError("\(path): no APIOps artifacts folder here (a folder holding apis/, products/, named values/, policy fragments/ or backends/)", at: location)
        }
        if roots.count > 1 {
            throw InputError("\(path) holds \(roots.count) APIOps trees (\(roots.joined(separator: ", "))); name one", at: location)
        }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        return ServiceTreeLoader.load(root: root, display: root == path ? "" : ServiceLint.inside(root, display: base), environment: environment,
                                      specifications: api.map { [$0] })
    }
}

/// One operation of a tree with everything that runs for it: the documents broad → narrow.
public struct ServiceTarget: Sendable {
    public var api: ServiceAPI
    public var workspace: String?
    public var operation: ServiceOperation?
    public var product: ServiceProduct?
    /// The API's version set, when it is in one (how callers name the version).
    public var versionSet: ServiceVersionSet?
    /// Scope and file, broadest first; only scopes that have a policy document.
    public var documents: [(scope: PolicyScope, file: ServiceFile)]

    /// `context.Api`, `.Operation`, `.Product`, `.Workspace` as the gateway fills them.
    public var context: ScenarioContext {
        var context = ScenarioContext()
        var api: [String: String] = ["id": self.api.name, "name": self.api.displayName, "path": self.api.path, "revision": self.api.revision]
        if let url = self.api.serviceUrl { api["serviceUrl"] = url }
        if let version = self.api.apiVersion { api["version"] = version }
        context.api = api
        if let operation {
            var values = ["id": operation.name, "name": operation.displayName ?? operation.name]
            if let method = operation.method { values["method"] = method }
            if let template = operation.urlTemplate { values["urlTemplate"] = template }
            context.operation = values
        }
        if let product { context.product = ["id": product.name, "name": product.displayName] }
        if let workspace { context.workspace = ["id": workspace, "name": workspace] }
        return context
    }

    public var label: String { api.folder + (operation.map { "/" + $0.name } ?? "") }
}

/// Picks the documents for an operation and routes requests as the gateway does.
public enum ServiceRouter {
    /// The target for one API (folder or name), operation and product. Throws when a name is
    /// unknown (with the names that exist) or the product is ambiguous.
    public static func target(_ tree: ServiceTree, api apiName: String, operation operationName: String?, product productName: String?,
                              at location: SourceLocation? = nil) throws(InputError) -> ServiceTarget {
        guard let (api, workspace) = tree.api(named: apiName) else {
            let names = tree.levels.flatMap { $0.level.apis.map(\.folder) }
            let hint = closestMatch(to: apiName, in: names).map { "; did you mean '\($0)'?" } ?? " (APIs: \(list(names)))"
            throw InputError("no API '\(apiName)' in the tree\(hint)", at: location)
        }
        var operation: ServiceOperation?
        if let operationName {
            guard let found = api.operations.first(where: { $0.name == operationName }) else {
                let names = api.operations.map(\.name)
                let hint = closestMatch(to: operationName, in: names).map { "; did you mean '\($0)'?" } ?? " (operations: \(list(names)))"
                throw InputError("API '\(api.folder)' has no operation '\(operationName)'\(hint)", at: location)
            }
            operation = found
        }
        let product = try chooseProduct(tree, api: api, workspace: workspace, name: productName, at: location)
        return ServiceTarget(api: api, workspace: workspace, operation: operation, product: product,
                             versionSet: api.versionSetId.flatMap { tree.level(workspace).versionSets[$0] },
                             documents: documents(tree, api: api, workspace: workspace, operation: operation, product: product))
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
    }

    /// The product whose scope runs: the one named, the only one holding the API, or none.
    static func chooseProduct(_ tree: ServiceTree, api: ServiceAPI, workspace: String?, name: String?, at location: SourceLocation?) throws(InputError) -> ServiceProduct? {
        let holding = tree.products(holding: api, workspace: workspace)
        if let name {
            guard let product = tree.level(workspace).products.first(where: { $0.name == name }) else {
                throw InputError("no product '\(name)' in the tree (products: \(list(tree.level(workspace).products.map(\.name))))", at: location)
            }
            guard product.apis.contains(api.name) else {
                throw InputError("product '\(name)' does not hold API '\(api.name)' (products holding it: \(list(holding.map(\.name))))", at: location)
            }
            return product
        }
        if holding.count > 1 {
            throw InputError("API '\(api.name)' is in \(holding.count) products (\(list(holding.map(\.name)))); choose one with --product (or product: in the scenario's service:)", at: location)
        }
        return holding.first
    }

    /// The documents of one operation, broadest first.
    static func documents(_ tree: ServiceTree, api: ServiceAPI, workspace: String?, operation: ServiceOperation?, product: ServiceProduct?) -> [(scope: PolicyScope, file: ServiceFile)] {
        var result: [(PolicyScope, ServiceFile)] = []
        if let global = tree.service.policy { result.append((.global, global)) }
        if workspace != nil, let policy = tree.level(workspace).policy { result.append((.workspace, policy)) }
        if let policy = product?.policy { result.append((.product, policy)) }
        if let policy = api.policy { result.append((.api, policy)) }
        if let policy = operation?.policy { result.append((.operation, policy)) }
        return result
    }

    /// Routing for a scenario: one fixed target (api given), or every operation of the tree
    /// matched by path and method as the gateway does.
    public static func routing(_ tree: ServiceTree, selection: ServiceSelection) throws(InputError) -> ScenarioRouting {
        if let api = selection.api {
            let target = try target(tree, api: api, operation: selection.operation, product: selection.product, at: selection.location)
            let scenarioTarget = ScenarioRouting.Target(scopes: target.documents.map { ($0.scope, $0.file.path) }, context: target.context, label: target.label)
            if let operation = target.operation {
                let template = operation.urlTemplate.map(RouteTemplate.init)
                let apiPath = target.api.path + (target.api.isCurrent ? "" : ";rev=\(target.api.revision)")
                return ScenarioRouting(targets: [scenarioTarget]) { _, url, _ in
                    let segments = relativeSegments(url.path, apiPath: apiPath) ?? []
                    let parameters = template?.match(segments, query: queryPairs(url))?.parameters ?? []
                    return .target(0, parameters: parameters, apiPrefix: apiPath)
                }
            }
            // An API without an operation: match the operation by route within it.
            return try routing(tree, apis: [(target.api, target.workspace)], product: target.product, fixedProduct: true)
        }
        if selection.operation != nil { throw InputError("'operation' needs 'api'", at: selection.location) }
        if selection.product != nil { throw InputError("'product' needs 'api' (or route by URL without it)", at: selection.location) }
        return try routing(tree, apis: tree.levels.flatMap { level in level.level.apis.map { ($0, level.workspace) } }, product: nil, fixedProduct: false)
    }

    /// A route table over `apis`: each operation a target; a request picks the API by path
    /// (longest first, version and revision honoured) and the operation by method and template.
    static func routing(_ tree: ServiceTree, apis: [(api: ServiceAPI, workspace: String?)], product: ServiceProduct?, fixedProduct: Bool) throws(InputError) -> ScenarioRouting {
        struct Entry: Sendable {
            var api: ServiceAPI
            var versionSet: ServiceVersionSet?
            var ambiguousProducts: [String]
            /// (template, method, target index)
            var operations: [(RouteTemplate, String, Int)]
        }
        var targets: [ScenarioRouting.Target] = []
        var entries: [Entry] = []
        for (api, workspace) in apis {
            var chosen = product
            var ambiguous: [String] = []
            if !fixedProduct {
                let holding = tree.products(holding: api, workspace: workspace)
                if holding.count == 1 { chosen = holding[0] } else if holding.count > 1 { ambiguous = holding.map(\.name) }
            }
            var entry = Entry(api: api, versionSet: api.versionSetId.flatMap { tree.level(workspace).versionSets[$0] }, ambiguousProducts: ambiguous, operations: [])
            for operation in api.operations {
                guard let method = operation.method, let template = operation.urlTemplate else { continue }
                let target = ServiceTarget(api: api, workspace: workspace, operation: operation, product: chosen, versionSet: entry.versionSet,
                                           documents: documents(tree, api: api, workspace: workspace, operation: operation, product: chosen))
                entry.operations.append((RouteTemplate(template), method, targets.count))
                targets.append(ScenarioRouting.Target(scopes: target.documents.map { ($0.scope, $0.file.path) }, context: target.context, label: target.label))
            }
            entries.append(entry)
        }
        // Longest API path first, so `/orders/v2` wins over `/orders`.
        let table = entries.sorted { $0.api.path.split(separator: "/").count > $1.api.path.split(separator: "/").count }
        return ScenarioRouting(targets: targets) { method, url, headers in
            let query = queryPairs(url)
            for entry in table {
                let revision = entry.api.isCurrent ? nil : entry.api.revision
                guard var segments = relativeSegments(url.path, apiPath: entry.api.path, revision: revision) else { continue }
                var prefix = entry.api.path + (revision.map { ";rev=\($0)" } ?? "")
                if let set = entry.versionSet, let version = entry.api.apiVersion {
                    switch set.scheme.lowercased() {
                    case "query":
                        guard query.contains(where: { $0.0 == (set.queryName ?? "api-version") && $0.1 == version }) else { continue }
                    case "header":
                        guard headers.contains(where: { $0.name.lowercased() == (set.headerName ?? "api-version").lowercased() && $0.value == version }) else { continue }
                    default:
                        guard segments.first == version else { continue }
                        segments.removeFirst()
                        prefix += (prefix.isEmpty ? "" : "/") + version
                    }
                }
                if !entry.ambiguousProducts.isEmpty {
                    return .failed("API '\(entry.api.name)' is in \(entry.ambiguousProducts.count) products (\(list(entry.ambiguousProducts))): name one with 'product:' (and 'api:') in the scenario's service:, or --product")
                }
                var best: (index: Int, parameters: [(String, String)], score: Int)?
                for (template, operationMethod, index) in entry.operations where operationMethod == method || operationMethod == "*" {
                    guard let match = template.match(segments, query: query) else { continue }
                    if best.map({ match.score > $0.score }) ?? true { best = (index, match.parameters, match.score) }
                }
                if let best { return .target(best.index, parameters: best.parameters, apiPrefix: prefix) }
                return .notFound("API '\(entry.api.folder)' has no operation for \(method) /\(segments.joined(separator: "/"))")
            }
            return .notFound("no API of the tree has a path that \(url.path) starts with")
        }
    }

    /// The request path's segments below the API path (percent-decoded), or nil when the path does
    /// not start with it. A non-current revision is reached as `<path>;rev=N`.
    static func relativeSegments(_ path: String, apiPath: String, revision: String? = nil) -> [String]? {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { String($0).removingPercentEncodingSafely }
        if segments.last == "" { segments.removeLast() }
        var prefix = apiPath.split(separator: "/").map(String.init)
        if let revision {
            if prefix.isEmpty { return nil }
            prefix[prefix.count - 1] += ";rev=\(revision)"
        }
        guard segments.count >= prefix.count else { return nil }
        for (index, part) in prefix.enumerated() where segments[index].lowercased() != part.lowercased() { return nil }
        return Array(segments.dropFirst(prefix.count))
    }

    static func queryPairs(_ url: RequestUrl) -> [(String, String)] {
        url.query.flatMap { pair in pair.1.map { (pair.0, $0) } }
    }
}

extension ServiceSelection {
    /// `path` with `a/../` collapsed when that names the same folder (so traces read
    /// `tests/../apimartifacts` as `apimartifacts`); unchanged when a link makes them differ.
    static func tidied(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        let tidy = (path.hasPrefix("/") ? "/" : "") + (parts.isEmpty ? "." : parts.joined(separator: "/"))
        func identity(_ path: String) -> [UInt64]? {
            FilePaths.withSystemPath(path) { raw in
                var status = stat()
                return stat(raw, &status) == 0 ? [UInt64(status.st_dev), UInt64(status.st_ino)] : nil
            }
        }
        guard tidy != path, let a = identity(path), a == identity(tidy) else { return path }
        return tidy
    }
}

extension String {
    /// Percent-decoded, or unchanged when the escapes are malformed.
    var removingPercentEncodingSafely: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
