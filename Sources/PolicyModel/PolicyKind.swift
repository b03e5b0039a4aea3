import PolicySource

/// The typed reading of a policy: the policies the interpreter and the checks treat specially
/// get their own struct (in the policy's unit, `Policies/<Category>/<Name>.swift`); every other
/// catalog policy stays `.generic` (still validated by the catalog).
public indirect enum PolicyKind: Sendable {
    case base
    case choose(Choose)
    case retry(Retry)
    case wait(Wait)
    case limitConcurrency(LimitConcurrency)
    case includeFragment(IncludeFragment)
    case setBackendService(SetBackendService)
    case forwardRequest(ForwardRequest)
    case proxy(Proxy)
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
    case emitMetric(EmitMetric)
    case logToEventHub(LogToEventHub)
    case sendServiceBusMessage(SendServiceBusMessage)
    case publishToDapr(PublishToDapr)
    case invokeDaprBinding(InvokeDaprBinding)
    case rateLimit(RateLimit)
    case rateLimitByKey(RateLimit)
    case quota(Quota)
    case quotaByKey(Quota)
    case authenticationManagedIdentity(AuthenticationManagedIdentity)
    case checkHeader(CheckHeader)
    case ipFilter(IPFilter)
    case authenticationBasic(AuthenticationBasic)
    case authenticationCertificate(AuthenticationCertificate)
    case getAuthorizationContext(GetAuthorizationContext)
    case validateJWT(ValidateJWT)
    case validateAzureADToken(ValidateAzureADToken)
    case validateClientCertificate(ValidateClientCertificate)
    case validateContent(ValidateContent)
    case validateParameters(ValidateParameters)
    case validateHeaders(ValidateHeaders)
    case validateStatusCode(ValidateStatusCode)
    case validateODataRequest(ValidateODataRequest)
    case cacheLookup(CacheLookup)
    case cacheStore(CacheStore)
    case cacheLookupValue(CacheLookupValue)
    case cacheStoreValue(CacheStoreValue)
    case cacheRemoveValue(CacheRemoveValue)
    /// llm-semantic-cache-lookup and azure-openai-semantic-cache-lookup.
    case semanticCacheLookup(SemanticCacheLookup)
    /// llm-semantic-cache-store and azure-openai-semantic-cache-store.
    case semanticCacheStore(SemanticCacheStore)
    case findAndReplace(FindAndReplace)
    case redirectContentUrls
    case jsonToXml(JSONToXML)
    case xmlToJson(XMLToJSON)
    /// Not simulated (no XSLT processor): the runtime warns.
    case xslTransform
    case cors(Cors)
    case crossDomain(CrossDomain)
    case jsonp(JSONP)
    /// llm-token-limit and azure-openai-token-limit.
    case tokenLimit(TokenLimit)
    /// llm-emit-token-metric and azure-openai-emit-token-metric.
    case emitTokenMetric(EmitTokenMetric)
    case llmContentSafety(LLMContentSafety)
    /// A catalog policy without a typed model, or an unknown element.
    case generic
}

extension PolicyKind {
    /// Reads the typed model of a policy from its generic element, through its unit's reading.
    public static func make(_ element: Element) -> PolicyKind {
        PolicyUnit.readers[element.name]?(element) ?? .generic
    }
}
