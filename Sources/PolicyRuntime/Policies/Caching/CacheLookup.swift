import PolicyExpressions
import PolicyModel

// The simulation of `<cache-lookup>`; its catalog entry and typed reading: PolicyModel/Policies/Caching/CacheLookup.swift.

extension RequestExecution {
    func cacheLookup(_ lookup: CacheLookup, _ policy: Policy) throws {
        let byDeveloper = try bool(lookup.varyByDeveloper, default: false, in: policy)
        let byGroups = try bool(lookup.varyByDeveloperGroups, default: false, in: policy)
        let allowPrivate = try bool(lookup.allowPrivateResponseCaching, default: false, in: policy)
        let downstream = (try text(lookup.downstreamCachingType, in: policy) ?? "none").lowercased()
        let mustRevalidate = try bool(lookup.mustRevalidate, default: true, in: policy)
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
            responseRelayed = true  // the stored response goes out with the headers it was stored with
            applyDownstreamCaching(remaining: entry.expires - now)
            content.skipUntil = ["cache-store"]
            record(.policy, policy, "cache hit for \(key): \(entry.status) \(entry.reason) returned without calling the backend (expires in \(entry.expires - now)ms)")
            throw CacheHit()
        }
        content.responseCacheKey = key
        record(.policy, policy, "cache miss for \(key)")
    }

    /// `downstream-caching-type` private/public: `Cache-Control` tells clients how long they may keep it.
    func applyDownstreamCaching(remaining milliseconds: Int64) {
        guard let downstream = content.downstreamCaching else { return }
        var value = "\(downstream.type), max-age=\(max(0, milliseconds / 1000))"
        if downstream.mustRevalidate { value += ", must-revalidate" }
        context.response.headers.set("Cache-Control", [value])
    }
}
