import PolicySource

/// The typed reading of a policy: the policies the interpreter and the checks treat specially
/// get their own struct; every other catalog policy stays `.generic` (still validated by the catalog).
public indirect enum PolicyKind: Sendable, Hashable {
    case base
    case choose(Choose)
    case retry(Retry)
    case wait(Wait)
    case limitConcurrency(LimitConcurrency)
    case includeFragment(IncludeFragment)
    case setBackendService(SetBackendService)
    case forwardRequest(ForwardRequest)
    case setVariable(SetVariable)
    case setHeader(SetHeader)
    case setQueryParameter(SetHeader)
    case setBody(SetBody)
    case setStatus(SetStatus)
    case setMethod(SetMethod)
    case rewriteUri(RewriteUri)
    case returnResponse(ReturnResponse)
    case mockResponse(MockResponse)
    case sendRequest(SendRequest)
    case sendOneWayRequest(SendRequest)
    case trace(Trace)
    case rateLimit(RateLimit)
    case rateLimitByKey(RateLimit)
    case quota(Quota)
    case quotaByKey(Quota)
    case authenticationManagedIdentity(AuthenticationManagedIdentity)
    case checkHeader(CheckHeader)
    case cacheLookup(CacheLookup)
    case cacheStore(CacheStore)
    case cacheLookupValue(CacheLookupValue)
    case cacheStoreValue(CacheStoreValue)
    case cacheRemoveValue(CacheRemoveValue)
    /// A catalog policy without a typed model, or an unknown element.
    case generic
}

/// `<when condition="…">` with its policies.
public struct When: Sendable, Hashable {
    public var condition: PolicyValue?
    public var policies: [Policy]
    public var location: SourceLocation
}

/// `<choose>`: the first `<when>` whose condition is true runs, else `<otherwise>`.
public struct Choose: Sendable, Hashable {
    public var whens: [When]
    public var otherwise: [Policy]?
    public var otherwiseLocation: SourceLocation?
}

/// `<retry condition count interval max-interval delta first-fast-retry>`.
public struct Retry: Sendable, Hashable {
    public var condition: PolicyValue?
    public var count: PolicyValue?
    public var interval: PolicyValue?
    public var maxInterval: PolicyValue?
    public var delta: PolicyValue?
    public var firstFastRetry: PolicyValue?
    public var policies: [Policy]
}

/// `<wait for="all|any">` over its child policies.
public struct Wait: Sendable, Hashable {
    public var waitFor: PolicyValue?
    public var policies: [Policy]
}

/// `<limit-concurrency key max-count>`.
public struct LimitConcurrency: Sendable, Hashable {
    public var key: PolicyValue?
    public var maxCount: PolicyValue?
    public var policies: [Policy]
}

/// `<include-fragment fragment-id="…"/>`.
public struct IncludeFragment: Sendable, Hashable {
    public var fragmentId: PolicyValue?
}

/// `<set-backend-service base-url | backend-id>`.
public struct SetBackendService: Sendable, Hashable {
    public var baseUrl: PolicyValue?
    public var backendId: PolicyValue?
}

/// `<forward-request>` with its documented defaults applied by the interpreter.
public struct ForwardRequest: Sendable, Hashable {
    public var timeout: PolicyValue?
    public var timeoutMs: PolicyValue?
    public var continueTimeout: PolicyValue?
    public var httpVersion: PolicyValue?
    public var followRedirects: PolicyValue?
    public var bufferRequestBody: PolicyValue?
    public var bufferResponse: PolicyValue?
    public var failOnErrorStatusCode: PolicyValue?
}

/// `<set-variable name value>`.
public struct SetVariable: Sendable, Hashable {
    public var name: PolicyValue?
    public var value: PolicyValue?
}

/// `<set-header>` and `<set-query-parameter>`: name, exists-action and `<value>` children.
public struct SetHeader: Sendable, Hashable {
    public var name: PolicyValue?
    public var existsAction: PolicyValue?
    public var values: [PolicyValue]
}

/// `<set-body template>` with a literal or expression body.
public struct SetBody: Sendable, Hashable {
    public var template: PolicyValue?
    public var xsiNil: PolicyValue?
    public var body: PolicyValue?
}

/// `<set-status code reason>`.
public struct SetStatus: Sendable, Hashable {
    public var code: PolicyValue?
    public var reason: PolicyValue?
}

/// `<set-method>METHOD</set-method>`.
public struct SetMethod: Sendable, Hashable {
    public var method: PolicyValue?
}

/// `<rewrite-uri template copy-unmatched-params>`.
public struct RewriteUri: Sendable, Hashable {
    public var template: PolicyValue?
    public var copyUnmatchedParams: PolicyValue?
}

/// The message-shaping children shared by return-response and send-request.
public struct MessageParts: Sendable, Hashable {
    public var setStatus: SetStatus?
    public var setMethod: SetMethod?
    public var setUrl: PolicyValue?
    public var headers: [SetHeader]
    public var body: SetBody?
    /// `authentication-*` and `proxy` children, generically.
    public var others: [Element]
}

/// `<return-response response-variable-name>`.
public struct ReturnResponse: Sendable, Hashable {
    public var responseVariableName: PolicyValue?
    public var parts: MessageParts
}

/// `<mock-response status-code content-type>`.
public struct MockResponse: Sendable, Hashable {
    public var statusCode: PolicyValue?
    public var contentType: PolicyValue?
}

/// `<send-request>` and `<send-one-way-request>`.
public struct SendRequest: Sendable, Hashable {
    public var mode: PolicyValue?
    public var responseVariableName: PolicyValue?
    public var timeout: PolicyValue?
    public var ignoreError: PolicyValue?
    public var parts: MessageParts
}

/// `<trace source severity>` with `<message>` and `<metadata name value>`.
public struct Trace: Sendable, Hashable {
    public var source: PolicyValue?
    public var severity: PolicyValue?
    public var message: PolicyValue?
    public var metadata: [(name: PolicyValue?, value: PolicyValue?)]

    public static func == (lhs: Trace, rhs: Trace) -> Bool {
        lhs.source == rhs.source && lhs.severity == rhs.severity && lhs.message == rhs.message
            && lhs.metadata.count == rhs.metadata.count
            && zip(lhs.metadata, rhs.metadata).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(message)
    }
}

/// `<rate-limit>` and `<rate-limit-by-key>`.
public struct RateLimit: Sendable, Hashable {
    public var calls: PolicyValue?
    public var renewalPeriod: PolicyValue?
    public var counterKey: PolicyValue?
    public var incrementCondition: PolicyValue?
    public var incrementCount: PolicyValue?
    public var retryAfterHeaderName: PolicyValue?
    public var retryAfterVariableName: PolicyValue?
    public var remainingCallsHeaderName: PolicyValue?
    public var remainingCallsVariableName: PolicyValue?
    public var totalCallsHeaderName: PolicyValue?
}

/// `<quota>` and `<quota-by-key>`.
public struct Quota: Sendable, Hashable {
    public var calls: PolicyValue?
    public var bandwidth: PolicyValue?
    public var renewalPeriod: PolicyValue?
    public var counterKey: PolicyValue?
    public var incrementCondition: PolicyValue?
    public var firstPeriodStart: PolicyValue?
}

/// `<authentication-managed-identity resource client-id output-token-variable-name ignore-error>`.
public struct AuthenticationManagedIdentity: Sendable, Hashable {
    public var resource: PolicyValue?
    public var clientId: PolicyValue?
    public var outputTokenVariableName: PolicyValue?
    public var ignoreError: PolicyValue?
}

/// `<check-header name failed-check-httpcode failed-check-error-message ignore-case>` with `<value>`s.
public struct CheckHeader: Sendable, Hashable {
    public var name: PolicyValue?
    public var failedCheckHttpCode: PolicyValue?
    public var failedCheckErrorMessage: PolicyValue?
    public var ignoreCase: PolicyValue?
    public var values: [PolicyValue]
}

/// `<cache-lookup>`.
public struct CacheLookup: Sendable, Hashable {
    public var varyByDeveloper: PolicyValue?
    public var varyByDeveloperGroups: PolicyValue?
    public var cachingType: PolicyValue?
    public var downstreamCachingType: PolicyValue?
    public var varyByHeaders: [PolicyValue]
    public var varyByQueryParameters: [PolicyValue]
}

/// `<cache-store duration>`.
public struct CacheStore: Sendable, Hashable {
    public var duration: PolicyValue?
    public var cacheResponse: PolicyValue?
}

/// `<cache-lookup-value key variable-name default-value caching-type>`.
public struct CacheLookupValue: Sendable, Hashable {
    public var key: PolicyValue?
    public var variableName: PolicyValue?
    public var defaultValue: PolicyValue?
    public var cachingType: PolicyValue?
}

/// `<cache-store-value key value duration caching-type>`.
public struct CacheStoreValue: Sendable, Hashable {
    public var key: PolicyValue?
    public var value: PolicyValue?
    public var duration: PolicyValue?
    public var cachingType: PolicyValue?
}

/// `<cache-remove-value key caching-type>`.
public struct CacheRemoveValue: Sendable, Hashable {
    public var key: PolicyValue?
    public var cachingType: PolicyValue?
}

extension PolicyKind {
    /// Reads the typed model of a policy from its generic element.
    public static func make(_ element: Element) -> PolicyKind {
        switch element.name {
        case "base": return .base
        case "choose":
            let whens = element.elements(named: "when").map {
                When(condition: $0["condition"], policies: $0.policies, location: $0.location)
            }
            let otherwise = element.elements(named: "otherwise").first
            return .choose(Choose(whens: whens, otherwise: otherwise?.policies, otherwiseLocation: otherwise?.location))
        case "retry":
            return .retry(Retry(
                condition: element["condition"], count: element["count"], interval: element["interval"],
                maxInterval: element["max-interval"], delta: element["delta"], firstFastRetry: element["first-fast-retry"],
                policies: element.policies))
        case "wait": return .wait(Wait(waitFor: element["for"], policies: element.policies))
        case "limit-concurrency":
            return .limitConcurrency(LimitConcurrency(key: element["key"], maxCount: element["max-count"], policies: element.policies))
        case "include-fragment": return .includeFragment(IncludeFragment(fragmentId: element["fragment-id"]))
        case "set-backend-service":
            return .setBackendService(SetBackendService(baseUrl: element["base-url"], backendId: element["backend-id"]))
        case "forward-request":
            return .forwardRequest(ForwardRequest(
                timeout: element["timeout"], timeoutMs: element["timeout-ms"], continueTimeout: element["continue-timeout"],
                httpVersion: element["http-version"], followRedirects: element["follow-redirects"],
                bufferRequestBody: element["buffer-request-body"], bufferResponse: element["buffer-response"],
                failOnErrorStatusCode: element["fail-on-error-status-code"]))
        case "set-variable": return .setVariable(SetVariable(name: element["name"], value: element["value"]))
        case "set-header": return .setHeader(setHeader(element))
        case "set-query-parameter": return .setQueryParameter(setHeader(element))
        case "set-body": return .setBody(setBody(element))
        case "set-status": return .setStatus(SetStatus(code: element["code"], reason: element["reason"]))
        case "set-method": return .setMethod(SetMethod(method: element.text))
        case "rewrite-uri":
            return .rewriteUri(RewriteUri(template: element["template"], copyUnmatchedParams: element["copy-unmatched-params"]))
        case "return-response":
            return .returnResponse(ReturnResponse(responseVariableName: element["response-variable-name"], parts: parts(element)))
        case "mock-response":
            return .mockResponse(MockResponse(statusCode: element["status-code"], contentType: element["content-type"]))
        case "send-request", "send-one-way-request":
            let request = SendRequest(
                mode: element["mode"], responseVariableName: element["response-variable-name"],
                timeout: element["timeout"], ignoreError: element["ignore-error"], parts: parts(element))
            return element.name == "send-request" ? .sendRequest(request) : .sendOneWayRequest(request)
        case "trace":
            let message = element.elements(named: "message").first?.text
            let metadata = element.elements(named: "metadata").map { (name: $0["name"], value: $0["value"]) }
            return .trace(Trace(source: element["source"], severity: element["severity"], message: message, metadata: metadata))
        case "rate-limit", "rate-limit-by-key":
            let limit = RateLimit(
                calls: element["calls"], renewalPeriod: element["renewal-period"], counterKey: element["counter-key"],
                incrementCondition: element["increment-condition"], incrementCount: element["increment-count"],
                retryAfterHeaderName: element["retry-after-header-name"], retryAfterVariableName: element["retry-after-variable-name"],
                remainingCallsHeaderName: element["remaining-calls-header-name"],
                remainingCallsVariableName: element["remaining-calls-variable-name"],
                totalCallsHeaderName: element["total-calls-header-name"])
            return element.name == "rate-limit" ? .rateLimit(limit) : .rateLimitByKey(limit)
        case "quota", "quota-by-key":
            let quota = Quota(
                calls: element["calls"], bandwidth: element["bandwidth"], renewalPeriod: element["renewal-period"],
                counterKey: element["counter-key"], incrementCondition: element["increment-condition"],
                firstPeriodStart: element["first-period-start"])
            return element.name == "quota" ? .quota(quota) : .quotaByKey(quota)
        case "authentication-managed-identity":
            return .authenticationManagedIdentity(AuthenticationManagedIdentity(
                resource: element["resource"], clientId: element["client-id"],
                outputTokenVariableName: element["output-token-variable-name"], ignoreError: element["ignore-error"]))
        case "check-header":
            return .checkHeader(CheckHeader(
                name: element["name"], failedCheckHttpCode: element["failed-check-httpcode"],
                failedCheckErrorMessage: element["failed-check-error-message"], ignoreCase: element["ignore-case"],
                values: element.elements(named: "value").compactMap(\.text)))
        case "cache-lookup":
            return .cacheLookup(CacheLookup(
                varyByDeveloper: element["vary-by-developer"], varyByDeveloperGroups: element["vary-by-developer-groups"],
                cachingType: element["caching-type"], downstreamCachingType: element["downstream-caching-type"],
                varyByHeaders: element.elements(named: "vary-by-header").compactMap(\.text),
                varyByQueryParameters: element.elements(named: "vary-by-query-parameter").compactMap(\.text)))
        case "cache-store":
            return .cacheStore(CacheStore(duration: element["duration"], cacheResponse: element["cache-response"]))
        case "cache-lookup-value":
            return .cacheLookupValue(CacheLookupValue(
                key: element["key"], variableName: element["variable-name"], defaultValue: element["default-value"],
                cachingType: element["caching-type"]))
        case "cache-store-value":
            return .cacheStoreValue(CacheStoreValue(
                key: element["key"], value: element["value"], duration: element["duration"], cachingType: element["caching-type"]))
        case "cache-remove-value":
            return .cacheRemoveValue(CacheRemoveValue(key: element["key"], cachingType: element["caching-type"]))
        default:
            return .generic
        }
    }

    private static func setHeader(_ element: Element) -> SetHeader {
        SetHeader(name: element["name"], existsAction: element["exists-action"], values: element.elements(named: "value").compactMap(\.text))
    }

    private static func setBody(_ element: Element) -> SetBody {
        SetBody(template: element["template"], xsiNil: element["xsi-nil"], body: element.text)
    }

    private static func parts(_ element: Element) -> MessageParts {
        var parts = MessageParts(headers: [], others: [])
        for child in element.elements {
            switch child.name {
            case "set-status": parts.setStatus = SetStatus(code: child["code"], reason: child["reason"])
            case "set-method": parts.setMethod = SetMethod(method: child.text)
            case "set-url": parts.setUrl = child.text
            case "set-header": parts.headers.append(setHeader(child))
            case "set-body": parts.body = setBody(child)
            default: parts.others.append(child)
            }
        }
        return parts
    }
}
