import PolicySource

/// Reads the `Microsoft.ApiManagement/service/backends` resources of an ARM JSON template,
/// evaluating template expressions (`[concat(parameters('apimName'), '/backend1')]`) offline.
enum ARMTemplateBackends {
    static func load(_ template: ConfigValue) -> BackendLoadResult {
        ARMProgram(template: template).backends()
    }
}

final class ARMProgram: TemplateEnvironment {
    let template: ConfigValue
    let evaluator: TemplateEvaluator
    private var memo: [String: ConfigValue] = [:]
    private var inProgress: Set<String> = []
    private var copyIndices: [(name: String?, index: Int)] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(template: ConfigValue) {
        self.template = template
        self.evaluator = TemplateEvaluator(file: SourceFile(path: template.location.path, bytes: []))
        evaluator.environment = self
    }

    // MARK: Values

    /// A JSON value with every template expression in it evaluated.
    func resolve(_ value: ConfigValue, depth: Int = 0) -> ConfigValue {
        guard depth < maximumNestingDepth else { return value }
        switch value.kind {
        case .string(let s):
            guard s.hasPrefix("["), s.hasSuffix("]") else { return value }
            if s.hasPrefix("[[") { return ConfigValue(.string(String(s.dropFirst())), at: value.location) }
            let body = String(s.dropFirst().dropLast())
            let file = SourceFile(path: value.location.path, text: body)
            var parser = ARMExpressionParser(bytes: file.bytes)
            let expr: TemplateExpr
            do {
                expr = try parser.parse()
            } catch {
                diagnostics.append(Diagnostic(.error, "arm-expression", "cannot read template expression: \(error.message)",
                                              at: value.location))
                return ConfigValue(.unresolved("${\(body)}"), at: value.location)
            }
            let savedFile = evaluator.file, savedLocation = evaluator.fixedLocation
            evaluator.file = file
            evaluator.fixedLocation = value.location
            defer {
                evaluator.file = savedFile
                evaluator.fixedLocation = savedLocation
            }
            return evaluator.evaluate(expr)
        case .object(let entries):
            var out: [ConfigEntry] = []
            for entry in entries {
                // Property copy loops: "copy": [{ "name": "services", "count": n, "input": {…} }]
                if entry.key.lowercased() == "copy", let loops = entry.value.elements {
                    for loop in loops {
                        guard let name = loop["name"]?.string, let input = loop["input"] else { continue }
                        let elements = expandCopy(loop, name: name, input: input, depth: depth)
                        out.removeAll { $0.key == name }
                        out.append(ConfigEntry(key: name, keyLocation: loop.location,
                                               value: ConfigValue(.array(elements), at: loop.location)))
                    }
                    continue
                }
                out.append(ConfigEntry(key: entry.key, keyLocation: entry.keyLocation, value: resolve(entry.value, depth: depth + 1)))
            }
            return ConfigValue(.object(out), at: value.location)
        case .array(let elements):
            return ConfigValue(.array(elements.map { resolve($0, depth: depth + 1) }), at: value.location)
        default:
            return value
        }
    }

    /// A copy loop's count: ARM requires a whole number from 0 to 800 (Learn, "Resource iteration in
    /// ARM templates": the count can't be negative or exceed 800), so a known count outside that is
    /// an error at its line; a count that needs deployment-time values is a warning. nil: no loop.
    private func copyCount(_ count: ConfigValue, unknown: String) -> Int? {
        if let n = count.integer {
            if n >= 0, n <= 800 { return n }
            diagnostics.append(Diagnostic(.error, "backend-input",
                                          "copy count \(n) is \(n < 0 ? "negative" : "more than 800"); ARM requires a count from 0 to 800",
                                          at: count.location))
            return nil
        }
        if case .number(let value) = count.kind, value.isFinite {
            diagnostics.append(Diagnostic(.error, "backend-input", "copy count \(count) is not a whole number from 0 to 800, as ARM requires",
                                          at: count.location))
            return nil
        }
        diagnostics.append(Diagnostic(.warning, "backend-unresolved", unknown, at: count.location))
        return nil
    }

    /// The elements of a property or variable copy loop.
    private func expandCopy(_ loop: ConfigValue, name: String, input: ConfigValue, depth: Int) -> [ConfigValue] {
        let count = resolve(loop["count"] ?? ConfigValue(.null, at: loop.location))
        guard let n = copyCount(count, unknown: "copy count \(count) of '\(name)' cannot be known offline; the list is left empty") else {
            return []
        }
        var elements: [ConfigValue] = []
        for i in 0..<n {
            copyIndices.append((name, i))
            elements.append(resolve(input, depth: depth + 1))
            copyIndices.removeLast()
        }
        return elements
    }

    func global(_ name: String, evaluator: TemplateEvaluator) -> ConfigValue? { nil }

    func call(_ name: String, _ arguments: [ConfigValue], at location: SourceLocation, evaluator: TemplateEvaluator) -> ConfigValue? {
        switch name.lowercased() {
        case "parameters", "variables":
            guard arguments.count == 1, let key = arguments[0].string else { return nil }
            let isParameter = name.lowercased() == "parameters"
            let memoKey = (isParameter ? "p:" : "v:") + key
            if let cached = memo[memoKey] { return cached }
            let placeholder = ConfigValue(.unresolved("${\(name)('\(key)')}"), at: location)
            if inProgress.contains(memoKey) { return placeholder }
            inProgress.insert(memoKey)
            defer { inProgress.remove(memoKey) }
            let saved = (evaluator.file, evaluator.fixedLocation)
            defer { (evaluator.file, evaluator.fixedLocation) = saved }
            var result = placeholder
            if isParameter {
                if let declared = template["parameters"]?[key], let defaultValue = declared["defaultValue"] {
                    result = resolve(defaultValue)
                }
            } else if let declared = template["variables"]?[key] {
                result = resolve(declared)
            } else if let loop = template["variables"]?["copy"]?.elements?.first(where: { $0["name"]?.string == key }),
                      let input = loop["input"] {
                result = ConfigValue(.array(expandCopy(loop, name: key, input: input, depth: 0)), at: loop.location)
            }
            memo[memoKey] = result
            return result
        case "copyindex":
            var offset = 0
            var loop: String?
            for argument in arguments {
                if let n = argument.integer { offset = n } else if let s = argument.string { loop = s }
            }
            let match = loop.flatMap { l in copyIndices.last { $0.name?.lowercased() == l.lowercased() } } ?? copyIndices.last
            guard let match else { return nil }
            return ConfigValue(.number(Double(match.index + offset)), at: location)
        default:
            return nil
        }
    }

    // MARK: Backends

    func backends() -> BackendLoadResult {
        var catalog = BackendCatalog()
        var resources: [ConfigValue] = []
        if let list = template["resources"]?.elements {
            resources = list
        } else if let map = template["resources"]?.entries {
            resources = map.map(\.value) // languageVersion 2.0: symbolic names
        }
        for resource in resources {
            collect(resource, parentType: nil, into: &catalog)
        }
        return BackendLoadResult(catalog: catalog, diagnostics: diagnostics)
    }

    private func collect(_ resource: ConfigValue, parentType: String?, into catalog: inout BackendCatalog) {
        guard resource.entries != nil, let rawType = resolve(resource["type"] ?? ConfigValue(.null, at: resource.location)).string else {
            return
        }
        var type = rawType
        if let parentType, !type.contains(".") { type = parentType + "/" + type }
        if type.lowercased() == backendResourceType, resource["existing"]?.bool != true {
            let copy = resource["copy"]
            if let copy, copy.entries != nil {
                let count = resolve(copy["count"] ?? ConfigValue(.null, at: copy.location))
                guard let n = copyCount(count, unknown: "copy count \(count) cannot be known offline; no backends created from this loop") else {
                    return
                }
                let loopName = resolve(copy["name"] ?? ConfigValue(.null, at: copy.location)).string
                for i in 0..<n {
                    copyIndices.append((loopName, i))
                    addBackend(resource, into: &catalog)
                    copyIndices.removeLast()
                }
            } else {
                addBackend(resource, into: &catalog)
            }
        }
        for child in resource["resources"]?.elements ?? [] {
            collect(child, parentType: type, into: &catalog)
        }
    }

    private func addBackend(_ resource: ConfigValue, into catalog: inout BackendCatalog) {
        if let condition = resource["condition"] {
            let c = resolve(condition)
            if c.bool == false { return }
            if c.bool == nil {
                diagnostics.append(Diagnostic(.note, "backend-unresolved",
                                              "the condition \(c.text ?? "") cannot be known offline; the backend is loaded",
                                              at: condition.location))
            }
        }
        guard let rawName = resource["name"] else {
            diagnostics.append(Diagnostic(.error, "backend-input", "backend resource has no name", at: resource.location))
            return
        }
        let name = resolve(rawName)
        guard let text = name.text else {
            diagnostics.append(Diagnostic(.error, "backend-input", "backend resource name must be a string", at: rawName.location))
            return
        }
        let id = text.split(separator: "/").last.map(String.init) ?? text
        if name.isUnresolved, id.contains("${") {
            diagnostics.append(Diagnostic(.warning, "backend-unresolved",
                                          "the backend name \(text) cannot be known offline; it is loaded as '\(id)'", at: rawName.location))
        }
        if catalog[id] != nil {
            diagnostics.append(Diagnostic(.error, "backend-id", "backend '\(id)' is defined twice", at: rawName.location))
        }
        let apiVersion = resource["apiVersion"].map { resolve($0) }?.string
        let properties = resource["properties"].map { resolve($0) }.flatMap { $0.entries != nil ? $0 : nil }
            ?? ConfigValue(.object([]), at: rawName.location)
        catalog.add(BackendDecoder.backend(id: id, properties: properties, apiVersion: apiVersion, location: rawName.location,
                                           origin: .armTemplate))
    }
}

/// The ARM template expression language: `f(args)`, `'strings'` (quotes doubled), numbers,
/// `.property` and `[index]`.
struct ARMExpressionParser {
    struct ParseError: Error {
        var message: String
    }

    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse() throws(ParseError) -> TemplateExpr {
        let expr = try expression()
        skipSpace()
        guard index == bytes.count else { throw ParseError(message: "unexpected '\(char(index))' at position \(index + 2)") }
        return expr
    }

    private func char(_ i: Int) -> String {
        i < bytes.count ? String(UnicodeScalar(bytes[i])) : "end"
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
    }

    private mutating func expression() throws(ParseError) -> TemplateExpr {
        depth += 1
        defer { depth -= 1 }
        if depth > maximumNestingDepth { throw ParseError(message: "nesting deeper than \(maximumNestingDepth) levels") }
        skipSpace()
        var expr = try primary()
        while true {
            skipSpace()
            guard index < bytes.count else { return expr }
            if bytes[index] == 0x2E { // .
                index += 1
                let name = identifier()
                guard !name.isEmpty else { throw ParseError(message: "expected a property name after '.'") }
                expr = TemplateExpr(kind: .member(expr, name, optional: false), start: expr.start, end: index)
            } else if bytes[index] == 0x5B { // [
                index += 1
                let inner = try expression()
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x5D else { throw ParseError(message: "expected ']'") }
                index += 1
                expr = TemplateExpr(kind: .index(expr, inner), start: expr.start, end: index)
            } else {
                return expr
            }
        }
    }

    private mutating func identifier() -> String {
        let start = index
        while index < bytes.count, isIdentifierByte(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    private mutating func primary() throws(ParseError) -> TemplateExpr {
        let start = index
        guard index < bytes.count else { throw ParseError(message: "expected a value, found the end") }
        let c = bytes[index]
        if c == 0x27 { // '
            index += 1
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw ParseError(message: "unterminated string") }
                if bytes[index] == 0x27 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x27 {
                        text.append(0x27)
                        index += 2
                        continue
                    }
                    index += 1
                    break
                }
                text.append(bytes[index])
                index += 1
            }
            return TemplateExpr(kind: .string(String(decoding: text, as: UTF8.self)), start: start, end: index)
        }
        if (c >= 0x30 && c <= 0x39) || c == 0x2D {
            index += 1
            while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == 0x2E { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let n = Double(text), n.isFinite else { throw ParseError(message: "bad number \(text)") }
            return TemplateExpr(kind: .number(n), start: start, end: index)
        }
        let name = identifier()
        guard !name.isEmpty else { throw ParseError(message: "unexpected '\(char(index))'") }
        skipSpace()
        guard index < bytes.count, bytes[index] == 0x28 else {
            switch name.lowercased() {
            case "true": return TemplateExpr(kind: .bool(true), start: start, end: index)
            case "false": return TemplateExpr(kind: .bool(false), start: start, end: index)
            case "null": return TemplateExpr(kind: .null, start: start, end: index)
            default: throw ParseError(message: "'\(name)' must be followed by '(' (a function call)")
            }
        }
        index += 1
        var args: [TemplateExpr] = []
        skipSpace()
        if index < bytes.count, bytes[index] == 0x29 {
            index += 1
        } else {
            while true {
                args.append(try expression())
                skipSpace()
                guard index < bytes.count else { throw ParseError(message: "expected ')' to close \(name)(") }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x29 { index += 1; break }
                throw ParseError(message: "expected ',' or ')' in \(name)(…), found '\(char(index))'")
            }
        }
        return TemplateExpr(kind: .call(namespace: nil, name: name, arguments: args), start: start, end: index)
    }
}
