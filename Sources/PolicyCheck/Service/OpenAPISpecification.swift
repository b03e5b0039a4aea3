import Foundation
import PolicyBackends
import PolicySource

/// The operations of an API's `specification.yaml|json` (OpenAPI 3 or Swagger 2, as the extractor
/// writes them): name (`operationId`), method, URL template, and a sample request for `scaffold`.
/// WSDL and GraphQL specifications list no HTTP operations here (their operations come from the
/// `operations/` folders).
public enum OpenAPISpecification {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Specifications read in this process, by path, size and modification time: `policycheck
    /// test` over a scaffolded service reads each (often megabytes of YAML) once, not per scenario.
    static let cache = SpecificationCache()

    public static func read(_ file: ServiceFile) -> Result<[ServiceOperation], InputError> {
        let key = SpecificationCache.key(file)
        if let key, let known = cache.value(key) { return known }
        let result = parse(file)
        if let key { cache.store(result, for: key) }
        return result
    }

    static func parse(_ file: ServiceFile) -> Result<[ServiceOperation], InputError> {
        let lower = file.display.lowercased()
        guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else { return .success([]) }
        let tree: ConfigValue
        do {
            tree = try ConfigValue.parseYAML(try file.read())
        } catch {
            return .failure(error)
        }
        guard tree.entries != nil else {
            return .failure(InputError("the specification must be an OpenAPI object, not \(tree.typeName)", at: tree.location))
        }
        guard tree["openapi"] != nil || tree["swagger"] != nil else {
            return .failure(InputError("the specification has neither 'openapi' nor 'swagger': not an OpenAPI document", at: tree.location))
        }
        var reader = SampleWriter(root: tree)
        var operations: [ServiceOperation] = []
        for path in tree["paths"]?.entries ?? [] {
            let shared = path.value["parameters"]?.elements ?? []
            for entry in path.value.entries ?? [] where methods.contains(entry.key.lowercased()) {
                let operation = entry.value
                let method = entry.key.uppercased()
                let name = operation["operationId"]?.string ?? "\(entry.key.lowercased())-\(path.key)"
                var shape = OperationRequestShape()
                var parameters = shared
                parameters += operation["parameters"]?.elements ?? []
                for raw in parameters {
                    let parameter = reader.resolve(raw)
                    guard let parameterName = parameter["name"]?.string else { continue }
                    let place = parameter["in"]?.string ?? ""
                    if place == "body" {
                        if let schema = parameter["schema"] {
                            shape.contentType = "application/json"
                            shape.body = reader.json(reader.sample(schema))
                        }
                        continue
                    }
                    let example = reader.parameterExample(parameter, name: parameterName)
                    switch place {
                    case "path": shape.pathParameters.append((parameterName, example))
                    case "query" where parameter["required"]?.bool == true: shape.queryParameters.append((parameterName, example))
                    case "header" where parameter["required"]?.bool == true: shape.headers.append((parameterName, example))
                    default: break
                    }
                }
                if let content = reader.resolve(operation["requestBody"] ?? ConfigValue(.null, at: tree.location))["content"]?.entries,
                   let chosen = content.first(where: { $0.key.lowercased().contains("json") }) ?? content.first {
                    shape.contentType = chosen.key
                    shape.body = reader.body(chosen.value, json: chosen.key.lowercased().contains("json"))
                }
                // Path parameters the template names but no parameter declares.
                for placeholder in RouteTemplate(path.key).parameters where !shape.pathParameters.contains(where: { $0.name == placeholder }) {
                    shape.pathParameters.append((placeholder, "1"))
                }
                operations.append(ServiceOperation(name: name, displayName: operation["summary"]?.string, method: method, urlTemplate: path.key,
                                                   policy: nil, request: shape, location: entry.keyLocation))
            }
        }
        return .success(operations)
    }

    /// Example values and sample bodies from schemas, following local `$ref`s (cycles and depth bounded).
    struct SampleWriter {
        let root: ConfigValue
        var budget = 2_000

        func resolve(_ value: ConfigValue) -> ConfigValue {
            var current = value
            var hops = 0
            while let reference = current["$ref"]?.string, reference.hasPrefix("#/"), hops < 16 {
                var target: ConfigValue? = root
                for part in reference.dropFirst(2).split(separator: "/") {
                    let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                    target = target?[key]
                }
                guard let target else { break }
                current = target
                hops += 1
            }
            return current
        }

        mutating func parameterExample(_ parameter: ConfigValue, name: String) -> String {
            if let example = parameter["example"] ?? parameter["x-example"], let text = scalarText(example) { return text }
            if let first = parameter["examples"]?.entries?.first?.value["value"], let text = scalarText(first) { return text }
            let schema = resolve(parameter["schema"] ?? parameter)
            return scalarText(sample(schema)) ?? "1"
        }

        func scalarText(_ value: ConfigValue) -> String? {
            switch value.kind {
            case .string(let text): return text
            case .number(let number): return Self.number(number)
            case .bool(let flag): return flag ? "true" : "false"
            default: return nil
            }
        }

        static func number(_ value: Double) -> String {
            value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }

        mutating func body(_ media: ConfigValue, json: Bool) -> String? {
            let media = resolve(media)
            if let example = media["example"] { return render(example, json: json) }
            if let first = media["examples"]?.entries?.first {
                let example = resolve(first.value)
                if let value = example["value"] { return render(value, json: json) }
            }
            guard let schema = media["schema"] else { return nil }
            return render(sample(schema), json: json)
        }

        func render(_ value: ConfigValue, json: Bool) -> String {
            if case .string(let text) = value.kind, !json { return text }
            return self.json(value)
        }

        /// A value that fits `schema`: its example or default, else one made up by type.
        mutating func sample(_ schema: ConfigValue, depth: Int = 0) -> ConfigValue {
            let at = schema.location
            budget -= 1
            guard depth < 8, budget > 0 else { return ConfigValue(.null, at: at) }
            let schema = resolve(schema)
            if let example = schema["example"] { return example }
            if let value = schema["default"] { return value }
            if let first = schema["enum"]?.elements?.first { return first }
            for key in ["allOf", "oneOf", "anyOf"] {
                if let parts = schema[key]?.elements, !parts.isEmpty {
                    if key == "allOf" {
                        var entries: [ConfigEntry] = []
                        for part in parts {
                            for entry in sample(part, depth: depth + 1).entries ?? [] where !entries.contains(where: { $0.key == entry.key }) {
                                entries.append(entry)
                            }
                        }
                        return ConfigValue(.object(entries), at: at)
                    }
                    return sample(parts[0], depth: depth + 1)
                }
            }
            let type = schema["type"]?.string ?? schema["type"]?.elements?.first?.string ?? (schema["properties"] != nil ? "object" : "string")
            switch type {
            case "object":
                var entries: [ConfigEntry] = []
                for property in schema["properties"]?.entries ?? [] {
                    entries.append(ConfigEntry(key: property.key, keyLocation: property.keyLocation, value: sample(property.value, depth: depth + 1)))
                }
                return ConfigValue(.object(entries), at: at)
            case "array":
                guard let items = schema["items"] else { return ConfigValue(.array([]), at: at) }
                return ConfigValue(.array([sample(items, depth: depth + 1)]), at: at)
            case "integer": return ConfigValue(.number(1), at: at)
            case "number": return ConfigValue(.number(1.5), at: at)
            case "boolean": return ConfigValue(.bool(true), at: at)
            default:
                switch schema["format"]?.string ?? "" {
                case "uuid": return ConfigValue(.string("00000000-0000-0000-0000-000000000001"), at: at)
                case "date": return ConfigValue(.string("2026-01-01"), at: at)
                case "date-time": return ConfigValue(.string("2026-01-01T00:00:00Z"), at: at)
                case "email": return ConfigValue(.string("user@example.com"), at: at)
                case "uri", "url": return ConfigValue(.string("https://example.com/"), at: at)
                default: return ConfigValue(.string("string"), at: at)
                }
            }
        }

        /// Compact JSON text of a value.
        func json(_ value: ConfigValue) -> String {
            switch value.kind {
            case .object(let entries):
                return "{" + entries.map { JSONText.quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
            case .array(let elements): return "[" + elements.map(json).joined(separator: ",") + "]"
            case .string(let text), .unresolved(let text): return JSONText.quoted(text)
            case .number(let number): return Self.number(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "null"
            }
        }
    }
}

/// The parsed specifications of this process (a lock guards the table).
final class SpecificationCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Result<[ServiceOperation], InputError>] = [:]

    /// Path, display name, size and modification time; nil when the file cannot be examined.
    static func key(_ file: ServiceFile) -> String? {
        FilePaths.withSystemPath(file.path) { raw -> String? in
            var status = stat()
            guard stat(raw, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            #if canImport(Glibc)
            let modified = status.st_mtim
            #else
            let modified = status.st_mtimespec
            #endif
            return "\(file.path)\u{0}\(file.display)\u{0}\(status.st_size)\u{0}\(modified.tv_sec).\(modified.tv_nsec)"
        }
    }

    func value(_ key: String) -> Result<[ServiceOperation], InputError>? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func store(_ value: Result<[ServiceOperation], InputError>, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count > 256 { entries.removeAll() }
        entries[key] = value
    }
}

/// An operation's URL template (`/orders/{id}/items/{item}`), matched against request paths as
/// APIM does: segment by segment, `{name}` taking one segment (a trailing `{*name}` the rest).
public struct RouteTemplate: Sendable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    let segments: [Segment]
    /// The query part of the template (`/search?q={q}`), whose literal parameters must be present.
    let query: [(name: String, value: Segment)]

    public init(_ template: String) {
        let parts = template.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? ""
        segments = path.split(separator: "/").map { part in
            let text = String(part)
            if text.hasPrefix("{*"), text.hasSuffix("}") { return .rest(String(text.dropFirst(2).dropLast())) }
            if text.hasPrefix("{"), text.hasSuffix("}") { return .parameter(String(text.dropFirst().dropLast())) }
            return .literal(text)
        }
        var query: [(String, Segment)] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard let name = kv.first else { continue }
                let value = kv.count == 2 ? kv[1] : ""
                query.append((name, value.hasPrefix("{") && value.hasSuffix("}") ? .parameter(String(value.dropFirst().dropLast())) : .literal(value)))
            }
        }
        self.query = query
    }

    /// The names of the template's parameters, in order.
    public var parameters: [String] {
        segments.compactMap {
            switch $0 {
            case .parameter(let name), .rest(let name): name
            case .literal: nil
            }
        } + query.compactMap { if case .parameter(let name) = $0.value { name } else { nil } }
    }

    /// The parameters when `path` (segments, already split, percent-decoded) matches, else nil.
    /// `score` ranks matches: more literal segments first, as APIM prefers the most specific template.
    public func match(_ path: [String], query requestQuery: [(String, String)]) -> (parameters: [(String, String)], score: Int)? {
        var parameters: [(String, String)] = []
        var score = 0
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                guard index < path.count, path[index].lowercased() == text.lowercased() else { return nil }
                score += 2
                index += 1
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters.append((name, path[index]))
                score += 1
                index += 1
            case .rest(let name):
                parameters.append((name, path[index...].joined(separator: "/")))
                index = path.count
            }
        }
        guard index == path.count else { return nil }
        for (name, value) in query {
            guard let found = requestQuery.first(where: { $0.0 == name }) else { return nil }
            switch value {
            case .literal(let text): if !text.isEmpty, found.1 != text { return nil }
            case .parameter(let parameter), .rest(let parameter): parameters.append((parameter, found.1))
            }
            score += 2
        }
        return (parameters, score)
    }

    /// The template with each parameter replaced by its example.
    public func filled(_ examples: [(name: String, example: String)]) -> String {
        func value(_ name: String) -> String {
            percentEncoded(examples.first { $0.name == name }?.example ?? "1")
        }
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += "/" + literal
            case .parameter(let name), .rest(let name): text += "/" + value(name)
            }
        }
        if text.isEmpty { text = "/" }
        if !query.isEmpty {
            text += "?" + query.map { name, segment in
                switch segment {
                case .literal(let literal): "\(name)=\(literal)"
                case .parameter(let parameter), .rest(let parameter): "\(name)=\(value(parameter))"
                }
            }.joined(separator: "&")
        }
        return text
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
func percentEncoded(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            result.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }
    return result
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
