import PolicyBackends
import PolicySource

/// Finds and reads APIOps artifacts folders. Nothing in a tree is skipped silently: a broken
/// `*Information.json`, a fragment folder without `policy.xml`, a product linking a missing API,
/// an API without a specification each become a finding (`apiops-tree`) at the file and line.
public enum ServiceTreeLoader {
    /// Folder names an extractor writes at the top of an artifacts folder.
    static let entityFolders = ["apis", "products", "named values", "policy fragments", "backends", "workspaces", "version sets"]
    /// Folder names never searched for trees.
    static let skippedFolders: Set<String> = ["node_modules", ".git", ".build", "bin", "obj"]

    /// Whether `folder` is an artifacts folder: it holds one of the entity folders with an
    /// extractor's `*Information.json` (or a fragment's `policy.xml`) one level down.
    public static func isArtifactsFolder(_ folder: String) -> Bool {
        guard let names = try? FileTree.names(in: folder) else { return false }
        for name in names where entityFolders.contains(name) {
            let entities = FileTree.join(folder, name)
            guard FileTree.kind(entities) == .folder, let children = try? FileTree.names(in: entities) else { continue }
            for child in children {
                let inner = FileTree.join(entities, child)
                guard let files = try? FileTree.names(in: inner) else { continue }
                if files.contains(where: { $0.hasSuffix("Information.json") || $0 == "apis.json" || ($0 == "policy.xml" && name == "policy fragments") }) {
                    return true
                }
            }
        }
        return false
    }

    /// The artifacts folders at or below `folder` (DIR itself, `apimartifacts/`, `artifacts/`,
    /// `tools/artifacts/`, …), at most `depth` levels down; a tree's own folders are not searched again.
    public static func find(in folder: String, depth: Int = 4) -> [String] {
        if isArtifactsFolder(folder) { return [folder] }
        guard depth > 0, let names = try? FileTree.names(in: folder) else { return [] }
        var found: [String] = []
        for name in names where !skippedFolders.contains(name) {
            let child = FileTree.join(folder, name)
            // Linked folders are not searched for trees (a link to `/` would search the world);
            // the lint walk reports a link that leads outside.
            if FileTree.kind(child) == .folder, !FileTree.isLink(child) { found += find(in: child, depth: depth - 1) }
        }
        return found
    }

    /// Reads the tree at `root`. Files are named `display` + the path inside the tree (`display`
    /// empty: the path inside the tree alone).
    /// `specifications`: the APIs (names or folders) whose specification is read; nil: every API.
    /// Specifications can be megabytes, so a run of one operation reads only its API's.
    public static func load(root: String, display: String = "", environment: PublisherConfiguration? = nil,
                            specifications: Set<String>? = nil) -> ServiceTree {
        var reader = Reader(root: root, display: display)
        reader.specifications = specifications
        var tree = ServiceTree(root: root)
        tree.display = display
        tree.service = reader.level(at: "")
        if let names = reader.names("workspaces") {
            for name in names where reader.isFolder("workspaces/\(name)") {
                tree.workspaces.append(ServiceWorkspace(name: name, level: reader.level(at: "workspaces/\(name)/")))
            }
        }
        tree.problems = reader.problems
        environment?.apply(to: &tree)
        return tree
    }

    /// One entity folder read on its own (`--named-values "named values"`): the reader rooted at
    /// its parent, so that files keep the names given.
    static func reader(forFolder folder: String) -> (reader: Reader, relative: String) {
        let trimmed = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        guard let slash = trimmed.lastIndex(of: "/") else { return (Reader(root: ".", display: ""), trimmed) }
        let parent = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        return (Reader(root: parent, display: parent), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// A `named values` folder on its own; its problems (a broken or missing
    /// `namedValueInformation.json`, …) as findings.
    public static func namedValues(inFolder folder: String) -> (values: [ServiceNamedValue], problems: [Diagnostic]) {
        var (reader, relative) = reader(forFolder: folder)
        let values = reader.namedValues(in: relative)
        return (values, reader.problems)
    }

    /// Reads one level of the tree and collects what is wrong with it.
    struct Reader {
        let root: String
        let display: String
        var problems: [Diagnostic] = []
        var specifications: Set<String>?

        init(root: String, display: String) {
            self.root = root
            self.display = display
        }

        func file(_ relative: String) -> ServiceFile {
            ServiceFile(path: FileTree.join(root, relative), display: display.isEmpty ? relative : FileTree.join(display, relative))
        }

        func isFolder(_ relative: String) -> Bool { FileTree.kind(FileTree.join(root, relative)) == .folder }
        func isFile(_ relative: String) -> Bool { FileTree.kind(FileTree.join(root, relative)) == .file }

        /// The entity folders of `relative` (`apis`, `backends`, …): its subfolders. A link that
        /// loops or points nowhere, or a folder that cannot be listed, is a finding, not a skip.
        mutating func entities(_ relative: String) -> [String] {
            guard isFolder(relative) else {
                switch FileTree.kind(FileTree.join(root, relative)) {
                case .loop: problem("'\(relative)': symbolic links loop", at: file(relative).start)
                case .dangling: problem("'\(relative)': a symbolic link to nothing", at: file(relative).start)
                default: break
                }
                return []
            }
            let listed: [String]
            do {
                listed = try FileTree.names(in: FileTree.join(root, relative))
            } catch {
                problem(error.message, at: file(relative).start)
                return []
            }
            var result: [String] = []
            for name in listed {
                let child = relative + "/" + name
                switch FileTree.kind(FileTree.join(root, child)) {
                case .folder: result.append(name)
                case .loop: problem("'\(name)': symbolic links loop; it is not read", at: file(child).start)
                case .dangling: problem("'\(name)': a symbolic link to nothing; it is not read", at: file(child).start)
                default: break
                }
            }
            return result
        }

        func names(_ relative: String) -> [String]? {
            guard isFolder(relative) else { return nil }
            return try? FileTree.names(in: FileTree.join(root, relative))
        }

        mutating func problem(_ message: String, at location: SourceLocation, severity: Severity = .error) {
            problems.append(Diagnostic(severity, "apiops-tree", message, at: location))
        }

        /// A file that should exist: nil (and a finding) when it does not or is not a file.
        mutating func existing(_ relative: String, what: String, owner: String) -> ServiceFile? {
            let file = file(relative)
            switch FileTree.kind(file.path) {
            case .file: return file
            case .missing: return nil
            case .folder: problem("\(what) is a folder, not a file", at: file.start)
            case .loop: problem("\(what): symbolic links loop", at: file.start)
            case .dangling: problem("\(what): a symbolic link to nothing", at: file.start)
            case .other: problem("\(what) is not a regular file (a FIFO, socket or device)", at: file.start)
            }
            _ = owner
            return nil
        }

        /// `<folder>/<x>Information.json` read as JSON; its `properties` map (nil and a finding when broken).
        mutating func information(_ relative: String) -> (properties: ConfigValue, file: ServiceFile)? {
            let file = file(relative)
            let source: SourceFile
            let tree: ConfigValue
            do {
                source = try file.read()
                tree = try ConfigValue.parseYAML(source)
            } catch {
                problem(error.message, at: error.location ?? file.start)
                return nil
            }
            guard tree.entries != nil else {
                problem("expected a JSON object, not \(tree.typeName)", at: tree.location)
                return nil
            }
            guard let properties = tree["properties"] else {
                // The extractor always writes `properties`; a flat object is read as is.
                return (tree, file)
            }
            guard properties.entries != nil else {
                problem("'properties' must be an object, not \(properties.typeName)", at: properties.location)
                return nil
            }
            return (properties, file)
        }

        mutating func level(at prefix: String) -> ServiceLevel {
            var level = ServiceLevel()
            if isFile(prefix + "policy.xml") { level.policy = file(prefix + "policy.xml") }
            level.versionSets = versionSets(prefix)
            level.fragments = fragments(in: prefix + "policy fragments")
            level.namedValues = namedValues(in: prefix + "named values")
            level.backends = backends(prefix)
            level.apis = apis(prefix, versionSets: level.versionSets)
            level.products = products(prefix, apis: level.apis)
            return level
        }

        mutating func versionSets(_ prefix: String) -> [String: ServiceVersionSet] {
            var result: [String: ServiceVersionSet] = [:]
            for name in entities(prefix + "version sets") {
                let folder = prefix + "version sets/\(name)/"
                // Extractor versions name the file either way.
                let fileName = isFile(folder + "apiVersionSetInformation.json") ? "apiVersionSetInformation.json" : "versionSetInformation.json"
                guard let info = informationFile(folder, fileName, what: "version set '\(name)'") else { continue }
                result[name] = ServiceVersionSet(scheme: info.properties["versioningScheme"]?.string ?? "Segment",
                                                 queryName: info.properties["versionQueryName"]?.string,
                                                 headerName: info.properties["versionHeaderName"]?.string)
            }
            return result
        }

        /// The one `*Information.json` of an entity folder; a finding when it is missing.
        mutating func informationFile(_ folder: String, _ name: String, what: String) -> (properties: ConfigValue, file: ServiceFile)? {
            guard existing(folder + name, what: "\(what): \(name)", owner: folder) != nil else {
                if isFolder(folder + name) == false, FileTree.kind(FileTree.join(root, folder + name)) == .missing {
                    problem("\(what) has no \(name)", at: file(String(folder.dropLast())).start)
                }
                return nil
            }
            return information(folder + name)
        }

        /// The fragments of a `policy fragments` folder (`relative` inside the root).
        mutating func fragments(in relative: String) -> [String: ServiceFile] {
            var result: [String: ServiceFile] = [:]
            for name in names(relative) ?? [] {
                let folder = relative + "/\(name)"
                guard isFolder(folder) else {
                    let kind = FileTree.kind(FileTree.join(root, folder))
                    if kind == .loop || kind == .dangling {
                        problem("'\(name)': \(kind == .loop ? "symbolic links loop" : "a symbolic link to nothing"); it is not read", at: file(folder).start)
                    } else if name.hasSuffix(".xml") {
                        problem("a fragment is a folder holding policy.xml (policy fragments/<id>/policy.xml), not a file", at: file(folder).start)
                    }
                    continue
                }
                if let policy = existing(folder + "/policy.xml", what: "fragment '\(name)': policy.xml", owner: folder) {
                    result[name] = policy
                } else if FileTree.kind(FileTree.join(root, folder + "/policy.xml")) == .missing {
                    problem("fragment folder '\(name)' has no policy.xml: every include of '\(name)' fails", at: file(folder).start)
                }
                if isFile(folder + "/policyFragmentInformation.json") {
                    if let info = information(folder + "/policyFragmentInformation.json"),
                       let format = info.properties["format"]?.string, !["rawxml", "xml"].contains(format.lowercased()) {
                        problem("fragment format '\(format)': policycheck reads 'rawxml' and 'xml'", at: info.properties["format"]!.location, severity: .warning)
                    }
                }
            }
            return result
        }

        /// The named values of a `named values` folder (`relative` inside the root).
        mutating func namedValues(in relative: String) -> [ServiceNamedValue] {
            var result: [ServiceNamedValue] = []
            for name in entities(relative) {
                let folder = relative + "/\(name)/"
                guard let info = informationFile(folder, "namedValueInformation.json", what: "named value '\(name)'") else { continue }
                let properties = info.properties
                let displayName = properties["displayName"]?.string ?? name
                let keyVault = properties["keyVault"].map { !$0.isNull } ?? false
                let secret = properties["secret"]?.bool ?? false
                var value = properties["value"].flatMap { $0.string ?? $0.text }
                if properties["value"]?.isNull == true { value = nil }
                if value == nil, !secret, !keyVault {
                    problem("named value '\(displayName)' has no value (and is neither a secret nor a Key Vault reference)",
                            at: properties.location, severity: .warning)
                }
                result.append(ServiceNamedValue(name: name, displayName: displayName, value: (secret || keyVault) && value == nil ? nil : value,
                                                secret: secret, keyVault: keyVault, location: properties["displayName"]?.location ?? properties.location))
            }
            return result
        }

        mutating func backends(_ prefix: String) -> [(id: String, file: ServiceFile)] {
            var result: [(id: String, file: ServiceFile)] = []
            for name in entities(prefix + "backends") {
                let folder = prefix + "backends/\(name)/"
                if let file = existing(folder + "backendInformation.json", what: "backend '\(name)': backendInformation.json", owner: folder) {
                    result.append((name, file))
                } else if FileTree.kind(FileTree.join(root, folder + "backendInformation.json")) == .missing {
                    problem("backend '\(name)' has no backendInformation.json", at: file(String(folder.dropLast())).start)
                }
            }
            return result
        }

        mutating func apis(_ prefix: String, versionSets: [String: ServiceVersionSet]) -> [ServiceAPI] {
            var result: [ServiceAPI] = []
            for folderName in entities(prefix + "apis") {
                let folder = prefix + "apis/\(folderName)/"
                let (baseName, folderRevision) = Self.splitRevision(folderName)
                var api = ServiceAPI(folder: folderName, name: baseName, revision: folderRevision ?? "1", isCurrent: folderRevision == nil,
                                     displayName: baseName, path: "", serviceUrl: nil, type: "http", apiVersion: nil, versionSetId: nil,
                                     subscriptionRequired: true, information: nil, policy: nil, specification: nil, operations: [])
                if let info = informationFile(folder, "apiInformation.json", what: "API '\(folderName)'") {
                    let properties = info.properties
                    api.information = info.file
                    api.displayName = properties["displayName"]?.string ?? baseName
                    api.path = Self.trimSlashes(properties["path"]?.string ?? "")
                    api.serviceUrl = properties["serviceUrl"]?.string
                    api.type = (properties["type"]?.string ?? properties["apiType"]?.string ?? "http").lowercased()
                    if let revision = properties["apiRevision"]?.string ?? properties["apiRevision"]?.text { api.revision = revision }
                    if let current = properties["isCurrent"]?.bool { api.isCurrent = current }
                    api.apiVersion = properties["apiVersion"]?.string
                    api.versionSetId = properties["apiVersionSetId"]?.string.map { Self.lastSegment($0) }
                    if let required = properties["subscriptionRequired"]?.bool { api.subscriptionRequired = required }
                    if let setId = api.versionSetId, versionSets[setId] == nil, !versionSets.isEmpty {
                        problem("API '\(folderName)' names version set '\(setId)', which the tree does not hold", at: properties["apiVersionSetId"]!.location, severity: .warning)
                    }
                }
                if isFile(folder + "policy.xml") { api.policy = file(folder + "policy.xml") }
                api.specification = ["specification.yaml", "specification.yml", "specification.json", "specification.wsdl", "specification.wadl",
                                     "specification.graphql", "specification.gql"].first { isFile(folder + $0) }.map { file(folder + $0) }
                var operations: [ServiceOperation] = []
                let readsSpecification = specifications.map { $0.contains(folderName) || $0.contains(baseName) } ?? true
                if !readsSpecification {
                    // Not needed by this command: operations come from the folders alone.
                } else if let specification = api.specification {
                    switch OpenAPISpecification.read(specification) {
                    case .success(let found): operations = found
                    case .failure(let failure): problem(failure.message, at: failure.location ?? specification.start)
                    }
                } else if api.type == "http" || api.type == "soap" {
                    let anchor = api.information ?? file(String(folder.dropLast()))
                    problem("API '\(folderName)' has no specification (specification.yaml, .json, .wsdl or .graphql): its operations' methods and URL templates are unknown, so requests cannot be routed to them",
                            at: anchor.start)
                }
                for name in entities(folder + "operations") {
                    let policy = isFile(folder + "operations/\(name)/policy.xml") ? file(folder + "operations/\(name)/policy.xml") : nil
                    if let index = operations.firstIndex(where: { $0.name == name }) {
                        operations[index].policy = policy
                    } else {
                        if readsSpecification, api.specification != nil, case .some = policy, api.type == "http" {
                            problem("operation '\(name)' is not in the API's specification (no operationId '\(name)'): its method and URL template are unknown",
                                    at: (policy ?? file(folder + "operations/\(name)")).start, severity: .warning)
                        }
                        operations.append(ServiceOperation(name: name, displayName: nil, method: nil, urlTemplate: nil, policy: policy,
                                                           request: OperationRequestShape(), location: nil))
                    }
                }
                api.operations = operations.sorted { $0.name < $1.name }
                result.append(api)
            }
            return result
        }

        mutating func products(_ prefix: String, apis: [ServiceAPI]) -> [ServiceProduct] {
            var result: [ServiceProduct] = []
            let apiNames = Set(apis.map(\.name))
            for name in entities(prefix + "products") {
                let folder = prefix + "products/\(name)/"
                var product = ServiceProduct(name: name, displayName: name, information: nil, policy: nil, apis: [], apiLinks: [])
                if let info = informationFile(folder, "productInformation.json", what: "product '\(name)'") {
                    product.information = info.file
                    product.displayName = info.properties["displayName"]?.string ?? name
                }
                if isFile(folder + "policy.xml") { product.policy = file(folder + "policy.xml") }
                // v5: apis.json, a list of { "name": … } (or of names).
                if isFile(folder + "apis.json") {
                    let links = file(folder + "apis.json")
                    do {
                        let list = try ConfigValue.parseYAML(try links.read())
                        if let elements = list.elements {
                            for element in elements {
                                guard let api = element.string ?? element["name"]?.string else {
                                    problem("expected an API name or { \"name\": … }, not \(element.typeName)", at: element.location)
                                    continue
                                }
                                product.apiLinks.append((Self.splitRevision(api).name, element.location))
                            }
                        } else if !list.isNull {
                            problem("apis.json must be a list of APIs, not \(list.typeName)", at: list.location)
                        }
                    } catch {
                        problem(error.message, at: error.location ?? links.start)
                    }
                }
                // v6: apis/<api>/productApiInformation.json.
                for api in entities(folder + "apis") {
                    let link = folder + "apis/\(api)/productApiInformation.json"
                    let anchor: SourceLocation
                    if isFile(link) {
                        if information(link) == nil { continue }
                        anchor = file(link).start
                    } else {
                        anchor = file(folder + "apis/\(api)").start
                    }
                    product.apiLinks.append((Self.splitRevision(api).name, anchor))
                }
                for link in product.apiLinks where !apiNames.contains(link.api) {
                    problem("product '\(name)' links API '\(link.api)', which the tree does not hold (no apis/\(link.api)/)", at: link.location)
                }
                product.apis = product.apiLinks.map(\.api).filter { apiNames.contains($0) }
                result.append(product)
            }
            return result
        }

        /// `orders;rev=2` → (`orders`, `2`).
        static func splitRevision(_ folder: String) -> (name: String, revision: String?) {
            guard let range = folder.range(of: ";rev=") else { return (folder, nil) }
            return (String(folder[..<range.lowerBound]), String(folder[range.upperBound...]))
        }

        static func trimSlashes(_ text: String) -> String {
            var text = Substring(text)
            while text.hasPrefix("/") { text = text.dropFirst() }
            while text.hasSuffix("/") { text = text.dropLast() }
            return String(text)
        }

        static func lastSegment(_ id: String) -> String {
            String(id.split(separator: "/").last ?? Substring(id))
        }
    }
}
