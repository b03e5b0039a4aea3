import PolicyExpressions
import PolicyModel

// The simulation of `<cross-domain>`; its catalog entry and typed reading: PolicyModel/Policies/CrossDomain/CrossDomain.swift.

extension RequestExecution {
    /// `/crossdomain.xml` gets the policy's `<cross-domain-policy>`; `/clientaccesspolicy.xml`
    /// a Silverlight access policy granting the same domains and headers. Other paths pass.
    func crossDomain(_ crossDomain: CrossDomain, _ policy: Policy) throws {
        let path = context.request.url.path.lowercased()
        if path.hasSuffix("/crossdomain.xml") {
            let document = liquidSource(policy.element, fallback: "").text.trimmingSpaces()
            context.response = ResponseData(statusCode: 200, statusReason: "OK",
                headers: HeaderDictionary([("Content-Type", ["text/xml"])]), body: MessageBody(text: document))
            record(.policy, policy, "crossdomain.xml answered by the gateway; the rest of the pipeline is skipped")
            throw ResponseReturned()
        }
        if path.hasSuffix("/clientaccesspolicy.xml") {
            let domains = crossDomain.domains.isEmpty ? ["*"] : crossDomain.domains
            let headers = crossDomain.requestHeaders
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
}
