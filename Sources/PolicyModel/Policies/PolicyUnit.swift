/// One APIM policy as policycheck knows it: its catalog entry (what lint checks) and, for the
/// policies the simulation runs, its typed reading into `PolicyKind`. Each policy's unit is one
/// file, `Policies/<Category>/<Name>.swift`, the only place its attribute names are spelled; the
/// runtime mirrors it in `PolicyRuntime/Policies/<Category>/<Name>.swift` (Docs/architecture.md,
/// "Adding a policy").
public struct PolicyUnit: Sendable {
    public let spec: PolicySpec
    /// The typed reading; nil for a policy kept as a generic element.
    let read: (@Sendable (Element) -> PolicyKind)?

    init(_ spec: PolicySpec, read: (@Sendable (Element) -> PolicyKind)? = nil) {
        self.spec = spec
        self.read = read
    }

    /// Whether the policy has a typed model (`PolicyKind` other than `.generic`).
    public var isTyped: Bool { read != nil }

    /// Every policy unit, by catalog category.
    public static let all: [PolicyUnit] = [
        // Flow
        .base, .choose, .retry, .wait, .includeFragment, .returnResponse, .mockResponse, .limitConcurrency,
        // Routing
        .forwardRequest, .setBackendService, .proxy,
        // Transformation
        .setVariable, .setHeader, .setQueryParameter, .setBody, .setStatus, .setMethod, .rewriteUri, .findAndReplace, .jsonToXml, .xmlToJson, .xslTransform, .redirectContentUrls,
        // RateAndQuota
        .rateLimit, .rateLimitByKey, .quota, .quotaByKey,
        // Auth
        .checkHeader, .ipFilter, .validateJWT, .validateAzureADToken, .validateClientCertificate, .authenticationBasic, .authenticationCertificate, .authenticationManagedIdentity, .getAuthorizationContext,
        // Validation
        .validateContent, .validateParameters, .validateHeaders, .validateStatusCode, .validateGraphQLRequest, .validateODataRequest,
        // Caching
        .cacheLookup, .cacheStore, .cacheLookupValue, .cacheStoreValue, .cacheRemoveValue, .cacheValue, .azureOpenAISemanticCacheLookup, .azureOpenAISemanticCacheStore, .llmSemanticCacheLookup, .llmSemanticCacheStore,
        // CrossDomain
        .cors, .jsonp, .crossDomain,
        // Integration
        .sendRequest, .sendOneWayRequest, .logToEventHub, .trace, .emitMetric, .publishToDapr, .invokeDaprBinding, .sendServiceBusMessage,
        // AI
        .azureOpenAITokenLimit, .llmTokenLimit, .azureOpenAIEmitTokenMetric, .llmEmitTokenMetric, .llmContentSafety,
        // GraphQL
        .httpDataSource, .sqlDataSource, .cosmosDBDataSource, .publishEvent,
    ]

    /// The typed readings by element name, built once.
    static let readers: [String: @Sendable (Element) -> PolicyKind] = {
        var readers: [String: @Sendable (Element) -> PolicyKind] = [:]
        readers.reserveCapacity(all.count)
        for unit in all { if let read = unit.read { readers[unit.spec.name] = read } }
        return readers
    }()
}
