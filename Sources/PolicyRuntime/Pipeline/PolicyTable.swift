import PolicyExpressions
import PolicyModel

/// The one table from a policy to its simulation. Each entry calls the policy's unit in
/// `Policies/<Category>/<Name>.swift` (the mirror of `PolicyModel/Policies/<Category>/<Name>.swift`);
/// every simulated policy is chosen by its `PolicyKind`, read once when the document was built; a
/// policy without a typed reading (`.generic`) gets a visible "not simulated" warning
/// (Docs/architecture.md, "Adding a policy").
extension RequestExecution {
    /// True in inbound and backend, where header, body and query policies change the request.
    var onRequestSide: Bool { position.section == .inbound || position.section == .backend }

    func execute(_ policy: Policy) throws {
        if content.skipUntil != nil, skippedAfterCacheHit(policy) { return }
        gateway.coverage?.ran(policy)
        switch policy.kind {
        // Flow
        case .base: try runScopeSection(position.section, scope: position.scopeIndex - 1)
        case .choose(let choose): try runChoose(choose, policy)
        case .retry(let retry): try runRetry(retry, policy)
        case .wait(let wait): try runWait(wait, policy)
        case .limitConcurrency(let limit): try runLimitConcurrency(limit, policy)
        case .includeFragment(let include): try runFragment(include, policy)
        case .returnResponse(let response): try returnResponse(response, policy)
        case .mockResponse(let mock): try mockResponse(mock, policy)
        // Routing
        case .setBackendService(let service): try setBackendService(service, policy)
        case .forwardRequest(let forward): try forwardRequest(forward, policy)
        case .proxy(let model): try proxy(model, policy)
        // Transformation
        case .setVariable(let variable): try setVariable(variable, policy)
        case .setHeader(let header): try setHeader(header, policy, onRequest: onRequestSide)
        case .setQueryParameter(let parameter): try setQueryParameter(parameter, policy)
        case .setBody(let body): try setBody(body, policy, onRequest: onRequestSide)
        case .setStatus(let status): try setStatus(status, policy)
        case .setMethod(let method): try setMethod(method, policy)
        case .rewriteUri(let rewrite): try rewriteUri(rewrite, policy)
        case .findAndReplace(let replace): try findAndReplace(replace, policy)
        case .redirectContentUrls: redirectContentUrls(policy)
        case .jsonToXml(let conversion): try jsonToXml(conversion, policy)
        case .xmlToJson(let conversion): try xmlToJson(conversion, policy)
        case .xslTransform: xslTransform(policy)
        // Integration
        case .sendRequest(let request): try sendRequest(request, policy, oneWay: false)
        case .sendOneWayRequest(let request): try sendRequest(request, policy, oneWay: true)
        case .trace(let trace): try runTrace(trace, policy)
        case .emitMetric(let metric): try runEmitMetric(metric, policy)
        case .logToEventHub(let log): try runLogToEventHub(log, policy)
        case .sendServiceBusMessage(let message): try runSendServiceBusMessage(message, policy)
        case .publishToDapr(let publish): try runPublishToDapr(publish, policy)
        case .invokeDaprBinding(let binding): try runInvokeDaprBinding(binding, policy)
        // Rate limits and quotas
        case .rateLimit(let limit): try runRateLimit(limit, policy, byKey: false)
        case .rateLimitByKey(let limit): try runRateLimit(limit, policy, byKey: true)
        case .quota(let quota): try runQuota(quota, policy, byKey: false)
        case .quotaByKey(let quota): try runQuota(quota, policy, byKey: true)
        // Authentication
        case .authenticationManagedIdentity(let identity): try authenticateWithManagedIdentity(identity, policy)
        case .checkHeader(let check): try checkHeader(check, policy)
        case .ipFilter(let filter): try ipFilter(filter, policy)
        case .authenticationBasic(let basic): try authenticateBasic(basic, policy)
        case .authenticationCertificate(let certificate): try authenticateWithCertificate(certificate, policy)
        case .getAuthorizationContext(let authorization): try getAuthorizationContext(authorization, policy)
        case .validateJWT(let validation): try validateJwt(validation, policy)
        case .validateAzureADToken(let validation): try validateAzureAdToken(validation, policy)
        case .validateClientCertificate(let validation): try validateClientCertificate(validation, policy)
        // Validation
        case .validateContent(let validation): try validateContent(validation, policy)
        case .validateParameters(let validation): try validateParameters(validation, policy)
        case .validateHeaders(let validation): try validateHeaders(validation, policy)
        case .validateStatusCode(let validation): try validateStatusCode(validation, policy)
        case .validateODataRequest(let validation): try validateODataRequest(validation, policy)
        // Caching
        case .cacheLookup(let lookup): try cacheLookup(lookup, policy)
        case .cacheStore(let store): try cacheStore(store, policy)
        case .cacheLookupValue(let lookup): try cacheLookupValue(lookup, policy)
        case .cacheStoreValue(let store): try cacheStoreValue(store, policy)
        case .cacheRemoveValue(let remove): try cacheRemoveValue(remove, policy)
        case .semanticCacheLookup(let lookup): try semanticCacheLookup(lookup, policy)
        case .semanticCacheStore(let store): try semanticCacheStore(store, policy)
        // Cross domain
        case .cors(let model): try cors(model, policy)
        case .crossDomain(let model): try crossDomain(model, policy)
        case .jsonp(let model): try jsonp(model, policy)
        // AI gateway
        case .tokenLimit(let limit): try runTokenLimit(limit, policy)
        case .emitTokenMetric(let metric): try runEmitTokenMetric(metric, policy)
        case .llmContentSafety(let safety): try runContentSafety(safety, policy)
        // A catalog policy without a simulation, or an unknown element.
        case .generic: record(.warning, policy, "'\(policy.name)' is not simulated; skipped")
        }
    }
}
