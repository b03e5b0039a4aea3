import DotNet
import Foundation
import PolicyBackends
import PolicyExpressions
import PolicyRuntime
import PolicySource
import Yams

/// Reads scenario files (contracts.md, "Scenario files"; Docs/scenarios.md) into `Scenario` values.
///
/// Every error is a `ScenarioError` naming the file, line and column and what is wrong. Paths in
/// the file are resolved against the scenario file's folder, and the files they name must exist.
public enum ScenarioLoader {
    /// At most this many entries under `requests:`.
    public static let maximumRequestEntries = 1_000
    /// `repeat:` at most this.
    public static let maximumRepeat = 100_000_000
    /// At most this many requests in all (entries × repeat): a guard against a typo, far above a
    /// day of traffic. Runs stream, so memory does not grow with the count (Docs/limits.md).
    public static let maximumTotalRequests = 100_000_000
    /// At most this many scripted responses per backend.
    public static let maximumResponsesPerBackend = 10_000
    /// A `when.path` pattern has at most this many bytes.
    public static let maximumPathPatternLength = 2_048
    /// A document may hold at most this many values once YAML aliases are expanded.
    public static let maximumValues = YAMLInput.maximumValues

    /// The top-level keys, in the order Docs/scenarios.md lists them.
    public static let topLevelKeys = [
        "name", "description", "policy", "scopes", "service", "backends", "namedValues", "fragments", "seed", "start",
        "correlation", "jitter", "balancing", "context", "requests", "responses", "expect",
        "openidConfigs", "certificates", "authorizations", "managedIdentities", "state", "instances",
    ]

    /// `instances:` at most this many gateway instances.
    public static let maximumInstances = 64

    /// Reads the scenario file at `path`. `policy`, when given (the CLI's `run POLICY`), replaces the
    /// file's `policy:` key, which then becomes optional; it is used as given, not resolved.
    /// `service`, when given (the CLI's `run --service DIR`), replaces the file's `service:`,
    /// `policy:` and `scopes:`; its paths are used as given.
    /// `environment`, when given (`--environment`), replaces the `service:`'s own environment file.
    public static func load(path: String, policy: String? = nil, service: ServiceSelection? = nil, environment: String? = nil) throws(ScenarioError) -> Scenario {
        let file = try SourceFile.read(path)
        return try load(file, policy: policy, service: service, environment: environment)
    }

    /// Reads a scenario from its text. `file.path` names the file in messages and is the base of
    /// relative paths.
    public static func load(_ file: SourceFile, policy: String? = nil, service: ServiceSelection? = nil, environment: String? = nil) throws(ScenarioError) -> Scenario {
        var reader = ScenarioReader(file: file)
        var scenario = try reader.read(policyOverride: service != nil ? "" : policy, serviceOverride: service)
        if var selection = service ?? reader.service {
            if let environment { selection.environment = environment }
            try ServiceScenario.apply(selection, to: &scenario)
        }
        return scenario
    }

    /// The default scenario name of a file: its name without `.scenario.yaml`, `.scenario.yml`,
    /// `.yaml` or `.yml`.
    public static func defaultName(ofFile path: String) -> String {
        let name = (path as NSString).lastPathComponent
        for suffix in [".scenario.yaml", ".scenario.yml", ".yaml", ".yml"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// A path written in the scenario file, resolved against the file's folder (absolute paths are kept).
    public static func resolve(_ path: String, relativeTo scenarioFile: String) -> String {
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        if relative.hasPrefix("/") { return relative }
        let folder = (scenarioFile as NSString).deletingLastPathComponent
        if folder.isEmpty || folder == "." { return relative.isEmpty ? "." : relative }
        if relative.isEmpty || relative == "." { return folder }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }
}

// MARK: - The reader

/// One key of a YAML map, with where the key stands.
struct YAMLEntry {
    var key: String
    var keyLocation: SourceLocation
    var value: Node
}

struct ScenarioReader {
    let file: SourceFile
    /// The scenario's `service:`, once read.
    var service: ServiceSelection?

    init(file: SourceFile) {
        self.file = file
    }

    // MARK: Document

    mutating func read(policyOverride: String?, serviceOverride: ServiceSelection? = nil) throws(ScenarioError) -> Scenario {
        let root = try compose()
        let start = file.location(at: 0)
        guard let root else {
            if policyOverride == nil { throw ScenarioError("missing required key 'policy' (the policy file to run, or 'service:' an APIOps tree)", at: start) }
            throw ScenarioError("missing required key 'requests' (the requests to send)", at: start)
        }
        guard case .mapping = root else {
            throw ScenarioError("a scenario must be a map of keys (policy, requests, …), not \(describe(root))", at: location(root))
        }
        let entries = try mapEntries(root, keys: ScenarioLoader.topLevelKeys, context: nil)

        var scenario = Scenario(name: ScenarioLoader.defaultName(ofFile: file.path), file: file.path, policy: policyOverride ?? "")
        var sawPolicy = policyOverride != nil
        var sawRequests = false
        var scopes: [PolicyScope: String] = [:]
        var stateNode: Node?
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "name":
                guard let name = try optionalText(value, key: "name") else { break }
                if name.trimmingWhitespace.isEmpty { throw ScenarioError("'name' cannot be empty", at: location(value)) }
                scenario.name = name
            case "description":
                _ = try optionalText(value, key: "description")
            case "policy":
                if isNull(value) { break }
                // A policy given on the command line wins; the file's own need not exist then.
                if policyOverride != nil {
                    _ = try scalarText(value, key: "policy", expected: "a file path")
                    break
                }
                scenario.policy = try existingPath(value, key: "policy", what: "policy file", folder: false)
                sawPolicy = true
            case "service":
                if isNull(value) { break }
                let selection = try serviceSelection(value)
                if serviceOverride == nil {
                    service = selection
                    sawPolicy = true
                }
            case "scopes":
                if isNull(value) { break }
                for scope in try mapEntries(value, keys: ["global", "workspace", "product", "api"], context: "scopes") where !isNull(scope.value) {
                    guard let kind = PolicyScope(rawValue: scope.key) else { continue }
                    scopes[kind] = try existingPath(scope.value, key: "scopes.\(scope.key)", what: "\(scope.key) scope policy file", folder: false)
                }
            case "backends":
                if isNull(value) { break }
                if case .scalar = value {
                    scenario.backends = .file(try existingPath(value, key: "backends", what: "backends file", folder: false))
                } else if case .mapping = value {
                    scenario.backends = .inline(try ConfigValue(yaml: value, in: file))
                } else {
                    throw ScenarioError("'backends' must be a file (Bicep, ARM JSON or YAML) or a map of backend id: definition, not \(describe(value))", at: location(value))
                }
            case "namedValues":
                if isNull(value) { break }
                scenario.namedValues = try namedValues(value)
            case "fragments":
                if isNull(value) { break }
                scenario.fragments = try existingPath(value, key: "fragments", what: "fragments folder", folder: true)
            case "seed":
                if isNull(value) { break }
                let text = try scalarText(value, key: "seed", expected: "a whole number")
                guard let seed = UInt64(text.trimmingWhitespace) else {
                    throw ScenarioError("'seed' must be a whole number from 0 to \(UInt64.max), not '\(text)'", at: location(value))
                }
                scenario.seed = seed
            case "start":
                if isNull(value) { break }
                let text = try scalarText(value, key: "start", expected: "a date-time")
                guard let ms = ScenarioDuration.unixMilliseconds(text) else {
                    throw ScenarioError("'start' must be an ISO 8601 date-time such as \"2026-01-01T00:00:00Z\", not '\(text)'", at: location(value))
                }
                scenario.startUnixMilliseconds = ms
            case "correlation":
                if isNull(value) { break }
                scenario.correlation = try choice(value, key: "correlation", CorrelationProtocol.allCases.map(\.rawValue)) { CorrelationProtocol(rawValue: $0) }
            case "jitter":
                if isNull(value) { break }
                scenario.jitter = try bool(value, key: "jitter")
            case "balancing":
                if isNull(value) { break }
                scenario.balancing = try choice(value, key: "balancing", ["round-robin", "random"]) { PoolBalancing(rawValue: $0) }
            case "context":
                if isNull(value) { break }
                scenario.context = try context(value)
            case "requests":
                scenario.requests = try requests(value)
                sawRequests = true
            case "responses":
                if isNull(value) { break }
                scenario.responses = try responses(value)
            case "expect":
                if isNull(value) { break }
                scenario.expect = try expectation(value, at: entry.keyLocation)
            case "openidConfigs":
                if isNull(value) { break }
                scenario.access.openidConfigs = try openidConfigs(value)
            case "certificates":
                if isNull(value) { break }
                scenario.access.certificates = try certificates(value)
            case "authorizations":
                if isNull(value) { break }
                scenario.access.authorizations = try authorizations(value)
            case "managedIdentities":
                if isNull(value) { break }
                scenario.access.managedIdentities = try managedIdentities(value)
            case "state":
                if isNull(value) { break }
                stateNode = value
            case "instances":
                scenario.instances = try integer(value, key: "instances", in: 1...ScenarioLoader.maximumInstances, what: "a number of gateway instances")
            default:
                break
            }
        }
        if let stateNode { try readState(stateNode, into: &scenario) }
        if let request = scenario.requests.first(where: { ($0.instance ?? 1) > scenario.instances }), let instance = request.instance {
            throw ScenarioError("'instance' is \(instance), but the scenario has \(scenario.instances) gateway instance\(scenario.instances == 1 ? "" : "s") (set 'instances:')",
                                at: request.instanceLocation ?? request.location)
        }
        scenario.scopes = PolicyScope.allCases.compactMap { scope in scopes[scope].map { (scope: scope, path: $0) } }
        if let service, serviceOverride == nil {
            if !scenario.policy.isEmpty || !scopes.isEmpty {
                throw ScenarioError("give either 'service:' (an APIOps tree) or 'policy:'/'scopes:', not both", at: service.location ?? location(root))
            }
        }
        if serviceOverride != nil {
            scenario.policy = ""
            scenario.scopes = []
        }
        if !sawPolicy { throw ScenarioError("missing required key 'policy' (the policy file to run, or 'service:' an APIOps tree)", at: location(root)) }
        if !sawRequests { throw ScenarioError("missing required key 'requests' (the requests to send)", at: location(root)) }
        return scenario
    }

    /// `service: PATH` or `service: { path, api, operation, product, environment }`.
    private func serviceSelection(_ value: Node) throws(ScenarioError) -> ServiceSelection {
        if case .scalar = value {
            return ServiceSelection(path: try existingPath(value, key: "service", what: "APIOps tree", folder: true), location: location(value))
        }
        var selection = ServiceSelection(path: "", location: location(value))
        var sawPath = false
        for entry in try mapEntries(value, keys: ["path", "api", "operation", "product", "environment"], context: "service") where !isNull(entry.value) {
            switch entry.key {
            case "path":
                selection.path = try existingPath(entry.value, key: "service.path", what: "APIOps tree", folder: true)
                sawPath = true
            case "api": selection.api = try scalarText(entry.value, key: "service.api", expected: "an API name")
            case "operation": selection.operation = try scalarText(entry.value, key: "service.operation", expected: "an operation name")
            case "product": selection.product = try scalarText(entry.value, key: "service.product", expected: "a product name")
            case "environment":
                selection.environment = try existingPath(entry.value, key: "service.environment", what: "environment file", folder: false)
            default: break
            }
        }
        if !sawPath { throw ScenarioError("'service' needs 'path' (the APIOps artifacts folder)", at: location(value)) }
        return selection
    }

    private func compose() throws(ScenarioError) -> Node? {
        do {
            return try YAMLInput.compose(file, document: "the scenario")
        } catch {
            throw ScenarioError(error.message, at: error.location ?? file.location(at: 0))
        }
    }

    // MARK: Sections

    private func namedValues(_ value: Node) throws(ScenarioError) -> [String: String] {
        if case .scalar = value {
            let path = try existingPath(value, key: "namedValues", what: "named values file", folder: false)
            do {
                return try InputFiles.namedValues(path)
            } catch {
                throw ScenarioError(error.message, at: error.location ?? location(value))
            }
        }
        var result: [String: String] = [:]
        for entry in try mapEntries(value, keys: nil, context: "namedValues") {
            result[entry.key] = try scalarText(entry.value, key: "namedValues.\(entry.key)", expected: "a single value", allowNull: true)
        }
        return result
    }

    private func context(_ value: Node) throws(ScenarioError) -> ScenarioContext {
        let keys = ["subscription", "deployment", "api", "operation", "product", "user", "workspace", "ipAddress", "clientCertificate"]
        var result = ScenarioContext()
        for entry in try mapEntries(value, keys: keys, context: "context") {
            if entry.key == "ipAddress" {
                result.ipAddress = try optionalText(entry.value, key: "context.ipAddress")
                continue
            }
            if entry.key == "clientCertificate" {
                if !isNull(entry.value) { result.clientCertificate = try clientCertificate(entry.value) }
                continue
            }
            if isNull(entry.value) { continue }
            var properties: [String: String] = [:]
            for property in try mapEntries(entry.value, keys: nil, context: "context.\(entry.key)") {
                properties[property.key] = try scalarText(property.value, key: "context.\(entry.key).\(property.key)", expected: "a single value", allowNull: true)
            }
            switch entry.key {
            case "subscription": result.subscription = properties
            case "deployment": result.deployment = properties
            case "api": result.api = properties
            case "operation": result.operation = properties
            case "product": result.product = properties
            case "user": result.user = properties
            case "workspace": result.workspace = properties
            default: break
            }
        }
        return result
    }

    private func requests(_ value: Node) throws(ScenarioError) -> [ScenarioRequest] {
        guard case .sequence(let sequence) = value else {
            throw ScenarioError("'requests' must be a list of requests (- method: GET, url: …), not \(describe(value))", at: location(value))
        }
        if sequence.isEmpty {
            throw ScenarioError("'requests' must list at least one request", at: location(value))
        }
        if sequence.count > ScenarioLoader.maximumRequestEntries {
            throw ScenarioError("'requests' has \(sequence.count) entries; at most \(ScenarioLoader.maximumRequestEntries) are allowed (use 'repeat' to send one many times)",
                                at: location(sequence[ScenarioLoader.maximumRequestEntries]))
        }
        var result: [ScenarioRequest] = []
        var total = 0
        var clock: Int64 = 0
        for element in sequence {
            let request = try request(element)
            total += request.repeatCount
            if total > ScenarioLoader.maximumTotalRequests {
                throw ScenarioError("the scenario sends more than \(ScenarioLoader.maximumTotalRequests) requests in all", at: location(element))
            }
            // Both factors are bounded (after ≤ 24h, repeat ≤ 100,000,000), so neither this product nor the sum can overflow.
            clock += max(0, request.afterMilliseconds) * Int64(request.repeatCount)
            if clock > RuntimeLimits.maxVirtualMilliseconds {
                throw ScenarioError("the requests' 'after' delays add up past the virtual-time limit of 30 days (\(clock / 3_600_000)h by the end of this entry)",
                                    at: location(element))
            }
            result.append(request)
        }
        return result
    }

    private func request(_ node: Node) throws(ScenarioError) -> ScenarioRequest {
        let at = location(node)
        if case .scalar(let scalar) = node {
            // Shorthand: "GET https://…" or a URL alone.
            let line = try requestLine(scalar.string, at: at)
            return ScenarioRequest(method: line.method, url: line.url, location: at)
        }
        guard case .mapping(let mapping) = node else {
            throw ScenarioError("a request must be a map (method, url, headers, body, after, repeat, expect), not \(describe(node))", at: at)
        }
        // The shorthand with keys beside it, written as a one-key map: `- GET https://…: { expect: … }`.
        if mapping.count == 1, let (keyNode, value) = mapping.first, case .scalar(let keyScalar) = keyNode,
           !Self.requestKeys.contains(keyScalar.string), case .mapping = value {
            let line = try requestLine(keyScalar.string, at: location(keyNode))
            return try requestMap(value, line: line, at: at)
        }
        return try requestMap(node, line: nil, at: at)
    }

    static let requestKeys = ["request", "method", "url", "headers", "body", "after", "repeat", "concurrent", "instance", "expect"]

    /// `GET https://…` or a URL alone (GET).
    private func requestLine(_ text: String, at: SourceLocation) throws(ScenarioError) -> (method: String, url: String) {
        let parts = text.trimmingWhitespace.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        if parts.count == 2, parts[0].allSatisfy({ $0.isLetter }) {
            return (String(parts[0]), try checkedURL(String(parts[1]).trimmingWhitespace, at: at))
        }
        return ("GET", try checkedURL(text.trimmingWhitespace, at: at))
    }

    /// A request's keys; `line` is the shorthand the map stands under, if any.
    private func requestMap(_ node: Node, line: (method: String, url: String)?, at: SourceLocation) throws(ScenarioError) -> ScenarioRequest {
        let entries = try mapEntries(node, keys: line == nil ? Self.requestKeys : Self.requestKeys.filter { $0 != "method" && $0 != "url" && $0 != "request" },
                                     context: "a request")
        var request = ScenarioRequest(url: line?.url ?? "", location: at)
        if let line { request.method = line.method }
        var sawURL = line != nil
        var sawRequestLine = false
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "request":
                let line = try requestLine(try scalarText(value, key: "request", expected: "a request line such as GET https://apim.example/api"), at: location(value))
                request.method = line.method
                request.url = line.url
                sawURL = true
                sawRequestLine = true
            case "method":
                let method = try scalarText(value, key: "method", expected: "an HTTP method such as GET")
                guard !method.isEmpty, method.unicodeScalars.allSatisfy(isTokenCharacter) else {
                    throw ScenarioError("'method' must be an HTTP method such as GET or POST, not '\(method)'", at: location(value))
                }
                request.method = method
            case "url":
                request.url = try checkedURL(try scalarText(value, key: "url", expected: "a URL"), at: location(value))
                sawURL = true
            case "headers":
                request.headers = try headers(value, key: "headers").map { (name: $0.name, value: $0.value) }
            case "body":
                request.body = try body(value)
            case "after":
                request.afterMilliseconds = try duration(value, key: "after")
            case "repeat":
                request.repeatCount = try integer(value, key: "repeat", in: 1...ScenarioLoader.maximumRepeat)
            case "concurrent":
                request.concurrent = try bool(value, key: "concurrent")
            case "expect":
                request.expect = try requestExpectation(value, at: entry.keyLocation)
            case "instance":
                request.instance = try integer(value, key: "instance", in: 1...ScenarioLoader.maximumInstances, what: "a gateway instance number")
                request.instanceLocation = location(value)
            default:
                break
            }
        }
        if sawRequestLine, let clash = entries.first(where: { $0.key == "method" || $0.key == "url" }) {
            throw ScenarioError("'\(clash.key)' and 'request' both give the request line; use one", at: clash.keyLocation)
        }
        if !sawURL { throw ScenarioError("missing required key 'url' in a request", at: at) }
        return request
    }

    private func checkedURL(_ url: String, at: SourceLocation) throws(ScenarioError) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > (lower.hasPrefix("https") ? 8 : 7) else {
            throw ScenarioError("'url' must be an absolute http or https URL such as https://apim.example/api/op, not '\(url)'", at: at)
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw ScenarioError("'url' cannot contain spaces or control characters; percent-encode them ('\(url)')", at: at)
        }
        return url
    }

    private func responses(_ value: Node) throws(ScenarioError) -> [String: [ScriptedResponse]] {
        var result: [String: [ScriptedResponse]] = [:]
        for entry in try mapEntries(value, keys: nil, context: "responses") {
            let list: [Node]
            switch entry.value {
            case .sequence(let sequence): list = Array(sequence)
            case .mapping: list = [entry.value]
            default:
                throw ScenarioError("responses of '\(entry.key)' must be a list of responses (- status: 200), not \(describe(entry.value))", at: location(entry.value))
            }
            if list.isEmpty { throw ScenarioError("responses of '\(entry.key)' must list at least one response", at: location(entry.value)) }
            if list.count > ScenarioLoader.maximumResponsesPerBackend {
                throw ScenarioError("responses of '\(entry.key)' has \(list.count) entries; at most \(ScenarioLoader.maximumResponsesPerBackend) are allowed",
                                    at: location(list[ScenarioLoader.maximumResponsesPerBackend]))
            }
            var scripted: [ScriptedResponse] = []
            for item in list {
                let response = try response(item)
                if response.isDefault, let earlier = scripted.first(where: \.isDefault) {
                    throw ScenarioError("responses of '\(entry.key)' have two 'default: true' entries (the first at line \(earlier.location.line)); keep one",
                                        at: response.location)
                }
                scripted.append(response)
            }
            result[entry.key] = scripted
        }
        return result
    }

    private func response(_ node: Node) throws(ScenarioError) -> ScriptedResponse {
        let at = location(node)
        guard case .mapping = node else {
            throw ScenarioError("a response must be a map (status, reason, headers, body, latency, headersAfter, fail, when, default), not \(describe(node))", at: at)
        }
        var response = ScriptedResponse(location: at)
        var sawLatency = false
        var headersAfterNode: Node?
        var defaultNode: Node?
        let keys = ["status", "reason", "headers", "body", "latency", "headersAfter", "fail", "when", "default"]
        for entry in try mapEntries(node, keys: keys, context: "a response") {
            let value = entry.value
            switch entry.key {
            case "status": response.status = try status(value, key: "status")
            case "reason": response.reason = try optionalText(value, key: "reason")
            case "headers": response.headers = try headers(value, key: "headers").map { ScriptedHeader(name: $0.name, value: $0.value) }
            case "body": response.body = try body(value)
            case "latency":
                response.latencyMilliseconds = try duration(value, key: "latency")
                sawLatency = !isNull(value)
            case "headersAfter":
                if isNull(value) { break }
                response.headersAfterMilliseconds = try duration(value, key: "headersAfter")
                headersAfterNode = value
            case "fail":
                if isNull(value) { break }
                response.failure = try choice(value, key: "fail", ["timeout", "connection", "reset-after-headers"]) { ScriptedResponse.Failure(rawValue: $0) }
            case "when":
                if isNull(value) { break }
                response.when = try condition(value)
            case "default":
                if isNull(value) { break }
                response.isDefault = try bool(value, key: "default")
                if response.isDefault { defaultNode = value }
            default: break
            }
        }
        if let defaultNode, response.when != nil {
            throw ScenarioError("a response is either a 'when' entry or the 'default: true' one, not both (the default answers the calls no 'when' matches)",
                                at: location(defaultNode))
        }
        if let headersAfterNode, let headersAfter = response.headersAfterMilliseconds {
            if let failure = response.failure, failure != .resetAfterHeaders {
                let why = failure == .timeout ? "no headers arrive within the timeout" : "the connection fails before any headers"
                throw ScenarioError("'headersAfter' cannot go with 'fail: \(failure.rawValue)' (\(why))", at: location(headersAfterNode))
            }
            if !sawLatency {
                // Headers alone: the body comes with them.
                response.latencyMilliseconds = headersAfter
            } else if headersAfter > response.latencyMilliseconds {
                throw ScenarioError("'headersAfter' (\(headersAfter)ms) must not be longer than 'latency' (\(response.latencyMilliseconds)ms): "
                    + "latency is the time to the complete response, headersAfter the time to its headers", at: location(headersAfterNode))
            }
        }
        return response
    }

    /// The keys of a `when:` map.
    static let conditionKeys = ["method", "path", "query", "headers", "bodyContains"]

    /// `when: { method, path, query, headers, bodyContains }` — each key optional, at least one given.
    private func condition(_ value: Node) throws(ScenarioError) -> ResponseCondition {
        guard case .mapping = value else {
            throw ScenarioError("'when' must be a map of method, path, query, headers and bodyContains, not \(describe(value))", at: location(value))
        }
        var condition = ResponseCondition(location: location(value))
        var given = 0
        for entry in try mapEntries(value, keys: Self.conditionKeys, context: "when") {
            let value = entry.value
            if isNull(value) {
                throw ScenarioError("'when.\(entry.key)' is empty; give a value or leave the key out", at: entry.keyLocation)
            }
            given += 1
            switch entry.key {
            case "method":
                var methods: [String] = []
                let items: [Node]
                if case .sequence(let sequence) = value { items = Array(sequence) } else { items = [value] }
                if items.isEmpty { throw ScenarioError("'when.method' must name at least one HTTP method", at: location(value)) }
                for item in items {
                    let method = try scalarText(item, key: "when.method", expected: "an HTTP method such as GET, or a list of them")
                    guard !method.isEmpty, method.unicodeScalars.allSatisfy(isTokenCharacter) else {
                        throw ScenarioError("'when.method' must be an HTTP method such as GET or POST, not '\(method)'", at: location(item))
                    }
                    methods.append(method.uppercased())
                }
                condition.methods = methods
            case "path":
                let path = try scalarText(value, key: "when.path", expected: "a path such as /items/*")
                guard path.hasPrefix("/") || path.hasPrefix("*") else {
                    throw ScenarioError("'when.path' must start with '/' or '*' (it is matched against the path the backend receives, such as /items/42), not '\(path)'",
                                        at: location(value))
                }
                if let bad = path.unicodeScalars.first(where: { $0 == "?" || $0 == "#" || $0.value <= 0x20 || $0.value == 0x7F }) {
                    let what = bad == "?" ? "'?': write query parameters under 'when.query'" : bad == "#" ? "'#': a fragment is never sent" : "spaces or control characters; percent-encode them"
                    throw ScenarioError("'when.path' cannot contain \(what) ('\(path)')", at: location(value))
                }
                guard path.utf8.count <= ScenarioLoader.maximumPathPatternLength else {
                    throw ScenarioError("'when.path' is longer than \(ScenarioLoader.maximumPathPatternLength) characters", at: location(value))
                }
                condition.path = path
            case "query":
                var parameters: [ScriptedHeader] = []
                for parameter in try mapEntries(value, keys: nil, context: "when.query") {
                    if parameter.key.isEmpty { throw ScenarioError("a query parameter name cannot be empty", at: parameter.keyLocation) }
                    let text = try scalarText(parameter.value, key: "when.query.\(parameter.key)", expected: "a single value", allowNull: true)
                    parameters.append(ScriptedHeader(name: parameter.key, value: text))
                }
                if parameters.isEmpty { throw ScenarioError("'when.query' must name at least one parameter", at: location(value)) }
                condition.query = parameters
            case "headers":
                let headers = try headers(value, key: "when.headers")
                if headers.isEmpty { throw ScenarioError("'when.headers' must name at least one header", at: location(value)) }
                condition.headers = headers.map { ScriptedHeader(name: $0.name, value: $0.value) }
            case "bodyContains":
                let text = try scalarText(value, key: "when.bodyContains", expected: "text")
                if text.isEmpty { throw ScenarioError("'when.bodyContains' cannot be empty (every body contains '')", at: location(value)) }
                condition.bodyContains = text
            default:
                break
            }
        }
        if given == 0 {
            throw ScenarioError("'when' must give at least one of method, path, query, headers, bodyContains (an entry for every call needs no 'when')",
                                at: location(value))
        }
        return condition
    }

    private func expectation(_ value: Node, at keyLocation: SourceLocation) throws(ScenarioError) -> ScenarioExpectation {
        var expectation = ScenarioExpectation(location: keyLocation)
        let keys = ["status", "statuses", "backends", "headers", "bodyContains", "variables"]
        for entry in try mapEntries(value, keys: keys, context: "expect") {
            let value = entry.value
            if isNull(value) { continue }
            switch entry.key {
            case "status":
                expectation.status = try status(value, key: "expect.status")
            case "statuses":
                var statuses: [Int] = []
                for item in try list(value, key: "expect.statuses", of: "statuses") { statuses.append(try status(item, key: "expect.statuses")) }
                expectation.statuses = statuses
            case "backends":
                var backends: [String] = []
                for item in try list(value, key: "expect.backends", of: "backend ids") {
                    backends.append(try scalarText(item, key: "expect.backends", expected: "a backend id"))
                }
                expectation.backends = backends
            case "headers":
                var headers: [String: String] = [:]
                for header in try self.headers(value, key: "expect.headers") { headers[header.name] = header.value }
                expectation.headers = headers
            case "bodyContains":
                expectation.bodyContains = try scalarText(value, key: "expect.bodyContains", expected: "text")
            case "variables":
                var variables: [String: String] = [:]
                for variable in try mapEntries(value, keys: nil, context: "expect.variables") {
                    variables[variable.key] = try scalarText(variable.value, key: "expect.variables.\(variable.key)", expected: "a single value", allowNull: true)
                }
                expectation.variables = variables
            default:
                break
            }
        }
        return expectation
    }

    // MARK: Access: keys, certificates, authorizations

    /// `openidConfigs:` — configuration URL → `{ issuer, keys: [JWK…] }`.
    private func openidConfigs(_ value: Node) throws(ScenarioError) -> [String: OpenIDConfiguration] {
        var result: [String: OpenIDConfiguration] = [:]
        for entry in try mapEntries(value, keys: nil, context: "openidConfigs") {
            var config = OpenIDConfiguration(location: entry.keyLocation)
            for field in try mapEntries(entry.value, keys: ["issuer", "keys"], context: "openidConfigs.\(entry.key)") {
                switch field.key {
                case "issuer":
                    config.issuer = try optionalText(field.value, key: "openidConfigs.issuer")
                case "keys":
                    if isNull(field.value) { break }
                    for key in try list(field.value, key: "openidConfigs.keys", of: "keys (- { kid: k1, n: …, e: AQAB })") {
                        config.keys.append(try signingKey(key))
                    }
                default:
                    break
                }
            }
            result[entry.key] = config
        }
        return result
    }

    /// A JSON Web Key: `n` and `e` (RSA), `k` (symmetric, base64url) or `x5c` (certificates, base64).
    private func signingKey(_ node: Node) throws(ScenarioError) -> ScenarioSigningKey {
        var fields: [String: String] = [:]
        var certificate: String?
        for field in try mapEntries(node, keys: ["kid", "kty", "alg", "use", "n", "e", "k", "x5c", "x5t"], context: "a key") {
            if field.key == "x5c" {
                if case .sequence(let sequence) = field.value, let first = sequence.first {
                    certificate = try scalarText(first, key: "x5c", expected: "a base64 certificate")
                } else {
                    certificate = try scalarText(field.value, key: "x5c", expected: "a base64 certificate")
                }
                continue
            }
            fields[field.key] = try scalarText(field.value, key: field.key, expected: "text")
        }
        let kid = fields["kid"]
        if let n = fields["n"], let e = fields["e"] { return ScenarioSigningKey(kid: kid, material: .rsa(n: n, e: e)) }
        if let k = fields["k"] { return ScenarioSigningKey(kid: kid, material: .symmetric(k)) }
        if let certificate { return ScenarioSigningKey(kid: kid, material: .certificate(certificate)) }
        throw ScenarioError("a key needs 'n' and 'e' (RSA), 'k' (symmetric, base64url) or 'x5c' (a certificate)", at: location(node))
    }

    /// `certificates:` — id → `{ thumbprint, subject, file }` (file: a PEM certificate or public key).
    private func certificates(_ value: Node) throws(ScenarioError) -> [String: ScenarioCertificate] {
        var result: [String: ScenarioCertificate] = [:]
        for entry in try mapEntries(value, keys: nil, context: "certificates") {
            var certificate = ScenarioCertificate(id: entry.key)
            for field in try mapEntries(entry.value, keys: ["thumbprint", "subject", "file"], context: "certificates.\(entry.key)") {
                switch field.key {
                case "thumbprint": certificate.thumbprint = try optionalText(field.value, key: "thumbprint")?.uppercased()
                case "subject": certificate.subject = try optionalText(field.value, key: "subject")
                case "file":
                    if isNull(field.value) { break }
                    let path = try existingPath(field.value, key: "certificates.\(entry.key).file", what: "certificate file", folder: false)
                    guard let pem = try? String(contentsOfFile: path, encoding: .utf8), pem.contains("-----BEGIN ") else {
                        throw ScenarioError("certificate file '\(path)' is not a PEM file (-----BEGIN CERTIFICATE----- or PUBLIC KEY)", at: location(field.value))
                    }
                    certificate.pem = pem
                default: break
                }
            }
            if certificate.thumbprint == nil, let pem = certificate.pem, let der = Self.certificateDer(pem) {
                certificate.thumbprint = DotNetHashAlgorithm.sha1.computeHash(der).map { String(format: "%02X", $0) }.joined()
            }
            result[entry.key] = certificate
        }
        return result
    }

    /// The DER bytes of the first certificate in a PEM text.
    static func certificateDer(_ pem: String) -> [UInt8]? {
        guard let begin = pem.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = pem.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<pem.endIndex) else { return nil }
        let body = pem[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return try? DotNetConvert.fromBase64String(String(body))
    }

    /// `authorizations:` — `provider-id/authorization-id` → `{ accessToken, claims, error }`.
    private func authorizations(_ value: Node) throws(ScenarioError) -> [String: ScenarioAuthorization] {
        var result: [String: ScenarioAuthorization] = [:]
        for entry in try mapEntries(value, keys: nil, context: "authorizations") {
            guard entry.key.contains("/") else {
                throw ScenarioError("an authorization is named 'provider-id/authorization-id', not '\(entry.key)'", at: entry.keyLocation)
            }
            var authorization = ScenarioAuthorization()
            for field in try mapEntries(entry.value, keys: ["accessToken", "claims", "error"], context: "authorizations.\(entry.key)") {
                switch field.key {
                case "accessToken": authorization.accessToken = try optionalText(field.value, key: "accessToken")
                case "error": authorization.error = try optionalText(field.value, key: "error")
                case "claims":
                    if isNull(field.value) { break }
                    for claim in try mapEntries(field.value, keys: nil, context: "claims") {
                        authorization.claims[claim.key] = try scalarText(claim.value, key: "claims.\(claim.key)", expected: "a single value", allowNull: true)
                    }
                default: break
                }
            }
            result[entry.key] = authorization
        }
        return result
    }

    /// `managedIdentities:` — `{ systemAssigned, userAssigned, failingResources }`.
    private func managedIdentities(_ value: Node) throws(ScenarioError) -> ScenarioManagedIdentities {
        var identities = ScenarioManagedIdentities()
        for field in try mapEntries(value, keys: ["systemAssigned", "userAssigned", "failingResources"], context: "managedIdentities") {
            let key = "managedIdentities.\(field.key)"
            if isNull(field.value) { continue }
            switch field.key {
            case "systemAssigned": identities.systemAssigned = try bool(field.value, key: key)
            case "userAssigned": identities.userAssigned = try textList(field.value, key: key, expected: "a client id")
            case "failingResources": identities.failingResources = try textList(field.value, key: key, expected: "a resource URI")
            default: break
            }
        }
        return identities
    }

    /// One text or a list of them.
    private func textList(_ value: Node, key: String, expected: String) throws(ScenarioError) -> [String] {
        guard case .sequence(let sequence) = value else { return [try scalarText(value, key: key, expected: "\(expected) or a list of them")] }
        var result: [String] = []
        for item in sequence { result.append(try scalarText(item, key: key, expected: expected)) }
        return result
    }

    /// `context.clientCertificate` — the certificate the caller presents.
    private func clientCertificate(_ value: Node) throws(ScenarioError) -> ScenarioClientCertificate {
        var certificate = ScenarioClientCertificate()
        let keys = ["thumbprint", "subject", "issuer", "serialNumber", "dnsNames", "issuerThumbprint", "notBefore", "notAfter", "trusted", "revoked"]
        for field in try mapEntries(value, keys: keys, context: "context.clientCertificate") {
            let value = field.value
            if isNull(value) { continue }
            let key = "context.clientCertificate.\(field.key)"
            switch field.key {
            case "thumbprint": certificate.thumbprint = try scalarText(value, key: key, expected: "text")
            case "subject": certificate.subject = try scalarText(value, key: key, expected: "text")
            case "issuer": certificate.issuer = try scalarText(value, key: key, expected: "text")
            case "serialNumber": certificate.serialNumber = try scalarText(value, key: key, expected: "text")
            case "issuerThumbprint": certificate.issuerThumbprint = try scalarText(value, key: key, expected: "text")
            case "dnsNames": certificate.dnsNames = try textList(value, key: key, expected: "a DNS name")
            case "notBefore", "notAfter":
                let text = try scalarText(value, key: key, expected: "a date-time")
                guard let ms = ScenarioDuration.unixMilliseconds(text) else {
                    throw ScenarioError("'\(key)' must be an ISO 8601 date-time such as \"2026-01-01T00:00:00Z\", not '\(text)'", at: location(value))
                }
                if field.key == "notBefore" { certificate.notBeforeUnixMilliseconds = ms } else { certificate.notAfterUnixMilliseconds = ms }
            case "trusted": certificate.trusted = try bool(value, key: key)
            case "revoked": certificate.revoked = try bool(value, key: key)
            default: break
            }
        }
        return certificate
    }

    // MARK: Values

    /// Headers as a map (order and case kept) or a list of one-key maps (for repeated names).
    func headers(_ value: Node, key: String) throws(ScenarioError) -> [(name: String, value: String)] {
        if isNull(value) { return [] }
        var pairs: [YAMLEntry] = []
        if case .sequence(let sequence) = value {
            for item in sequence {
                guard case .mapping = item else {
                    throw ScenarioError("'\(key)' must be a map of name: value (or a list of such maps), not a list of \(describe(item))", at: location(item))
                }
                pairs += try mapEntries(item, keys: nil, context: key)
            }
        } else {
            guard case .mapping = value else {
                throw ScenarioError("'\(key)' must be a map of name: value, not \(describe(value))", at: location(value))
            }
            pairs = try mapEntries(value, keys: nil, context: key)
        }
        var result: [(name: String, value: String)] = []
        for pair in pairs {
            guard !pair.key.isEmpty, pair.key.unicodeScalars.allSatisfy(isTokenCharacter) else {
                throw ScenarioError("'\(pair.key)' is not a valid header name", at: pair.keyLocation)
            }
            let text = try scalarText(pair.value, key: "\(key).\(pair.key)", expected: "a single value", allowNull: true)
            if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
                throw ScenarioError("header '\(pair.key)' cannot contain a line break", at: location(pair.value))
            }
            result.append((name: pair.key, value: text))
        }
        return result
    }

    /// A body: text as written, or a map or list written as compact JSON.
    func body(_ value: Node) throws(ScenarioError) -> String? {
        switch value {
        case .scalar:
            if isNull(value) { return nil }
            return value.scalar?.string
        case .mapping, .sequence:
            return json(value).render(pretty: false)
        case .alias:
            return nil
        }
    }

    func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            let text = scalar.string
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if let integer = Int(text) { return .int(integer) }
            if text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
               let number = Double(text), number.isFinite {
                return .double(number)
            }
            return .string(text)
        case .mapping(let mapping):
            return .object(mapping.map { (key, value) in (key.scalar?.string ?? "", json(value)) })
        case .sequence(let sequence):
            return .array(sequence.map { json($0) })
        case .alias:
            return .null
        }
    }

    func status(_ value: Node, key: String) throws(ScenarioError) -> Int {
        try integer(value, key: key, in: 100...599, what: "an HTTP status")
    }

    func integer(_ value: Node, key: String, in range: ClosedRange<Int>, what: String = "a whole number") throws(ScenarioError) -> Int {
        let text = try scalarText(value, key: key, expected: what)
        let trimmed = text.trimmingWhitespace
        guard let number = Int(trimmed) else {
            if trimmed.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" }), trimmed.contains(where: \.isNumber) {
                throw ScenarioError("'\(key)' must be at most \(range.upperBound), not \(trimmed)", at: location(value))
            }
            throw ScenarioError("'\(key)' must be \(what) from \(range.lowerBound) to \(range.upperBound), not '\(text)'", at: location(value))
        }
        guard range.contains(number) else {
            if number > range.upperBound {
                throw ScenarioError("'\(key)' must be at most \(range.upperBound), not \(number)", at: location(value))
            }
            throw ScenarioError("'\(key)' must be \(what) from \(range.lowerBound) to \(range.upperBound), not \(number)", at: location(value))
        }
        return number
    }

    func duration(_ value: Node, key: String) throws(ScenarioError) -> Int64 {
        if isNull(value) { return 0 }
        let text = try scalarText(value, key: key, expected: "a duration such as 250ms or 2s")
        switch ScenarioDuration.milliseconds(text) {
        case .failure(let error):
            throw ScenarioError("bad duration for '\(key)': \(error.message)", at: location(value))
        case .success(let milliseconds):
            guard milliseconds <= ScenarioDuration.maximumMilliseconds else {
                throw ScenarioError("'\(key)' must be at most 24h, not \(text)", at: location(value))
            }
            return milliseconds
        }
    }

    func bool(_ value: Node, key: String) throws(ScenarioError) -> Bool {
        let text = try scalarText(value, key: key, expected: "true or false")
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw ScenarioError("'\(key)' must be true or false, not '\(text)'", at: location(value))
        }
    }

    func choice<T>(_ value: Node, key: String, _ options: [String], _ make: (String) -> T?) throws(ScenarioError) -> T {
        let text = try scalarText(value, key: key, expected: options.joined(separator: " or "))
        if let result = make(text) { return result }
        let list = options.count == 2 ? options.joined(separator: " or ")
            : options.dropLast().joined(separator: ", ") + " or " + (options.last ?? "")
        var message = "'\(key)' must be \(list), not '\(text)'"
        if let suggestion = closestMatch(to: text, in: options) { message += "; did you mean '\(suggestion)'?" }
        throw ScenarioError(message, at: location(value))
    }

    func list(_ value: Node, key: String, of what: String) throws(ScenarioError) -> [Node] {
        guard case .sequence(let sequence) = value else {
            throw ScenarioError("'\(key)' must be a list of \(what) ([a, b]), not \(describe(value))", at: location(value))
        }
        return Array(sequence)
    }

    /// A path to a file or folder that must exist, resolved against the scenario's folder.
    private func existingPath(_ value: Node, key: String, what: String, folder: Bool) throws(ScenarioError) -> String {
        let written = try scalarText(value, key: key, expected: folder ? "a folder" : "a file path")
        if written.isEmpty { throw ScenarioError("'\(key)' cannot be empty", at: location(value)) }
        // `main.bicep#apiPolicy`: a policy a Bicep, Terraform or ARM file deploys (Docs/iac.md).
        if !folder, let hash = written.lastIndex(of: "#"), IaCKind.of(path: String(written[..<hash])) != nil {
            let iacFile = String(written[..<hash])
            let resolved = ScenarioLoader.resolve(iacFile, relativeTo: file.path)
            guard FileTree.kind(resolved) == .file else {
                throw ScenarioError("\(what) '\(written)': the file '\(iacFile)' does not exist\(resolved == iacFile ? "" : " (looked for \(resolved))")", at: location(value))
            }
            return resolved + String(written[hash...])
        }
        let resolved = ScenarioLoader.resolve(written, relativeTo: file.path)
        let lookedFor = resolved == written ? "" : " (looked for \(resolved))"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            throw ScenarioError("\(what) '\(written)' does not exist\(lookedFor)", at: location(value))
        }
        if folder && !isDirectory.boolValue {
            throw ScenarioError("\(what) '\(written)' is a file, not a folder", at: location(value))
        }
        if !folder && isDirectory.boolValue {
            throw ScenarioError("\(what) '\(written)' is a folder, not a file", at: location(value))
        }
        return resolved
    }

    /// The text of a scalar; maps and lists are type errors. A YAML null is an error unless allowed (then "").
    func scalarText(_ value: Node, key: String, expected: String, allowNull: Bool = false) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = value else {
            throw ScenarioError("'\(key)' must be \(expected), not \(describe(value))", at: location(value))
        }
        if isNull(value) {
            if allowNull { return "" }
            throw ScenarioError("'\(key)' must be \(expected), but it is empty", at: location(value))
        }
        return scalar.string
    }

    func optionalText(_ value: Node, key: String) throws(ScenarioError) -> String? {
        if isNull(value) { return nil }
        return try scalarText(value, key: key, expected: "text")
    }

    /// The entries of a map, merge keys (`<<: *defaults`) applied, unknown keys refused.
    /// `keys == nil` accepts any key. `context` names the map in messages.
    func mapEntries(_ node: Node, keys: [String]?, context: String?) throws(ScenarioError) -> [YAMLEntry] {
        guard case .mapping(let mapping) = node else {
            let name = context.map { "'\($0)'" } ?? "the scenario"
            throw ScenarioError("\(name) must be a map, not \(describe(node))", at: location(node))
        }
        var explicit: [YAMLEntry] = []
        var merged: [YAMLEntry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                throw ScenarioError("a key must be a plain name, not \(describe(keyNode))", at: location(keyNode))
            }
            let key = keyScalar.string
            if key == "<<", keyScalar.style == .plain || keyScalar.style == .any {
                let sources: [Node]
                if case .sequence(let sequence) = value { sources = Array(sequence) } else { sources = [value] }
                for source in sources {
                    guard case .mapping = source else {
                        throw ScenarioError("a merge key (<<) must name a map", at: location(source))
                    }
                    for entry in try mapEntries(source, keys: keys, context: context) where !merged.contains(where: { $0.key == entry.key }) {
                        merged.append(entry)
                    }
                }
                continue
            }
            if let keys, !keys.contains(key) {
                var message = "unknown key '\(key)'"
                if let context { message += " in \(context)" }
                if let suggestion = closestMatch(to: key, in: keys) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; expected one of: \(keys.joined(separator: ", "))"
                }
                throw ScenarioError(message, at: location(keyNode))
            }
            explicit.append(YAMLEntry(key: key, keyLocation: location(keyNode), value: value))
        }
        for entry in merged where !explicit.contains(where: { $0.key == entry.key }) {
            explicit.append(entry)
        }
        return explicit
    }

    // MARK: Helpers

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a map"
        case .sequence: "a list"
        case .scalar(let scalar): isNull(node) ? "empty" : "'\(scalar.string)'"
        case .alias: "an alias"
        }
    }

    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return file.location(at: 0) }
        return location(mark)
    }

    func location(_ mark: Mark) -> SourceLocation {
        SourceLocation(path: file.path, line: mark.line, column: mark.column, offset: file.offset(line: mark.line, column: mark.column) ?? 0)
    }

    func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value > 0x20, scalar.value < 0x7F else { return false }
        return !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains(scalar)
    }
}
