import PolicySource

/// Checks a catalog of backends against what APIM accepts and what the simulator can use.
/// Every finding points at the offending value in the original file.
///
/// Rule ids:
/// `backend-url`, `backend-protocol`, `backend-pool-url`, `backend-pool-empty`, `backend-pool-size`,
/// `backend-pool-nested`, `backend-pool-member`, `backend-pool-priority`, `backend-pool-weight`,
/// `backend-breaker-rules`, `backend-breaker-duration`, `backend-breaker-condition`,
/// `backend-breaker-status`, `backend-breaker-retry-after`, `backend-unresolved`, `backend-unknown-key`.
public enum BackendValidator {
    /// The most backends a pool may hold.
    public static let maximumPoolSize = 30
    /// The first API version that knows `acceptRetryAfter`.
    public static let acceptRetryAfterAPIVersion = "2023-09-01-preview"

    /// All findings for the catalog, ordered by location.
    public static func validate(_ catalog: BackendCatalog) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for backend in catalog.backends {
            validate(backend, in: catalog, into: &out)
        }
        return out.sorted { $0.location < $1.location }
    }

    /// Property names the backend resource knows, by object; anything else is a likely typo.
    static let knownKeys: [String: Set<String>] = [
        "properties": ["url", "protocol", "description", "title", "resourceId", "credentials", "proxy", "tls",
                       "properties", "circuitBreaker", "pool", "type", "azureRegion", "apiVersion"],
        "circuitBreaker": ["rules"],
        "rule": ["name", "tripDuration", "acceptRetryAfter", "failureCondition"],
        "failureCondition": ["count", "percentage", "interval", "statusCodeRanges", "errorReasons"],
        "statusCodeRange": ["min", "max"],
        "pool": ["services", "sessionAffinity"],
        "service": ["id", "priority", "weight", "preferredCarbonEmission"],
    ]

    private static func checkKeys(_ value: ConfigValue?, _ kind: String, _ out: inout [Diagnostic]) {
        guard let entries = value?.entries, let known = knownKeys[kind] else { return }
        let lowered = Set(known.map { $0.lowercased() })
        for entry in entries where !lowered.contains(entry.key.lowercased()) {
            var message = "unknown backend property '\(entry.key)'"
            if let suggestion = closestMatch(to: entry.key, in: known) { message += "; did you mean '\(suggestion)'?" }
            out.append(Diagnostic(.warning, "backend-unknown-key", message, at: entry.keyLocation))
        }
    }

    private static func checkAllKeys(_ props: ConfigValue, _ out: inout [Diagnostic]) {
        checkKeys(props, "properties", &out)
        if let breaker = props["circuitBreaker"] {
            checkKeys(breaker, "circuitBreaker", &out)
            for rule in breaker["rules"]?.elements ?? [] {
                checkKeys(rule, "rule", &out)
                checkKeys(rule["failureCondition"], "failureCondition", &out)
                for range in rule["failureCondition"]?["statusCodeRanges"]?.elements ?? [] {
                    checkKeys(range, "statusCodeRange", &out)
                }
            }
        }
        if let pool = props["pool"] {
            checkKeys(pool, "pool", &out)
            for service in pool["services"]?.elements ?? [] { checkKeys(service, "service", &out) }
        }
    }

    static func validate(_ backend: Backend, in catalog: BackendCatalog, into out: inout [Diagnostic]) {
        let props = backend.properties
        checkAllKeys(props, &out)
        if backend.isPool {
            validatePool(backend, props, catalog, &out)
        } else {
            validateSingle(backend, props, &out)
        }
        validateBreaker(backend, props, &out)
    }

    private static func validateSingle(_ backend: Backend, _ props: ConfigValue, _ out: inout [Diagnostic]) {
        if let url = props.entry("url") {
            switch url.value.kind {
            case .string(let text):
                if text.isEmpty {
                    out.append(Diagnostic(.error, "backend-url", "backend '\(backend.id)' has an empty url", at: url.value.location))
                } else if !(text.lowercased().hasPrefix("http://") || text.lowercased().hasPrefix("https://")) {
                    out.append(Diagnostic(.warning, "backend-url",
                                          "url '\(text)' of backend '\(backend.id)' is not an absolute http or https URL",
                                          at: url.value.location))
                }
            case .unresolved:
                break // A placeholder for a value known only at deployment: fine.
            default:
                out.append(Diagnostic(.error, "backend-url", "url of backend '\(backend.id)' must be a string, not \(url.value.typeName)",
                                      at: url.value.location))
            }
        } else {
            out.append(Diagnostic(.error, "backend-url", "backend '\(backend.id)' has no url (a single backend needs one)",
                                  at: backend.location))
        }
        if let proto = props.entry("protocol"), let text = proto.value.string,
           text.lowercased() != "http", text.lowercased() != "soap" {
            out.append(Diagnostic(.error, "backend-protocol", "protocol '\(text)' of backend '\(backend.id)' must be 'http' or 'soap'",
                                  at: proto.value.location))
        }
    }

    private static func validatePool(_ backend: Backend, _ props: ConfigValue, _ catalog: BackendCatalog, _ out: inout [Diagnostic]) {
        if let url = props.entry("url"), !url.value.isNull {
            out.append(Diagnostic(.error, "backend-pool-url", "Url is not supported for backend pool.", at: url.keyLocation))
        }
        if let proto = props.entry("protocol"), !proto.value.isNull {
            out.append(Diagnostic(.error, "backend-pool-url", "Protocol is not supported for backend pool.", at: proto.keyLocation))
        }
        guard let services = props["pool"]?["services"], let list = services.elements, !list.isEmpty else {
            let at = props["pool"]?["services"]?.location ?? props["pool"]?.location ?? backend.location
            out.append(Diagnostic(.error, "backend-pool-empty", "backend pool '\(backend.id)' has no pool.services", at: at))
            return
        }
        if list.count > maximumPoolSize {
            out.append(Diagnostic(.error, "backend-pool-size",
                                  "backend pool '\(backend.id)' has \(list.count) backends; a pool holds at most \(maximumPoolSize)",
                                  at: services.location))
        }
        var seen: Set<String> = []
        for service in list {
            guard let idValue = service["id"] else {
                out.append(Diagnostic(.error, "backend-pool-member", "pool member needs an 'id' such as '/backends/backend1'",
                                      at: service.location))
                continue
            }
            switch idValue.kind {
            case .string(let text), .unresolved(let text):
                let memberID = BackendDecoder.memberBackendID(text)
                if case .unresolved = idValue.kind, memberID.contains("${") {
                    out.append(Diagnostic(.warning, "backend-unresolved",
                                          "pool member id '\(text)' cannot be known offline", at: idValue.location))
                    break
                }
                if let member = catalog[memberID] {
                    if member.isPool {
                        out.append(Diagnostic(.error, "backend-pool-nested",
                                              "backend pool '\(backend.id)' cannot contain another pool ('\(member.id)')",
                                              at: idValue.location))
                    }
                } else {
                    var message = "pool member '\(text)' names no backend"
                    if let suggestion = closestMatch(to: memberID, in: catalog.ids) {
                        message += "; did you mean '/backends/\(suggestion)'?"
                    } else if !catalog.isEmpty {
                        message += " (known: \(catalog.ids.joined(separator: ", ")))"
                    }
                    out.append(Diagnostic(.error, "backend-pool-member", message, at: idValue.location))
                }
                if !seen.insert(memberID.lowercased()).inserted {
                    out.append(Diagnostic(.warning, "backend-pool-member",
                                          "backend '\(memberID)' is listed twice in pool '\(backend.id)'", at: idValue.location))
                }
            default:
                out.append(Diagnostic(.error, "backend-pool-member", "pool member id must be a string, not \(idValue.typeName)",
                                      at: idValue.location))
            }
            for key in ["priority", "weight"] {
                guard let value = service[key], !value.isNull else { continue }
                let rule = "backend-pool-\(key)"
                if value.isUnresolved {
                    out.append(Diagnostic(.warning, "backend-unresolved",
                                          "\(key) \(value.text ?? "") cannot be known offline; treated as absent", at: value.location))
                } else if let n = value.integer {
                    if n < 0 || n > 100 {
                        out.append(Diagnostic(.error, rule, "\(key) \(n) is outside 0…100", at: value.location))
                    }
                } else {
                    out.append(Diagnostic(.error, rule, "\(key) must be a whole number 0…100, not \(value)", at: value.location))
                }
            }
        }
        checkMixedWeights(backend, list, &out)
    }

    /// Absent weights next to present ones in the same priority group count as 1: say so.
    private static func checkMixedWeights(_ backend: Backend, _ list: [ConfigValue], _ out: inout [Diagnostic]) {
        var groups: [Int: [ConfigValue]] = [:]
        for service in list { groups[service["priority"]?.integer ?? 0, default: []].append(service) }
        for (_, services) in groups.sorted(by: { $0.key < $1.key }) {
            let weighted = services.filter { $0["weight"].map { !$0.isNull } ?? false }
            guard !weighted.isEmpty, weighted.count < services.count,
                  let unweighted = services.first(where: { $0["weight"].map(\.isNull) ?? true }) else { continue }
            out.append(Diagnostic(.warning, "backend-pool-weight",
                                  "this member of pool '\(backend.id)' has no weight while others of its priority do; it counts as weight 1",
                                  at: unweighted.location))
        }
    }

    private static func validateBreaker(_ backend: Backend, _ props: ConfigValue, _ out: inout [Diagnostic]) {
        guard let breaker = props["circuitBreaker"], !breaker.isNull else { return }
        guard let rules = breaker["rules"]?.elements else {
            out.append(Diagnostic(.error, "backend-breaker-rules", "circuitBreaker needs a 'rules' list", at: breaker.location))
            return
        }
        if rules.count > 1 {
            out.append(Diagnostic(.error, "backend-breaker-rules",
                                  "backend '\(backend.id)' has \(rules.count) circuit-breaker rules; only one rule is supported",
                                  at: rules[1].location))
        }
        guard let rule = rules.first else { return }
        let short = backend.origin == .inline
        checkDuration(rule, "tripDuration", required: true, short: short, &out)
        if let accept = rule.entry("acceptRetryAfter"), accept.value.bool == true,
           let version = backend.apiVersion, isOlder(version, than: acceptRetryAfterAPIVersion) {
            out.append(Diagnostic(.warning, "backend-breaker-retry-after",
                                  "acceptRetryAfter needs API version \(acceptRetryAfterAPIVersion) or later; this backend uses \(version)",
                                  at: accept.keyLocation))
        }
        guard let condition = rule["failureCondition"], condition.entries != nil else {
            out.append(Diagnostic(.error, "backend-breaker-condition", "circuit-breaker rule needs a failureCondition",
                                  at: rule.location))
            return
        }
        checkDuration(condition, "interval", required: true, short: short, &out)
        let count = condition.entry("count")
        let percentage = condition.entry("percentage")
        switch (count, percentage) {
        case (nil, nil):
            out.append(Diagnostic(.error, "backend-breaker-condition", "failureCondition needs 'count' or 'percentage'",
                                  at: condition.location))
        case (.some, .some):
            out.append(Diagnostic(.error, "backend-breaker-condition", "failureCondition takes 'count' or 'percentage', not both",
                                  at: percentage?.keyLocation ?? condition.location))
        case (.some(let c), nil):
            checkInteger(c.value, "count", 1...Int.max, &out)
        case (nil, .some(let p)):
            checkInteger(p.value, "percentage", 1...100, &out)
        }
        let ranges = condition["statusCodeRanges"]?.elements ?? []
        let reasons = condition["errorReasons"]?.elements ?? []
        if ranges.isEmpty && reasons.isEmpty {
            out.append(Diagnostic(.warning, "backend-breaker-condition",
                                  "failureCondition has no statusCodeRanges and no errorReasons: the circuit never trips",
                                  at: condition.location))
        }
        for range in ranges {
            let min = range["min"], max = range["max"]
            guard let minValue = min?.integer, let maxValue = max?.integer else {
                out.append(Diagnostic(.error, "backend-breaker-status", "status code range needs whole-number 'min' and 'max'",
                                      at: range.location))
                continue
            }
            for (value, node) in [(minValue, min!), (maxValue, max!)] where value < 200 || value > 599 {
                out.append(Diagnostic(.error, "backend-breaker-status", "status code \(value) is outside 200…599", at: node.location))
            }
            if minValue > maxValue {
                out.append(Diagnostic(.error, "backend-breaker-status", "status code range min \(minValue) is greater than max \(maxValue)",
                                      at: range.location))
            }
        }
    }

    private static func checkDuration(_ object: ConfigValue, _ key: String, required: Bool, short: Bool, _ out: inout [Diagnostic]) {
        guard let value = object[key], !value.isNull else {
            if required {
                out.append(Diagnostic(.error, "backend-breaker-duration", "'\(key)' is missing (an ISO 8601 duration such as PT1M)",
                                      at: object.location))
            }
            return
        }
        switch value.kind {
        case .string(let text):
            do {
                let ms = try ISO8601Duration.milliseconds(text, allowingShortForms: short)
                if ms == 0 {
                    out.append(Diagnostic(.error, "backend-breaker-duration", "\(key) '\(text)' must be longer than zero", at: value.location))
                }
            } catch {
                out.append(Diagnostic(.error, "backend-breaker-duration", "\(key): \(error.message)", at: value.location))
            }
        case .unresolved(let text):
            out.append(Diagnostic(.warning, "backend-unresolved", "\(key) \(text) cannot be known offline; the rule is ignored",
                                  at: value.location))
        default:
            out.append(Diagnostic(.error, "backend-breaker-duration", "\(key) must be an ISO 8601 duration string, not \(value.typeName)",
                                  at: value.location))
        }
    }

    private static func checkInteger(_ value: ConfigValue, _ key: String, _ range: ClosedRange<Int>, _ out: inout [Diagnostic]) {
        if value.isUnresolved {
            out.append(Diagnostic(.warning, "backend-unresolved", "\(key) \(value.text ?? "") cannot be known offline; the rule is ignored",
                                  at: value.location))
        } else if let n = value.integer {
            if !range.contains(n) {
                let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound)…\(range.upperBound)"
                out.append(Diagnostic(.error, "backend-breaker-condition", "\(key) \(n) must be \(bounds)", at: value.location))
            }
        } else {
            out.append(Diagnostic(.error, "backend-breaker-condition", "\(key) must be a whole number, not \(value)", at: value.location))
        }
    }

    /// Compares ARM API versions by date; on the same date a `-preview` is older than the GA version.
    static func isOlder(_ version: String, than reference: String) -> Bool {
        let a = version.prefix(10), b = reference.prefix(10)
        if a != b { return a < b }
        return false
    }
}
