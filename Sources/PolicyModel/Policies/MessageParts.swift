import PolicySource

/// The message-shaping children shared by return-response and send-request.
public struct MessageParts: Sendable {
    public var setStatus: SetStatus?
    public var setMethod: SetMethod?
    public var setUrl: PolicyValue?
    public var headers: [SetHeader]
    public var body: SetBody?
    /// `authentication-*` and `proxy` children, with their policies' typed readings.
    public var others: [Policy]

    /// Reads the children of send-request, send-one-way-request or return-response.
    static func reading(_ element: Element) -> MessageParts {
        var parts = MessageParts(headers: [], others: [])
        for child in element.elements {
            switch child.name {
            case "set-status": parts.setStatus = SetStatus(code: child["code"], reason: child["reason"])
            case "set-method": parts.setMethod = SetMethod(method: child.text)
            case "set-url": parts.setUrl = child.text
            case "set-header": parts.headers.append(SetHeader.reading(child))
            case "set-body": parts.body = SetBody.reading(child)
            default: parts.others.append(Policy(element: child, kind: PolicyKind.make(child)))
            }
        }
        return parts
    }
}
