import PolicyExpressions
import PolicyModel

// The simulation of `<cors>`; its catalog entry and typed reading: PolicyModel/Policies/CrossDomain/Cors.swift.

extension RequestExecution {
    func cors(_ cors: Cors, _ policy: Policy) throws {
        let allowCredentials = try bool(cors.allowCredentials, default: false, in: policy)
        let terminate = try bool(cors.terminateUnmatchedRequest, default: true, in: policy)
        let origins = try texts(cors.allowedOrigins, in: policy).map { $0.trimmingSpaces() }
        var methods = try texts(cors.allowedMethods ?? [], in: policy).map { $0.trimmingSpaces().uppercased() }
        if cors.allowedMethods == nil { methods = ["GET", "POST"] }
        let maxAge = try integer(cors.preflightResultMaxAge, default: 0, in: policy)
        let allowedHeaders = try texts(cors.allowedHeaders, in: policy).map { $0.trimmingSpaces() }
        let exposed = try texts(cors.exposeHeaders, in: policy).map { $0.trimmingSpaces() }

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
}
