import PolicySource

let backendResourceType = "microsoft.apimanagement/service/backends"

/// Reads the `Microsoft.ApiManagement/service/backends` resources of a Bicep file.
enum BicepBackends {
    static func load(_ file: SourceFile) throws(InputError) -> BackendLoadResult {
        var parser = try BicepParser(file: file)
        let declarations = try parser.parseFile()
        let program = BicepProgram(file: file, declarations: declarations)
        return program.backends()
    }
}

/// Evaluates a parsed Bicep file on demand: params from their defaults, vars, resource references.
final class BicepProgram: TemplateEnvironment {
    let file: SourceFile
    let declarations: BicepDeclarations
    let evaluator: TemplateEvaluator
    private var memo: [String: ConfigValue] = [:]
    private var inProgress: Set<String> = []
    private let resourceIndex: [String: Int]

    init(file: SourceFile, declarations: BicepDeclarations) {
        self.file = file
        self.declarations = declarations
        self.evaluator = TemplateEvaluator(file: file)
        var index: [String: Int] = [:]
        for (i, r) in declarations.resources.enumerated() where index[r.symbol] == nil { index[r.symbol] = i }
        self.resourceIndex = index
        evaluator.environment = self
    }

    // MARK: TemplateEnvironment

    func global(_ name: String, evaluator: TemplateEvaluator) -> ConfigValue? {
        if let cached = memo[name] { return cached }
        let param = declarations.params[name]
        let variable = declarations.variables[name]
        let resource = resourceIndex[name]
        guard param != nil || variable != nil || resource != nil else { return nil }
        if inProgress.contains(name) {
            return ConfigValue(.unresolved("${\(name)}"), at: file.location(at: 0))
        }
        inProgress.insert(name)
        let savedLocals = evaluator.locals
        evaluator.locals = []
        defer {
            evaluator.locals = savedLocals
            inProgress.remove(name)
        }
        let value: ConfigValue
        if let param {
            if let defaultValue = param.defaultValue {
                value = evaluator.evaluate(defaultValue)
            } else {
                value = ConfigValue(.unresolved("${\(name)}"), at: file.location(at: param.offset))
            }
        } else if let variable {
            value = evaluator.evaluate(variable)
        } else if let resource {
            value = reference(resource)
        } else {
            return nil
        }
        memo[name] = value
        return value
    }

    func call(_ name: String, _ arguments: [ConfigValue], at location: SourceLocation, evaluator: TemplateEvaluator) -> ConfigValue? {
        nil
    }

    // MARK: Resources

    /// The full type (without version) of a resource, nested types prefixed by their parents'.
    func fullType(_ index: Int) -> (type: String, apiVersion: String?) {
        let resource = declarations.resources[index]
        let parts = resource.type.split(separator: "@", maxSplits: 1)
        var type = parts.first.map(String.init) ?? ""
        let version = parts.count > 1 ? String(parts[1]) : nil
        if let enclosing = resource.enclosing, !type.contains(".") {
            type = fullType(enclosing).type + "/" + type
        }
        return (type, version)
    }

    /// A resource as its symbol evaluates: the declared body plus `id`, `type`, `apiVersion`,
    /// marked as a resource so that unknown properties become `${symbol.properties.x}`.
    private func reference(_ index: Int) -> ConfigValue {
        let resource = declarations.resources[index]
        let at = file.location(at: resource.offset)
        var body = resource.body
        if case .conditional(_, let inner) = body.kind { body = inner }
        if case .forLoop = body.kind {
            let instances = evaluator.expandLoop(body)
            return ConfigValue(.array(instances.enumerated().map { i, instance in
                decorate(instance.value, index: index, symbol: "\(resource.symbol)[\(i)]")
            }), at: at)
        }
        return decorate(evaluator.evaluate(body), index: index, symbol: resource.symbol)
    }

    private func decorate(_ value: ConfigValue, index: Int, symbol: String) -> ConfigValue {
        let at = value.location
        var entries = (value.entries ?? []).filter { $0.key != "parent" }
        let (type, version) = fullType(index)
        func add(_ key: String, _ kind: ConfigValue.Kind) {
            if !entries.contains(where: { $0.key == key }) {
                entries.append(ConfigEntry(key: key, keyLocation: at, value: ConfigValue(kind, at: at)))
            }
        }
        add(resourceSymbolKey, .string(symbol))
        add("type", .string(type))
        if let version { add("apiVersion", .string(version)) }
        add("id", .unresolved(resourceID(index, name: value["name"], type: type)))
        return ConfigValue(.object(entries), at: at)
    }

    /// `/subscriptions/${…}/resourceGroups/${…}/providers/Microsoft.ApiManagement/service/<apim>/backends/<name>`
    private func resourceID(_ index: Int, name: ConfigValue?, type: String) -> String {
        var names: [String] = []
        var current: Int? = index
        var currentName = name
        var guardCount = 0
        while let i = current, guardCount < 16 {
            guardCount += 1
            let text = currentName.map(TemplateEvaluator.stringForm) ?? "?"
            names.insert(contentsOf: text.split(separator: "/").map(String.init), at: 0)
            let parent = parentIndex(i)
            current = parent
            if let parent {
                currentName = global(declarations.resources[parent].symbol, evaluator: evaluator)?["name"]
            }
        }
        let segments = type.split(separator: "/").map(String.init)
        var path = "/subscriptions/${subscription().subscriptionId}/resourceGroups/${resourceGroup().name}/providers/\(segments.first ?? "?")"
        for (k, typeName) in segments.dropFirst().enumerated() {
            path += "/\(typeName)/\(k < names.count ? names[k] : "?")"
        }
        return path
    }

    /// The parent of a resource: the enclosing declaration, or the symbol named by `parent:`.
    private func parentIndex(_ index: Int) -> Int? {
        let resource = declarations.resources[index]
        if let enclosing = resource.enclosing { return enclosing }
        var body = resource.body
        if case .conditional(_, let inner) = body.kind { body = inner }
        if case .forLoop(_, _, _, _, let inner) = body.kind { body = inner }
        guard case .object(let items) = body.kind else { return nil }
        for case .property("parent", _, let value) in items {
            if case .identifier(let symbol) = value.kind { return resourceIndex[symbol] }
        }
        return nil
    }

    // MARK: Backends

    func backends() -> BackendLoadResult {
        var catalog = BackendCatalog()
        var diagnostics: [Diagnostic] = []
        for (index, resource) in declarations.resources.enumerated() {
            let (type, version) = fullType(index)
            guard type.lowercased() == backendResourceType, !resource.existing else { continue }
            var body = resource.body
            var instances: [ConfigValue] = []
            if case .conditional(let condition, let inner) = body.kind {
                let c = evaluator.evaluate(condition)
                if c.bool == false { continue }
                if c.bool == nil {
                    diagnostics.append(Diagnostic(.note, "backend-unresolved",
                                                  "the condition of '\(resource.symbol)' cannot be known offline; the backend is loaded",
                                                  at: c.location))
                }
                body = inner
            }
            if case .forLoop = body.kind {
                instances = evaluator.expandLoop(body).map(\.value)
                if instances.isEmpty {
                    diagnostics.append(Diagnostic(.note, "backend-unresolved",
                                                  "the loop of '\(resource.symbol)' creates no backends offline (its source is empty or unknown)",
                                                  at: file.location(at: body.start)))
                }
            } else {
                instances = [evaluator.evaluate(body)]
            }
            for instance in instances {
                guard instance.entries != nil else { continue }
                let nameValue = instance["name"]
                // The declaration site: the name's value when written in this resource, else the
                // `name:` key (a loop's names come from elsewhere, e.g. a parameter's default).
                var location = file.location(at: resource.offset)
                if let nameEntry = instance.entry("name") {
                    let offset = nameEntry.value.location.offset
                    location = offset >= resource.body.start && offset < resource.body.end
                        ? nameEntry.value.location : nameEntry.keyLocation
                }
                guard let nameText = nameValue?.text else {
                    diagnostics.append(Diagnostic(.error, "backend-input", "backend resource '\(resource.symbol)' has no name", at: location))
                    continue
                }
                let id = nameText.split(separator: "/").last.map(String.init) ?? nameText
                if nameValue?.isUnresolved == true, id.contains("${") {
                    diagnostics.append(Diagnostic(.warning, "backend-unresolved",
                                                  "the name of backend '\(resource.symbol)' cannot be known offline; it is loaded as '\(id)'",
                                                  at: location))
                }
                if catalog[id] != nil {
                    diagnostics.append(Diagnostic(.error, "backend-id", "backend '\(id)' is defined twice", at: location))
                }
                let properties = instance["properties"].flatMap { $0.entries != nil ? $0 : nil }
                    ?? ConfigValue(.object([]), at: location)
                catalog.add(BackendDecoder.backend(id: id, properties: properties, apiVersion: version, location: location,
                                                   origin: .bicep))
            }
        }
        return BackendLoadResult(catalog: catalog, diagnostics: diagnostics)
    }
}
