import PolicyExpressions
import PolicyModel

// The simulation of `<redirect-content-urls>`; its catalog entry: PolicyModel/Policies/Transformation/RedirectContentUrls.swift.

extension RequestExecution {
    func redirectContentUrls(_ policy: Policy) {
        let original = context.request.originalUrl
        let defaultPort = original.scheme == "https" ? 443 : 80
        let gatewayHost = original.scheme + "://" + original.host + (original.port == defaultPort ? "" : ":\(original.port)")
        let api = apiPath.split(separator: "/").joined(separator: "/")
        let gatewayBase = api.isEmpty ? gatewayHost : gatewayHost + "/" + api
        guard let attempt = forwarding.attempts.last else {
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
}
