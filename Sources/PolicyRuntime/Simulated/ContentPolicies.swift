import DotNet
import PolicyExpressions
import PolicyModel

/// What the content policies remember during one request.
struct ContentState {
    /// The response-cache key computed by `cache-lookup` on a miss, for `cache-store`.
    var responseCacheKey: String?
    var downstreamCaching: (type: String, mustRevalidate: Bool)?
    /// The semantic-cache key computed by a semantic cache lookup on a miss.
    var semanticCacheKey: String?
    /// After a cache hit, outbound policies are skipped up to and including this store policy.
    var skipUntil: Set<String>?
    /// CORS headers for the final response of an actual (non-preflight) cross-origin request.
    var corsHeaders: [(String, String)] = []
    /// `proxy`: the proxy forward-request calls go through.
    var proxy: String?
}

/// A cache-lookup hit: the rest of inbound and backend are skipped, outbound continues after cache-store.
struct CacheHit: Error, Sendable {}

/// Policies of the rest of the gateway: response caching, CORS, content transformation and liquid templates.
extension RequestExecution {
    /// Runs `policy` when it belongs to this family; `false` when it does not.
    func runContentPolicy(_ policy: Policy) throws -> Bool {
        switch policy.kind {
        case .cacheLookup(let lookup):
            try cacheLookup(lookup, policy)
            return true
        case .cacheStore(let store):
            try cacheStore(store, policy)
            return true
        default:
            break
        }
        switch policy.name {
        case "azure-openai-semantic-cache-lookup", "llm-semantic-cache-lookup": try semanticCacheLookup(policy)
        case "azure-openai-semantic-cache-store", "llm-semantic-cache-store": try semanticCacheStore(policy)
        case "cors": try cors(policy)
        case "cross-domain": try crossDomain(policy)
        case "jsonp": try jsonp(policy)
        case "find-and-replace": try findAndReplace(policy)
        case "redirect-content-urls": redirectContentUrls(policy)
        case "json-to-xml": try jsonToXml(policy)
        case "xml-to-json": try xmlToJson(policy)
        case "xsl-transform":
            record(.warning, policy, "'xsl-transform' is not simulated (policycheck has no XSLT processor); the body is left unchanged")
        case "proxy":
            let url = try text(policy.element["url"], in: policy) ?? ""
            let user = try text(policy.element["username"], in: policy)
            content.proxy = url
            record(.policy, policy, "backend calls go through proxy \(url)\(user.map { " as \($0)" } ?? "") (recorded; the simulated calls are unchanged)")
        default:
            return false
        }
        return true
    }

    /// True when a cache hit skips this outbound policy (policies before the matching store).
    func skippedAfterCacheHit(_ policy: Policy) -> Bool {
        guard let stores = content.skipUntil, section == .outbound else { return false }
        if stores.contains(policy.name) {
            content.skipUntil = nil
            record(.policy, policy, "cached response: processing continues after this policy")
            return true
        }
        if case .base = policy.kind { return false }
        return !Self.contains(policy.element, names: stores)
    }

    static func contains(_ element: Element, names: Set<String>) -> Bool {
        element.policies.contains { names.contains($0.name) || contains($0.element, names: names) }
            || element.elements.contains { contains($0, names: names) }
    }

    /// After the pipeline: CORS headers go on the response of an accepted cross-origin request.
    func finishContentPolicies() {
        for (name, value) in content.corsHeaders where context.response.headers.values(name) == nil {
            context.response.headers.set(name, [value])
        }
    }

    // MARK: Response cache

    func cacheLookup(_ lookup: CacheLookup, _ policy: Policy) throws {
        let byDeveloper = try bool(lookup.varyByDeveloper, default: false, in: policy)
        let byGroups = try bool(lookup.varyByDeveloperGroups, default: false, in: policy)
        let allowPrivate = try bool(policy.element["allow-private-response-caching"], default: false, in: policy)
        let downstream = (try text(lookup.downstreamCachingType, in: policy) ?? "none").lowercased()
        let mustRevalidate = try bool(policy.element["must-revalidate"], default: true, in: policy)
        guard context.request.method == "GET" else {
            record(.policy, policy, "\(context.request.method) request: APIM looks up only GET requests in the response cache")
            return
        }
        if context.request.headers.values("Authorization") != nil, !allowPrivate {
            record(.policy, policy, "the request has an Authorization header and allow-private-response-caching is false: not cached")
            return
        }
        var parts = ["GET", context.request.url.host.lowercased(), context.request.url.path]
        var names: [String] = []
        for value in lookup.varyByQueryParameters {
            for name in (try text(value, in: policy) ?? "").split(separator: ";") { names.append(String(name).trimmingSpaces()) }
        }
        for name in names.sorted() {
            let values = context.request.url.query.first { $0.0 == name }?.1 ?? []
            parts.append("q:\(name)=\(values.joined(separator: ","))")
        }
        for value in lookup.varyByHeaders {
            let name = try text(value, in: policy) ?? ""
            parts.append("h:\(name.lowercased())=\(context.request.headers.values(name)?.joined(separator: ",") ?? "")")
        }
        if byDeveloper { parts.append("developer:" + (context.user?.id ?? context.subscription?.id ?? "anonymous")) }
        if byGroups { parts.append("groups:" + (context.user?.groups.sorted().joined(separator: ",") ?? "")) }
        let key = parts.joined(separator: "|")
        content.downstreamCaching = downstream == "none" ? nil : (downstream, mustRevalidate)
        if let entry = gateway.store.responses[key], entry.expires > now {
            context.response = ResponseData(statusCode: Int32(clamping: entry.status), statusReason: entry.reason,
                headers: HeaderDictionary(entry.headers), body: MessageBody(bytes: entry.body))
            applyDownstreamCaching(remaining: entry.expires - now)
            content.skipUntil = ["cache-store"]
            record(.policy, policy, "cache hit for \(key): \(entry.status) \(entry.reason) returned without calling the backend (expires in \(entry.expires - now)ms)")
            throw CacheHit()
        }
        content.responseCacheKey = key
        record(.policy, policy, "cache miss for \(key)")
    }

    func cacheStore(_ store: CacheStore, _ policy: Policy) throws {
        let seconds = try self.seconds(store.duration, default: 0, in: policy)
        let anyStatus = try bool(store.cacheResponse, default: false, in: policy)
        guard let key = content.responseCacheKey else {
            record(.policy, policy, "nothing stored: no cache-lookup missed for this request (not GET, private, or no lookup)")
            return
        }
        let status = Int(context.response.statusCode)
        guard status == 200 || anyStatus else {
            record(.policy, policy, "status \(status) is not stored (only 200 OK unless cache-response=\"true\")")
            return
        }
        let milliseconds = Int64(min(max(0, seconds), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        let response = context.response
        gateway.store.responses[key] = (status, response.statusReason, response.headers.entries.map { ($0.name, $0.values) },
                                        response.body?.bytes ?? [], now &+ milliseconds)
        applyDownstreamCaching(remaining: milliseconds)
        record(.policy, policy, "stored \(status) \(response.statusReason) for \(milliseconds)ms under \(key)")
    }

    /// `downstream-caching-type` private/public: `Cache-Control` tells clients how long they may keep it.
    func applyDownstreamCaching(remaining milliseconds: Int64) {
        guard let downstream = content.downstreamCaching else { return }
        var value = "\(downstream.type), max-age=\(max(0, milliseconds / 1000))"
        if downstream.mustRevalidate { value += ", must-revalidate" }
        context.response.headers.set("Cache-Control", [value])
    }

    // MARK: Semantic cache (simulated by exact match)

    func semanticCacheLookup(_ policy: Policy) throws {
        let threshold = try text(policy.element["score-threshold"], in: policy) ?? ""
        let embeddings = try text(policy.element["embeddings-backend-id"], in: policy) ?? ""
        let ignoreSystem = try bool(policy.element["ignore-system-messages"], default: false, in: policy)
        let maxMessages = policy.element["max-message-count"] == nil ? nil : try integer(policy.element["max-message-count"], default: 0, in: policy)
        var varyBy: [String] = []
        for child in policy.element.elements(named: "vary-by") { varyBy.append(try text(child.text, in: policy) ?? "") }
        let prompt = Self.normalisedPrompt(context.request.body, ignoreSystem: ignoreSystem, maxMessages: maxMessages)
        let key = "semantic|\(try text(policy.element["cache-id"], in: policy) ?? "")|\(varyBy.joined(separator: "|"))|\(prompt)"
        if let entry = gateway.store.responses[key], entry.expires > now {
            context.response = ResponseData(statusCode: Int32(clamping: entry.status), statusReason: entry.reason,
                headers: HeaderDictionary(entry.headers), body: MessageBody(bytes: entry.body))
            content.skipUntil = ["azure-openai-semantic-cache-store", "llm-semantic-cache-store"]
            record(.policy, policy, "semantic cache hit (simulated as an exact match of the normalised prompt; score-threshold \(threshold) not applied, embeddings backend '\(embeddings)' not called): cached \(entry.status) returned")
            throw CacheHit()
        }
        content.semanticCacheKey = key
        record(.policy, policy, "semantic cache miss for prompt \"\(prompt.prefix(80))\" (exact-match simulation; score-threshold \(threshold))")
    }

    func semanticCacheStore(_ policy: Policy) throws {
        let seconds = try self.seconds(policy.element["duration"], default: 0, in: policy)
        guard let key = content.semanticCacheKey else {
            record(.policy, policy, "nothing stored: no semantic cache lookup missed for this request")
            return
        }
        let status = Int(context.response.statusCode)
        guard status == 200 else {
            record(.policy, policy, "status \(status) is not stored (only 200 OK completions are cached)")
            return
        }
        let milliseconds = Int64(min(max(0, seconds), Double(RuntimeLimits.maxVirtualMilliseconds) / 1000) * 1000)
        let response = context.response
        gateway.store.responses[key] = (status, response.statusReason, response.headers.entries.map { ($0.name, $0.values) },
                                        response.body?.bytes ?? [], now &+ milliseconds)
        record(.policy, policy, "completion stored in the semantic cache for \(milliseconds)ms")
    }

    /// The prompt a semantic cache compares: chat `messages` contents (or `prompt`), lower-cased,
    /// white space collapsed.
    static func normalisedPrompt(_ body: MessageBody?, ignoreSystem: Bool, maxMessages: Int?) -> String {
        guard let body, !body.bytes.isEmpty else { return "" }
        let text = String(decoding: body.bytes, as: UTF8.self)
        var pieces: [String] = []
        if let json = try? JToken.parse(text, parseDates: false) as? JObject {
            if let messages = json["messages"] as? JArray {
                var items = messages.values.compactMap { $0 as? JObject }
                if ignoreSystem { items.removeAll { ($0["role"] as? JValue)?.description == "system" } }
                if let maxMessages, maxMessages > 0 { items = Array(items.suffix(maxMessages)) }
                for item in items {
                    let role = (item["role"] as? JValue)?.description ?? ""
                    let content = item["content"].map { ($0 as? JValue)?.description ?? JToken.serializeObject($0) } ?? ""
                    pieces.append(role + ": " + content)
                }
            } else if let prompt = json["prompt"] {
                pieces.append((prompt as? JValue)?.description ?? JToken.serializeObject(prompt))
            } else {
                pieces.append(text)
            }
        } else {
            pieces.append(text)
        }
        return pieces.joined(separator: "\n").lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    // MARK: CORS and cross-domain

    func cors(_ policy: Policy) throws {
        let element = policy.element
        let allowCredentials = try bool(element["allow-credentials"], default: false, in: policy)
        let terminate = try bool(element["terminate-unmatched-request"], default: true, in: policy)
        var origins: [String] = []
        for origin in element.elements(named: "allowed-origins").flatMap({ $0.elements(named: "origin") }) {
            if let value = try text(origin.text, in: policy) { origins.append(value.trimmingSpaces()) }
        }
        let methodsElement = element.elements(named: "allowed-methods").first
        var methods: [String] = []
        for method in methodsElement?.elements(named: "method") ?? [] {
            if let value = try text(method.text, in: policy) { methods.append(value.trimmingSpaces().uppercased()) }
        }
        if methodsElement == nil { methods = ["GET", "POST"] }
        let maxAge = try integer(methodsElement?["preflight-result-max-age"], default: 0, in: policy)
        var allowedHeaders: [String] = []
        for header in element.elements(named: "allowed-headers").flatMap({ $0.elements(named: "header") }) {
            if let value = try text(header.text, in: policy) { allowedHeaders.append(value.trimmingSpaces()) }
        }
        var exposed: [String] = []
        for header in element.elements(named: "expose-headers").flatMap({ $0.elements(named: "header") }) {
            if let value = try text(header.text, in: policy) { exposed.append(value.trimmingSpaces()) }
        }

        guard let origin = context.request.headers.values("Origin")?.first else {
            record(.policy, policy, "no Origin header: not a cross-origin request")
            return
        }
        let anyOrigin = origins.contains("*")
        let originAllowed = anyOrigin || origins.contains { Self.sameOrigin($0, origin) }
        let allowOrigin = anyOrigin && !allowCredentials ? "*" : origin
        let requestedMethod = context.request.headers.values("Access-Control-Request-Method")?.first
        if context.request.method == "OPTIONS", let requestedMethod {
            let requestedHeaders = (context.request.headers.values("Access-Control-Request-Headers") ?? [])
                .flatMap { $0.split(separator: ",") }.map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            let methodAllowed = methods.contains("*") || methods.contains(requestedMethod.uppercased())
            let anyHeader = allowedHeaders.contains("*")
            let deniedHeaders = requestedHeaders.filter { requested in !anyHeader && !allowedHeaders.contains { $0.lowercased() == requested.lowercased() } }
            guard originAllowed, methodAllowed, deniedHeaders.isEmpty else {
                let why = !originAllowed ? "origin \(origin) is not allowed"
                    : (!methodAllowed ? "method \(requestedMethod) is not allowed" : "header(s) \(deniedHeaders.joined(separator: ", ")) not allowed")
                if terminate {
                    context.response = ResponseData(statusCode: 200, statusReason: "OK")
                    record(.policy, policy, "preflight rejected (\(why)): empty 200 OK without CORS headers; the rest of the pipeline is skipped")
                    throw ResponseReturned()
                }
                record(.policy, policy, "preflight not matched (\(why)); terminate-unmatched-request is false, so processing continues")
                return
            }
            var headers: [(String, [String])] = [("Access-Control-Allow-Origin", [allowOrigin])]
            if allowCredentials { headers.append(("Access-Control-Allow-Credentials", ["true"])) }
            headers.append(("Access-Control-Allow-Methods", [requestedMethod.uppercased()]))
            if !requestedHeaders.isEmpty { headers.append(("Access-Control-Allow-Headers", [requestedHeaders.joined(separator: ",")])) }
            if maxAge > 0 { headers.append(("Access-Control-Max-Age", [String(maxAge)])) }
            if allowOrigin != "*" { headers.append(("Vary", ["Origin"])) }
            context.response = ResponseData(statusCode: 200, statusReason: "OK", headers: HeaderDictionary(headers))
            record(.policy, policy, "preflight from \(origin) for \(requestedMethod.uppercased()) accepted: the gateway answers 200; the rest of the pipeline is skipped")
            throw ResponseReturned()
        }
        guard originAllowed else {
            if terminate {
                context.response = ResponseData(statusCode: 200, statusReason: "OK")
                record(.policy, policy, "origin \(origin) is not allowed: empty 200 OK (terminate-unmatched-request); the rest of the pipeline is skipped")
                throw ResponseReturned()
            }
            record(.policy, policy, "origin \(origin) is not allowed; the request goes on without CORS headers")
            return
        }
        content.corsHeaders = [("Access-Control-Allow-Origin", allowOrigin)]
        if allowCredentials { content.corsHeaders.append(("Access-Control-Allow-Credentials", "true")) }
        if !exposed.isEmpty { content.corsHeaders.append(("Access-Control-Expose-Headers", exposed.joined(separator: ","))) }
        if allowOrigin != "*" { content.corsHeaders.append(("Vary", "Origin")) }
        record(.policy, policy, "origin \(origin) allowed: the response gets \(content.corsHeaders.map(\.0).joined(separator: ", "))")
    }

    /// Origins compare by scheme, host and port (default ports filled in); a trailing slash is ignored.
    static func sameOrigin(_ allowed: String, _ origin: String) -> Bool {
        func normalised(_ text: String) -> String {
            var value = text.trimmingSpaces().lowercased()
            while value.hasSuffix("/") { value.removeLast() }
            guard let schemeEnd = value.range(of: "://") else { return value }
            let scheme = String(value[..<schemeEnd.lowerBound])
            var rest = String(value[schemeEnd.upperBound...])
            if let slash = rest.firstIndex(of: "/") { rest = String(rest[..<slash]) }
            if !rest.contains(":") { rest += scheme == "https" ? ":443" : (scheme == "http" ? ":80" : "") }
            return scheme + "://" + rest
        }
        return normalised(allowed) == normalised(origin)
    }

    /// `/crossdomain.xml` gets the policy's `<cross-domain-policy>`; `/clientaccesspolicy.xml`
    /// a Silverlight access policy granting the same domains and headers. Other paths pass.
    func crossDomain(_ policy: Policy) throws {
        let path = context.request.url.path.lowercased()
        if path.hasSuffix("/crossdomain.xml") {
            let document = liquidSource(policy.element, fallback: "").text.trimmingSpaces()
            context.response = ResponseData(statusCode: 200, statusReason: "OK",
                headers: HeaderDictionary([("Content-Type", ["text/xml"])]), body: MessageBody(text: document))
            record(.policy, policy, "crossdomain.xml answered by the gateway; the rest of the pipeline is skipped")
            throw ResponseReturned()
        }
        if path.hasSuffix("/clientaccesspolicy.xml") {
            let policies = policy.element.elements(named: "cross-domain-policy")
            var domains: [String] = []
            var headers: [String] = []
            for child in policies.flatMap(\.elements) {
                if let domain = child["domain"]?.text, !domains.contains(domain) { domains.append(domain) }
                if child.name == "allow-http-request-headers-from", let names = child["headers"]?.text { headers.append(names) }
            }
            if domains.isEmpty { domains = ["*"] }
            let allowFrom = headers.isEmpty ? "<allow-from>" : "<allow-from http-request-headers=\"\(headers.joined(separator: ","))\">"
            let document = "<?xml version=\"1.0\" encoding=\"utf-8\"?><access-policy><cross-domain-access><policy>" + allowFrom
                + domains.map { "<domain uri=\"\($0)\"/>" }.joined()
                + "</allow-from><grant-to><resource path=\"/\" include-subpaths=\"true\"/></grant-to></policy></cross-domain-access></access-policy>"
            context.response = ResponseData(statusCode: 200, statusReason: "OK",
                headers: HeaderDictionary([("Content-Type", ["text/xml"])]), body: MessageBody(text: document))
            record(.policy, policy, "clientaccesspolicy.xml answered by the gateway; the rest of the pipeline is skipped")
            throw ResponseReturned()
        }
        record(.policy, policy, "not a crossdomain.xml or clientaccesspolicy.xml request; nothing to answer")
    }

    func jsonp(_ policy: Policy) throws {
        let parameter = try text(policy.element["callback-parameter-name"], in: policy) ?? ""
        guard let callback = context.request.url.query.first(where: { $0.0 == parameter })?.1.first, !callback.isEmpty else {
            record(.policy, policy, "no '\(parameter)' query parameter: the response is not wrapped")
            return
        }
        let body = context.response.body.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        context.response.body = MessageBody(text: callback + "(" + body + ")")
        context.response.headers.set("Content-Type", ["application/javascript"])
        record(.policy, policy, "response wrapped in \(callback)(…)")
    }

    // MARK: Body transformations

    /// The body this section changes: the request's in inbound and backend, else the response's.
    var sectionBody: MessageBody? {
        get { onRequestSide ? context.request.body : context.response.body }
        set { if onRequestSide { context.request.body = newValue } else { context.response.body = newValue } }
    }

    var sectionHeaders: HeaderDictionary { onRequestSide ? context.request.headers : context.response.headers }

    func findAndReplace(_ policy: Policy) throws {
        let from = try text(policy.element["from"], in: policy) ?? ""
        let to = try text(policy.element["to"], in: policy) ?? ""
        let target = onRequestSide ? "request" : "response"
        guard let body = sectionBody, !from.isEmpty else {
            record(.policy, policy, "no \(target) body: nothing replaced")
            return
        }
        let original = String(decoding: body.bytes, as: UTF8.self)
        let count = original.components(separatedBy: from).count - 1
        sectionBody = MessageBody(text: original.replacingOccurrences(of: from, with: to))
        record(.policy, policy, "\(target) body: \(count) occurrence\(count == 1 ? "" : "s") of \"\(from)\" replaced with \"\(to)\"")
    }

    func redirectContentUrls(_ policy: Policy) {
        let original = context.request.originalUrl
        let defaultPort = original.scheme == "https" ? 443 : 80
        let gatewayHost = original.scheme + "://" + original.host + (original.port == defaultPort ? "" : ":\(original.port)")
        let api = apiPath.split(separator: "/").joined(separator: "/")
        let gatewayBase = api.isEmpty ? gatewayHost : gatewayHost + "/" + api
        guard let attempt = attempts.last else {
            record(.policy, policy, "no backend URL known yet (no backend call): nothing rewritten")
            return
        }
        var backendBase = attempt.url
        if let query = backendBase.firstIndex(of: "?") { backendBase = String(backendBase[..<query]) }
        let relative = backendRelativePathAndQuery.split(separator: "?").first.map(String.init) ?? ""
        if !relative.isEmpty, relative != "/", backendBase.hasSuffix(relative) { backendBase = String(backendBase.dropLast(relative.count)) }
        while backendBase.hasSuffix("/") { backendBase.removeLast() }
        let (from, to) = onRequestSide ? (gatewayBase, backendBase) : (backendBase, gatewayBase)
        guard let body = sectionBody, !from.isEmpty else {
            record(.policy, policy, "no body: nothing rewritten")
            return
        }
        let text = String(decoding: body.bytes, as: UTF8.self)
        let count = text.components(separatedBy: from).count - 1
        sectionBody = MessageBody(text: text.replacingOccurrences(of: from, with: to))
        record(.policy, policy, "\(count) link\(count == 1 ? "" : "s") rewritten from \(from) to \(to)")
    }

    /// Whether `consider-accept-header` lets the conversion run: the caller's Accept asks for
    /// `wanted` (or anything: no Accept header, `*/*`).
    func acceptAllows(_ wanted: String, _ policy: Policy) throws -> Bool {
        guard try bool(policy.element["consider-accept-header"], default: true, in: policy) else { return true }
        guard let accept = context.request.headers.values("Accept")?.joined(separator: ",").lowercased(), !accept.isEmpty else { return true }
        return accept.contains(wanted) || accept.contains("*/*")
    }

    /// The body json-to-xml or xml-to-json converts, or nil (with an event saying why) when
    /// `apply` asks for a Content-Type the body does not have, the caller's Accept header does not
    /// ask for the target format, or there is no body.
    func bodyToConvert(_ policy: Policy, apply: String, from source: String, to target: String) throws -> MessageBody? {
        let contentType = sectionHeaders.values("Content-Type")?.joined(separator: ",").lowercased() ?? ""
        guard apply == "always" || contentType.contains(source.lowercased()) else {
            record(.policy, policy, "Content-Type '\(contentType)' is not \(source): not converted (apply=content-type-\(source.lowercased()))")
            return nil
        }
        guard try acceptAllows(target.lowercased(), policy) else {
            record(.policy, policy, "the caller's Accept header does not ask for \(target): not converted (consider-accept-header)")
            return nil
        }
        guard let body = sectionBody, !body.bytes.isEmpty else {
            record(.policy, policy, "no body: nothing converted")
            return nil
        }
        return body
    }

    func jsonToXml(_ policy: Policy) throws {
        let apply = (try text(policy.element["apply"], in: policy) ?? "always").lowercased()
        guard let body = try bodyToConvert(policy, apply: apply, from: "JSON", to: "XML") else { return }
        let options = JsonToXml.Options(
            parseDate: try bool(policy.element["parse-date"], default: true, in: policy),
            namespaceSeparator: try text(policy.element["namespace-separator"], in: policy) ?? "_",
            namespacePrefix: try text(policy.element["namespace-prefix"], in: policy),
            attributeBlock: try text(policy.element["attribute-block-name"], in: policy))
        let xml: String
        do {
            xml = try JsonToXml.convert(String(decoding: body.bytes, as: UTF8.self), options)
        } catch {
            throw PolicyFailure(source: policy.name, reason: "JsonToXmlConversionFailure",
                message: "The body could not be converted: it is not valid JSON (\(error))")
        }
        sectionBody = MessageBody(text: xml)
        sectionHeaders.set("Content-Type", ["application/xml"])
        record(.policy, policy, "\(onRequestSide ? "request" : "response") body converted from JSON to XML (\(xml.utf8.count) bytes)")
    }

    func xmlToJson(_ policy: Policy) throws {
        let kind = (try text(policy.element["kind"], in: policy) ?? "direct").lowercased()
        let apply = (try text(policy.element["apply"], in: policy) ?? "always").lowercased()
        let alwaysArray = try bool(policy.element["always-array-child-elements"], default: false, in: policy)
        guard let body = try bodyToConvert(policy, apply: apply, from: "XML", to: "JSON") else { return }
        guard let json = XmlToJson.convert(String(decoding: body.bytes, as: UTF8.self), direct: kind == "direct", alwaysArray: alwaysArray) else {
            throw PolicyFailure(source: policy.name, reason: "XmlToJsonConversionFailure",
                message: "The body could not be converted: it is not well-formed XML")
        }
        sectionBody = MessageBody(text: json)
        sectionHeaders.set("Content-Type", ["application/json"])
        record(.policy, policy, "\(onRequestSide ? "request" : "response") body converted from XML to JSON (\(kind))")
    }
}
