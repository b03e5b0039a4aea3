import PolicyBackends
import PolicySource

/// An APIOps publisher override file (`configuration.<env>.yaml`): per environment, named values,
/// backends, APIs and products by name, each with the `properties` that replace the tree's.
public struct PublisherConfiguration: Sendable {
    public var file: String
    public var namedValues: [String: ConfigValue] = [:]
    public var backends: [String: ConfigValue] = [:]
    public var apis: [String: ConfigValue] = [:]
    public var products: [String: ConfigValue] = [:]
    /// Where each entry is written, by section and name (for `environment-unknown`).
    public var locations: [String: SourceLocation] = [:]

    /// The file name, for messages: `configuration.prod.yaml`.
    public var name: String { String(file.split(separator: "/").last ?? Substring(file)) }

    public static func load(_ path: String) throws(InputError) -> PublisherConfiguration {
        let file = try SourceFile.read(path)
        let tree = try ConfigValue.parseYAML(file)
        var configuration = PublisherConfiguration(file: path)
        guard tree.entries != nil else {
            if tree.isNull { return configuration }
            throw InputError("an environment file is a map (apimServiceName, namedValues, backends, apis, products, …), not \(tree.typeName)", at: tree.location)
        }
        let overrideKeys = ["namedValues", "backends", "apis", "products"]
        let filterKeys = (tree.entries ?? []).map(\.key).filter { $0.hasSuffix("Names") }
        if !filterKeys.isEmpty, overrideKeys.allSatisfy({ tree[$0] == nil }) {
            throw InputError("this is an extractor configuration (\(filterKeys.joined(separator: ", ")) choose what to extract), not a publisher override file; --environment takes the configuration.<env>.yaml that holds namedValues, backends, apis or products",
                             at: tree.entry(filterKeys[0])?.keyLocation ?? tree.location)
        }
        for (key, keyPath) in [("namedValues", \PublisherConfiguration.namedValues), ("backends", \.backends), ("apis", \.apis), ("products", \.products)] {
            guard let section = tree[key], !section.isNull else { continue }
            guard let elements = section.elements else {
                throw InputError("'\(key)' must be a list of { name: …, properties: { … } }, not \(section.typeName)", at: section.location)
            }
            for element in elements {
                guard let name = element["name"]?.string else {
                    throw InputError("each entry of '\(key)' needs a 'name' (the artifact's folder name)", at: element.location)
                }
                let properties = element["properties"] ?? ConfigValue(.object([]), at: element.location)
                guard properties.entries != nil else {
                    throw InputError("'properties' of \(key) '\(name)' must be a map, not \(properties.typeName)", at: properties.location)
                }
                configuration[keyPath: keyPath][name] = properties
                configuration.locations["\(key)/\(name)"] = element["name"]?.location ?? element.location
            }
        }
        return configuration
    }

    /// `base` with every key of `override` replacing (maps merged key by key).
    static func merged(_ base: ConfigValue, _ override: ConfigValue) -> ConfigValue {
        guard var entries = base.entries, let changes = override.entries else { return override }
        for change in changes {
            if let index = entries.firstIndex(where: { $0.key.lowercased() == change.key.lowercased() }) {
                entries[index].value = merged(entries[index].value, change.value)
            } else {
                entries.append(change)
            }
        }
        return ConfigValue(.object(entries), at: base.location)
    }

    /// Applies the overrides to a tree's named values and APIs (backends are merged as they load,
    /// see `ServiceBackends`); entries that name nothing in the tree are findings.
    public func apply(to tree: inout ServiceTree) {
        var used: Set<String> = []
        func update(_ level: inout ServiceLevel) {
            for index in level.namedValues.indices {
                let name = level.namedValues[index].name
                guard let properties = namedValues[name] else { continue }
                used.insert("namedValues/\(name)")
                if let displayName = properties["displayName"]?.string { level.namedValues[index].displayName = displayName }
                if let value = properties["value"], let text = value.string ?? value.text {
                    level.namedValues[index].value = text
                } else if properties["keyVault"] != nil {
                    level.namedValues[index].keyVault = true
                }
                level.namedValues[index].location = properties.location
            }
            for index in level.apis.indices {
                guard let properties = apis[level.apis[index].folder] ?? apis[level.apis[index].name] else { continue }
                used.insert("apis/\(level.apis[index].folder)")
                used.insert("apis/\(level.apis[index].name)")
                if let url = properties["serviceUrl"]?.string { level.apis[index].serviceUrl = url }
                if let path = properties["path"]?.string { level.apis[index].path = ServiceTreeLoader.Reader.trimSlashes(path) }
                if let displayName = properties["displayName"]?.string { level.apis[index].displayName = displayName }
            }
            for product in level.products where products[product.name] != nil { used.insert("products/\(product.name)") }
            for backend in level.backends where backends[backend.id] != nil { used.insert("backends/\(backend.id)") }
        }
        update(&tree.service)
        for index in tree.workspaces.indices { update(&tree.workspaces[index].level) }
        for (key, location) in locations.sorted(by: { $0.value < $1.value }) where !used.contains(key) {
            let parts = key.split(separator: "/", maxSplits: 1)
            let kind = ["namedValues": "named value", "backends": "backend", "apis": "API", "products": "product"][String(parts[0])] ?? String(parts[0])
            tree.problems.append(Diagnostic(.warning, LintRule.environmentUnknown.id,
                                            LintRules.EnvironmentUnknown.message(environment: name, overrides: kind, parts[1]), at: location))
        }
        tree.environment = self
    }
}
