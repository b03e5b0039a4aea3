import PolicySource

/// Turns one backend's ARM `properties` object into the model. It never fails: whatever is
/// malformed is left out of the model and reported by `BackendValidator`, which reads the same
/// `properties` with their locations.
enum BackendDecoder {
    static func backend(id: String, properties: ConfigValue, apiVersion: String?, location: SourceLocation,
                        origin: Backend.Origin) -> Backend {
        let kind: Backend.Kind
        if isPool(properties) {
            kind = .pool(BackendPool(members: members(of: properties)))
        } else {
            let url = properties["url"]?.text ?? ""
            let proto = properties["protocol"]?.text ?? "http"
            kind = .single(url: url, protocol: proto)
        }
        return Backend(id: id, kind: kind, circuitBreaker: circuitBreakerRule(properties, origin: origin),
                       apiVersion: apiVersion, location: location, properties: properties, origin: origin)
    }

    /// `type: Pool` (any case), or a `pool` object with no `type` at all.
    static func isPool(_ properties: ConfigValue) -> Bool {
        if let type = properties["type"]?.string { return type.lowercased() == "pool" }
        return properties["pool"]?.entries != nil
    }

    static func members(of properties: ConfigValue) -> [BackendPoolMember] {
        guard let services = properties["pool"]?["services"]?.elements else { return [] }
        return services.compactMap { service in
            guard let idText = service["id"]?.text else { return nil }
            return BackendPoolMember(id: memberBackendID(idText),
                                     priority: service["priority"]?.integer,
                                     weight: service["weight"]?.integer,
                                     location: service.location)
        }
    }

    /// The backend id a pool member's `id` names: `/backends/backend1`, a full resource id ending in
    /// `/backends/backend1`, or a bare `backend1`.
    static func memberBackendID(_ text: String) -> String {
        let parts = text.split(separator: "/", omittingEmptySubsequences: true)
        if let i = parts.lastIndex(where: { $0.lowercased() == "backends" }), i + 1 < parts.count {
            return parts[(i + 1)...].joined(separator: "/")
        }
        return parts.last.map(String.init) ?? text
    }

    static func circuitBreakerRule(_ properties: ConfigValue, origin: Backend.Origin) -> CircuitBreakerRule? {
        let short = origin == .inline
        guard let rule = properties["circuitBreaker"]?["rules"]?.elements?.first else { return nil }
        guard let tripText = rule["tripDuration"]?.string,
              let trip = try? ISO8601Duration.milliseconds(tripText, allowingShortForms: short),
              let condition = rule["failureCondition"],
              let intervalText = condition["interval"]?.string,
              let interval = try? ISO8601Duration.milliseconds(intervalText, allowingShortForms: short), interval > 0
        else { return nil }
        let threshold: CircuitBreakerRule.Threshold
        if let count = condition["count"]?.integer, count >= 1 {
            threshold = .count(count)
        } else if let percentage = condition["percentage"]?.integer, percentage >= 1, percentage <= 100 {
            threshold = .percentage(percentage)
        } else {
            return nil
        }
        var ranges: [StatusCodeRange] = []
        for range in condition["statusCodeRanges"]?.elements ?? [] {
            guard let min = range["min"]?.integer, let max = range["max"]?.integer else { continue }
            ranges.append(StatusCodeRange(min: min, max: max))
        }
        let reasons = (condition["errorReasons"]?.elements ?? []).compactMap(\.string)
        return CircuitBreakerRule(name: rule["name"]?.text ?? "",
                                  tripDuration: trip,
                                  acceptRetryAfter: rule["acceptRetryAfter"]?.bool ?? false,
                                  failureCondition: .init(threshold: threshold, interval: interval,
                                                          statusCodeRanges: ranges, errorReasons: reasons))
    }
}
