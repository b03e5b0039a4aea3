import PolicyExpressions
import PolicyModel

extension RequestExecution {
    /// The body this section changes: the request's in inbound and backend, else the response's.
    var sectionBody: MessageBody? {
        get { onRequestSide ? context.request.body : context.response.body }
        set { if onRequestSide { context.request.body = newValue } else { context.response.body = newValue } }
    }

    var sectionHeaders: HeaderDictionary { onRequestSide ? context.request.headers : context.response.headers }

    /// Whether `consider-accept-header` lets the conversion run: the caller's Accept asks for
    /// `wanted` (or anything: no Accept header, `*/*`).
    func acceptAllows(_ wanted: String, considerAcceptHeader: PolicyValue?, _ policy: Policy) throws -> Bool {
        guard try bool(considerAcceptHeader, default: true, in: policy) else { return true }
        guard let accept = context.request.headers.values("Accept")?.joined(separator: ",").lowercased(), !accept.isEmpty else { return true }
        return accept.contains(wanted) || accept.contains("*/*")
    }

    /// The body json-to-xml or xml-to-json converts, or nil (with an event saying why) when
    /// `apply` asks for a Content-Type the body does not have, the caller's Accept header does not
    /// ask for the target format, or there is no body.
    func bodyToConvert(_ policy: Policy, apply: String, considerAcceptHeader: PolicyValue?, from source: String, to target: String) throws -> MessageBody? {
        let contentType = sectionHeaders.values("Content-Type")?.joined(separator: ",").lowercased() ?? ""
        guard apply == "always" || contentType.contains(source.lowercased()) else {
            record(.policy, policy, "Content-Type '\(contentType)' is not \(source): not converted (apply=content-type-\(source.lowercased()))")
            return nil
        }
        guard try acceptAllows(target.lowercased(), considerAcceptHeader: considerAcceptHeader, policy) else {
            record(.policy, policy, "the caller's Accept header does not ask for \(target): not converted (consider-accept-header)")
            return nil
        }
        guard let body = sectionBody, !body.bytes.isEmpty else {
            record(.policy, policy, "no body: nothing converted")
            return nil
        }
        return body
    }
}
