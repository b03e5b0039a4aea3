import PolicySource

/// Reusing one request's `context` for the next request of a run.
///
/// A load run serves thousands of requests in a row, each with a fresh `context`: building and
/// freeing its objects (request, response, two header dictionaries, variables, bodies) was a
/// quarter of a simulated request. The runner instead hands the previous request's context back
/// here. Every object is reused only when nothing but its owner still holds it (checked with
/// `isKnownUniquelyReferenced`): a variable kept in a cache, an enumerable or a value that captured
/// `context.Request` keeps the old object untouched and the new request gets a new one. Recycling
/// is therefore never visible to a policy: each request sees exactly what a new context shows.
extension PolicyContext {
    /// Readies this context for a new request, as `init` would build it: `method`, `url`, the
    /// headers and body the client sent, an empty response (200 OK), no variables, no LastError,
    /// the context values (`Api`, `User`, …) cleared for the caller to set again.
    public func recycle(
        method: String, url: RequestUrl, headers: [(name: String, value: String)], bodyText: String?,
        ipAddress: String, timestamp: DateTimeValue, random: SeededRandom
    ) {
        if !isKnownUniquelyReferenced(&request) { request = RequestData() }
        request.recycle(method: method, url: url, headers: headers, bodyText: bodyText, ipAddress: ipAddress)
        if isKnownUniquelyReferenced(&response) {
            response.recycle(statusCode: 200, statusReason: "OK", headerCount: 0, header: { _ in ("", "") }, bodyText: nil)
        } else {
            response = ResponseData()
        }
        if !(isKnownUniquelyReferenced(&variables) && variables.removeAllIfUnshared()) {
            variables = VariableStore()
        }
        if lastError != nil { lastError = nil }
        var generator = random
        requestId = GuidValue.random(using: &generator)
        self.random = generator
        self.timestamp = timestamp
        now = timestamp
        elapsedTicks = nil
        // Most of these were never set: skip the stores (each destroys an optional record).
        if api != nil { api = nil }
        if operation != nil { operation = nil }
        if product != nil { product = nil }
        if subscription != nil { subscription = nil }
        if user != nil { user = nil }
        if workspace != nil { workspace = nil }
        deployment = DeploymentData()
        tracing = false
        if traceSink != nil { traceSink = nil }
    }

    /// Replaces `context.Response` with a backend's answer — `headerCount` headers, the i-th read
    /// from `header(i)` — reusing the current response object when nothing else holds it (a
    /// variable that kept the previous response keeps it as it was).
    public func replaceResponse(
        statusCode: Int32, statusReason: String, headerCount: Int, header: (Int) -> (name: String, value: String), bodyText: String?
    ) {
        if !isKnownUniquelyReferenced(&response) { response = ResponseData() }
        response.recycle(statusCode: statusCode, statusReason: statusReason, headerCount: headerCount, header: header, bodyText: bodyText)
    }
}

extension RequestData {
    func recycle(method: String, url: RequestUrl, headers: [(name: String, value: String)], bodyText: String?, ipAddress: String) {
        self.method = method
        self.url = url
        originalUrl = url
        resetURLChanges()
        if !isKnownUniquelyReferenced(&self.headers) { self.headers = HeaderDictionary() }
        self.headers.replaceAll(count: headers.count) { headers[$0] }
        body = MessageBody.recycled(&body, text: bodyText)
        self.ipAddress = ipAddress
        if !matchedParameters.isEmpty { matchedParameters = [] }
        certificate = nil
    }
}

extension ResponseData {
    func recycle(statusCode: Int32, statusReason: String, headerCount: Int, header: (Int) -> (name: String, value: String), bodyText: String?) {
        self.statusCode = statusCode
        self.statusReason = statusReason
        if !isKnownUniquelyReferenced(&headers) { headers = HeaderDictionary() }
        headers.replaceAll(count: headerCount, header)
        // A body nothing else holds is kept aside for the next answer that has one.
        if isKnownUniquelyReferenced(&body) { spareBody = body }
        body = nil
        if let bodyText { body = MessageBody.recycled(&spareBody, text: bodyText) }
    }
}

extension MessageBody {
    /// A body holding `text` (nil: no body), reusing `existing` when nothing else holds it (and
    /// leaving `existing` nil); the bytes themselves are kept when they are already the same (a
    /// scenario repeats its request).
    static func recycled(_ existing: inout MessageBody?, text: String?) -> MessageBody? {
        let unshared = isKnownUniquelyReferenced(&existing)
        var kept: MessageBody?
        swap(&kept, &existing)
        guard let text else { return nil }
        guard unshared, let body = kept else { return MessageBody(text: text) }
        body.reset(text: text)
        return body
    }
}
