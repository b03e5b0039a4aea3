import PolicyBackends
import PolicySource

/// An APIOps artifacts folder (the Azure/apiops extractor's output, v5 and v6 layouts) read as one
/// APIM service: every scope's policy, the fragments, named values, backends, APIs with their
/// operations, products with their APIs, version sets, and the same again per workspace.
/// Docs/apiops.md lists the layout understood.
public struct ServiceTree: Sendable {
    /// The artifacts folder, as a path that can be opened.
    public var root: String
    /// What the root is called in messages (relative to the folder the user gave; empty: the root itself).
    public var display: String = ""
    /// The environment file applied (`--environment`), if any.
    public var environment: PublisherConfiguration?
    /// The service-level entities.
    public var service: ServiceLevel
    /// `workspaces/<name>/…`: each workspace's own entities.
    public var workspaces: [ServiceWorkspace]
    /// Broken or missing pieces of the tree, each at its file and line (rule `apiops-tree`).
    public var problems: [Diagnostic]

    public init(root: String, service: ServiceLevel = ServiceLevel(), workspaces: [ServiceWorkspace] = [], problems: [Diagnostic] = []) {
        self.root = root
        self.service = service
        self.workspaces = workspaces
        self.problems = problems
    }

    /// Every level: the service, then each workspace.
    public var levels: [(workspace: String?, level: ServiceLevel)] {
        [(nil, service)] + workspaces.map { ($0.name, $0.level) }
    }

    /// The API whose folder is `name` (`orders`, `orders;rev=2`), or whose name is `name` (the
    /// current revision then), in the service or a workspace.
    public func api(named name: String) -> (api: ServiceAPI, workspace: String?)? {
        for (workspace, level) in levels {
            if let api = level.apis.first(where: { $0.folder == name }) { return (api, workspace) }
        }
        for (workspace, level) in levels {
            let revisions = level.apis.filter { $0.name == name }
            if let api = revisions.first(where: \.isCurrent) ?? revisions.first { return (api, workspace) }
        }
        return nil
    }

    public func level(_ workspace: String?) -> ServiceLevel {
        guard let workspace else { return service }
        return workspaces.first { $0.name == workspace }?.level ?? ServiceLevel()
    }

    /// The products (of the API's level) that hold the API, by name.
    public func products(holding api: ServiceAPI, workspace: String?) -> [ServiceProduct] {
        level(workspace).products.filter { $0.apis.contains(api.name) }
    }
}

/// The entities of the service or of one workspace.
public struct ServiceLevel: Sendable {
    /// `policy.xml` at this level (global scope, or the workspace's scope).
    public var policy: ServiceFile?
    public var apis: [ServiceAPI] = []
    public var products: [ServiceProduct] = []
    /// Fragment id (the folder name) → its `policy.xml`.
    public var fragments: [String: ServiceFile] = [:]
    public var namedValues: [ServiceNamedValue] = []
    /// Backend id (the folder name) → its `backendInformation.json`.
    public var backends: [(id: String, file: ServiceFile)] = []
    /// Version set id → its scheme.
    public var versionSets: [String: ServiceVersionSet] = [:]

    public init() {}

    /// Named values by display name (what `{{…}}` resolves, see Docs/apiops.md).
    public var namedValuesByDisplayName: [String: ServiceNamedValue] {
        var result: [String: ServiceNamedValue] = [:]
        for value in namedValues where result[value.displayName] == nil { result[value.displayName] = value }
        return result
    }
}

public struct ServiceWorkspace: Sendable {
    public var name: String
    public var level: ServiceLevel
}

/// A file of the tree: where to open it, and how to name it (relative to the folder the user gave).
public struct ServiceFile: Sendable, Hashable {
    public var path: String
    public var display: String

    public init(path: String, display: String) {
        self.path = path
        self.display = display
    }

    /// Reads the file, named by its display path in every message.
    public func read() throws(InputError) -> SourceFile {
        let file = try SourceFile.read(path)
        return path == display ? file : SourceFile(path: display, bytes: file.bytes)
    }

    public var start: SourceLocation { SourceLocation(path: display, line: 1, column: 1) }
}

public struct ServiceAPI: Sendable {
    /// The folder name: `orders` or `orders;rev=2`.
    public var folder: String
    /// The API's name without the revision.
    public var name: String
    /// `1` unless the folder or `apiRevision` says otherwise.
    public var revision: String
    /// Whether this revision is the one callers reach without `;rev=N`.
    public var isCurrent: Bool
    public var displayName: String
    /// The API URL suffix (`path` in apiInformation.json), without leading or trailing `/`.
    public var path: String
    public var serviceUrl: String?
    /// `http`, `soap`, `graphql`, `websocket`, …
    public var type: String
    /// `apiVersion`, for APIs in a version set.
    public var apiVersion: String?
    /// The version set's id (last segment of `apiVersionSetId`).
    public var versionSetId: String?
    public var subscriptionRequired: Bool
    public var information: ServiceFile?
    public var policy: ServiceFile?
    public var specification: ServiceFile?
    public var operations: [ServiceOperation]
}

public struct ServiceOperation: Sendable {
    /// The operation's name: the `operationId` in the specification, the folder name under `operations/`.
    public var name: String
    public var displayName: String?
    /// Upper-case HTTP method, from the specification.
    public var method: String?
    /// The URL template (`/orders/{id}`), from the specification.
    public var urlTemplate: String?
    public var policy: ServiceFile?
    /// What the specification says about the request (for `scaffold`).
    public var request: OperationRequestShape
    /// The operation's place in the specification.
    public var location: SourceLocation?
}

/// Parameters and a sample body of an operation, from its specification.
public struct OperationRequestShape: Sendable {
    /// Path and query parameters with an example value (the spec's example, default or enum, else made up).
    public var pathParameters: [(name: String, example: String)] = []
    public var queryParameters: [(name: String, example: String)] = []
    public var headers: [(name: String, example: String)] = []
    public var contentType: String?
    public var body: String?

    public init() {}
}

public struct ServiceProduct: Sendable {
    public var name: String
    public var displayName: String
    public var information: ServiceFile?
    public var policy: ServiceFile?
    /// Names of the APIs the product holds (v5 `apis.json`, v6 `apis/<api>/`).
    public var apis: [String]
    /// Where each link is written (for findings about a link to a missing API).
    public var apiLinks: [(api: String, location: SourceLocation)]
}

public struct ServiceNamedValue: Sendable {
    /// The folder name (the resource name).
    public var name: String
    /// What `{{…}}` names.
    public var displayName: String
    /// The value; nil for a secret or Key Vault value the extract does not hold.
    public var value: String?
    public var secret: Bool
    public var keyVault: Bool
    public var location: SourceLocation
}

public struct ServiceVersionSet: Sendable, Hashable {
    /// `Segment`, `Query` or `Header`.
    public var scheme: String
    public var queryName: String?
    public var headerName: String?
}
