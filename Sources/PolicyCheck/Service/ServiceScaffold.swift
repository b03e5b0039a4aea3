import PolicyExpressions
import PolicyModel
import PolicyRuntime
import Foundation
import PolicySource

#if canImport(Glibc)
import Glibc
#endif

/// `policycheck scaffold DIR --out FOLDER`: one scenario per operation of the tree, ready for
/// `policycheck test FOLDER --update` (Docs/apiops.md).
public struct ServiceScaffold: Sendable {
    /// One scenario to write: where, and its text.
    public struct File: Sendable {
        public var path: String
        public var text: String
    }

    public var files: [File] = []
    /// Operations left out, with the reason (no method or URL template known).
    public var skipped: [String] = []

    /// The scenarios for every operation (of `api` when given). `treePath` is written into each
    /// scenario as `service.path`, relative to the scenario's folder.
    public static func make(_ tree: ServiceTree, treePath: String, api apiName: String?, out: String, environment: String?) throws(InputError) -> ServiceScaffold {
        var scaffold = ServiceScaffold()
        var apis: [(ServiceAPI, String?)] = []
        if let apiName {
            guard let found = tree.api(named: apiName) else {
                _ = try ServiceRouter.target(tree, api: apiName, operation: nil, product: nil)
                return scaffold
            }
            apis = [found]
        } else {
            apis = tree.levels.flatMap { level in level.level.apis.map { ($0, level.workspace) } }
        }
        for (api, workspace) in apis {
            let folder = FileTree.join(FileTree.join(out, workspace.map { "workspaces/\($0)" } ?? ""), Self.safeName(api.folder))
            let products = tree.products(holding: api, workspace: workspace)
            for operation in api.operations {
                guard let method = operation.method, let template = operation.urlTemplate else {
                    scaffold.skipped.append("\(api.folder)/\(operation.name): the specification gives no method and URL template")
                    continue
                }
                let product = products.first
                let target = ServiceTarget(api: api, workspace: workspace, operation: operation, product: product,
                             versionSet: api.versionSetId.flatMap { tree.level(workspace).versionSets[$0] },
                                           documents: ServiceRouter.documents(tree, api: api, workspace: workspace, operation: operation, product: product))
                let path = FileTree.join(folder, Self.safeName(operation.name) + ".scenario.yaml")
                let relativeTree = Self.relative(treePath, from: folder)
                scaffold.files.append(File(path: path, text: Self.scenario(target, method: method, template: template, treePath: relativeTree,
                                                                            otherProducts: products.dropFirst().map(\.name),
                                                                            environment: environment.map { Self.relative($0, from: folder) })))
            }
        }
        return scaffold
    }

    static func scenario(_ target: ServiceTarget, method: String, template: String, treePath: String, otherProducts: [String], environment: String?) -> String {
        let operation = target.operation!
        let route = RouteTemplate(template)
        var url = "https://apim.example"
        if !target.api.path.isEmpty { url += "/" + target.api.path }
        if !target.api.isCurrent { url += ";rev=\(target.api.revision)" }
        if let version = target.api.apiVersion, let set = target.versionSet {
            switch set.scheme.lowercased() {
            case "query": url += "" // added with the query below
            case "header": break
            default: url += "/" + percentEncoded(version)
            }
        }
        url += route.filled(operation.request.pathParameters + operation.request.queryParameters)
        var extraQuery = operation.request.queryParameters.filter { parameter in !route.parameters.contains(parameter.name) }
        var versionHeader: (name: String, example: String)?
        if let version = target.api.apiVersion, let set = target.versionSet {
            switch set.scheme.lowercased() {
            case "query": extraQuery.append((set.queryName ?? "api-version", version))
            case "header": versionHeader = (set.headerName ?? "api-version", version)
            default: break
            }
        }
        if !extraQuery.isEmpty {
            url += (url.contains("?") ? "&" : "?") + extraQuery.map { "\(percentEncoded($0.name))=\(percentEncoded($0.example))" }.joined(separator: "&")
        }
        var out = "# Scaffolded by policycheck: API '\(target.api.folder)', operation '\(operation.name)' (\(method) \(template)).\n"
        out += "# Run `policycheck test --update` to record its golden trace, then review it.\n"
        out += "name: \(yaml(target.api.folder + "/" + operation.name))\n"
        out += "service:\n  path: \(yaml(treePath))\n  api: \(yaml(target.api.folder))\n  operation: \(yaml(operation.name))\n"
        if let product = target.product {
            out += "  product: \(yaml(product.name))"
            out += otherProducts.isEmpty ? "\n" : "   # also in: \(otherProducts.joined(separator: ", "))\n"
        }
        if let environment { out += "  environment: \(yaml(environment))\n" }
        out += "requests:\n  - method: \(method)\n    url: \(yaml(url))\n"
        var headers = operation.request.headers
        if let versionHeader { headers.append(versionHeader) }
        if operation.request.body != nil, let type = operation.request.contentType { headers.insert(("Content-Type", type), at: 0) }
        if !headers.isEmpty {
            out += "    headers:\n" + headers.map { "      \(yaml($0.name)): \(yaml($0.example))\n" }.joined()
        }
        if let body = operation.request.body { out += "    body: \(yaml(body))\n" }
        if let key = backendKey(target) {
            out += "responses:\n  \(yaml(key)):\n    - status: 200\n"
            out += "      headers: { Content-Type: application/json }\n      body: '{}'\n"
        }
        return out
    }

    /// What the request is forwarded to: the first literal `backend-id` of the target's documents,
    /// else the host of the API's service URL.
    static func backendKey(_ target: ServiceTarget) -> String? {
        for (_, file) in target.documents.reversed() {
            guard let source = try? file.read(), let document = DocumentBuilder(catalog: .standard).parse(source).0 else { continue }
            var found: String?
            for (policy, _) in document.allPolicies() {
                if found == nil, case .setBackendService(let service) = policy.kind, let id = service.backendId, id.isLiteral { found = id.text }
            }
            if let found { return found }
        }
        guard let url = target.api.serviceUrl, let host = RequestUrl(parsing: url)?.host, !host.isEmpty else { return nil }
        return host
    }

    /// A YAML scalar: plain when safe, else single-quoted.
    static func yaml(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./:;=?&{}%".unicodeScalars.contains($0) }
            && !text.hasPrefix("{") && !text.contains(": ") && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
            && Double(text) == nil
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: "\n\n") + "'"
    }

    /// A file or folder name from an API or operation name (`;` and `/` replaced).
    static func safeName(_ name: String) -> String {
        String(name.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
    }

    /// `path` relative to `folder` (both relative to the working folder, or both absolute).
    static func relative(_ path: String, from folder: String) -> String {
        if path.hasPrefix("/") != folder.hasPrefix("/") {
            let working = FileManager.default.currentDirectoryPath
            return relative(path.hasPrefix("/") ? path : FileTree.join(working, path), from: folder.hasPrefix("/") ? folder : FileTree.join(working, folder))
        }
        let target = path.split(separator: "/").filter { $0 != "." }
        let base = folder.split(separator: "/").filter { $0 != "." }
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Writes the files below `out` (created when missing); none is overwritten (an existing
    /// scenario may hold a team's edits), and nothing is written through a symbolic link.
    public func write(below out: String) throws(InputError) -> (written: [String], kept: [String]) {
        switch FileTree.kind(out) {
        case .folder: break
        case .missing:
            // The folder the user named is made with its missing parents, as `mkdir -p` would.
            var partial = out.hasPrefix("/") ? "/" : ""
            for part in out.split(separator: "/") {
                partial += (partial.isEmpty || partial.hasSuffix("/") ? "" : "/") + part
                if FileTree.kind(partial) == .missing, FilePaths.withSystemPath(partial, { mkdir($0, 0o755) }) != 0 {
                    throw InputError("\(out): cannot create the folder \(partial): \(String(cString: strerror(errno)))")
                }
            }
        default: throw InputError("\(out): is not a folder")
        }
        var written: [String] = []
        var kept: [String] = []
        for file in files {
            if FileTree.kind(file.path) != .missing {
                kept.append(file.path)
                continue
            }
            try FileWriting.createFolders(for: file.path, below: out)
            try FileWriting.writeGolden(file.text, to: file.path)
            written.append(file.path)
        }
        return (written, kept)
    }
}
