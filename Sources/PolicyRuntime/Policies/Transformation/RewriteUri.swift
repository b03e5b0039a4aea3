import PolicyBackends
import PolicyExpressions
import PolicyModel

// The simulation of `<rewrite-uri>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/RewriteUri.swift.

extension RequestExecution {
    func rewriteUri(_ rewrite: RewriteUri, _ policy: Policy) throws {
        let template = try text(rewrite.template, in: policy) ?? "/"
        let copyUnmatched = try bool(rewrite.copyUnmatchedParams, default: true, in: policy)
        var used: Set<String> = []
        var path = ""
        var index = template.startIndex
        while index < template.endIndex {
            let char = template[index]
            if char == "{", let close = template[index...].firstIndex(of: "}") {
                let name = String(template[template.index(after: index)..<close])
                used.insert(name)
                let value = context.request.matchedParameters.first { $0.0 == name }?.1
                    ?? context.request.url.query.first { $0.0 == name }?.1.first ?? ""
                path += value
                index = template.index(after: close)
            } else {
                path.append(char)
                index = template.index(after: index)
            }
        }
        var query: [(String, [String])] = []
        if let mark = path.firstIndex(of: "?") {
            for pair in path[path.index(after: mark)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((String(parts[0]), [parts.count > 1 ? String(parts[1]) : ""]))
            }
            path = String(path[..<mark])
        }
        if copyUnmatched {
            for (name, values) in context.request.url.query where !used.contains(name) && !query.contains(where: { $0.0 == name }) {
                query.append((name, values))
            }
        }
        context.request.url.path = path.hasPrefix("/") ? path : "/" + path
        context.request.url.query = query
        forwarding.pathIsBackendRelative = true
        record(.policy, policy, "uri \(context.request.url.path)\(context.request.url.queryString)")
    }
}
