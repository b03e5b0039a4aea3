import Testing

/// Every member of the context-variable reference on Microsoft Learn
/// (https://learn.microsoft.com/azure/api-management/api-management-policy-expressions#ContextVariables,
/// read 2026-12-03), one row per interface and member, with the expression that reaches it and
/// whether policycheck supports it. `ContextMemberAuditTests` checks each row against the checker
/// and the evaluator, and that Docs/expressions.md's "Context members" table lists the same rows.
///
/// Rows marked `observed` are not on Learn's page but exist in APIM and are used by real policies.
struct ContextMember: Sendable, CustomTestStringConvertible {
    enum Support: Sendable, Equatable {
        case supported
        /// Not supported, with the reason (the evaluator fails or the value can never be reached).
        case notSupported(String)
    }

    let interface: String
    let member: String
    /// The type Learn gives.
    let type: String
    /// A whole `@(…)`/`@{…}` expression that uses the member.
    let expression: String
    let support: Support
    var observed = false

    var testDescription: String { "\(interface).\(member)" }
}

private func row(_ interface: String, _ member: String, _ type: String, _ expression: String,
                 _ support: ContextMember.Support = .supported, observed: Bool = false) -> ContextMember {
    ContextMember(interface: interface, member: member, type: type, expression: expression, support: support, observed: observed)
}

/// Reads of the JWT and Basic credentials the audit request carries (see `ContextMemberAuditTests.context`).
private let jwt = #"context.Request.Headers.GetValueOrDefault("X-Jwt", "").AsJwt()"#
private let basic = #"context.Request.Headers.GetValueOrDefault("Authorization", "").AsBasic()"#
private let form = "context.Request.Body.AsFormUrlEncodedContent(preserveContent: true)"

private let noXML = ContextMember.Support.notSupported("System.Xml.Linq is not implemented; the read fails with \"not supported by policycheck\"")
private let noGraphQL = ContextMember.Support.notSupported("GraphQL resolvers are not simulated; context.GraphQL does not exist in a simulated request")
private let noPrivateEndpoint = ContextMember.Support.notSupported("a simulated request never arrives through a private endpoint: PrivateEndpointConnection is always null")
private let noCrypto = ContextMember.Support.notSupported("symmetric encryption (System.Security.Cryptography) is not implemented")

let learnContextMembers: [ContextMember] = [
    // context (IProxyRequestContext)
    row("context", "Api", "IApi", "@(context.Api)"),
    row("context", "Deployment", "IDeployment", "@(context.Deployment)"),
    row("context", "Elapsed", "TimeSpan", "@(context.Elapsed)"),
    row("context", "GraphQL", "IGraphQLContext", "@(context.GraphQL.Parent)", noGraphQL),
    row("context", "LastError", "ILastError", "@(context.LastError)"),
    row("context", "Operation", "IOperation", "@(context.Operation)"),
    row("context", "Product", "IProduct", "@(context.Product)"),
    row("context", "Request", "IRequest", "@(context.Request)"),
    row("context", "RequestId", "Guid", "@(context.RequestId)"),
    row("context", "Response", "IResponse", "@(context.Response)"),
    row("context", "Subscription", "ISubscription", "@(context.Subscription)"),
    row("context", "Timestamp", "DateTime", "@(context.Timestamp)"),
    row("context", "Tracing", "bool", "@(context.Tracing)"),
    row("context", "User", "IUser", "@(context.User)"),
    row("context", "Variables", "IReadOnlyDictionary<string, object>", "@(context.Variables)"),
    row("context", "Trace(message)", "void", #"@{ context.Trace("audit"); return true; }"#),
    row("context", "Workspace", "IWorkspace", "@(context.Workspace)"),
    // context.Api (IApi)
    row("IApi", "Id", "string", "@(context.Api.Id)"),
    row("IApi", "IsCurrentRevision", "bool", "@(context.Api.IsCurrentRevision)"),
    row("IApi", "Name", "string", "@(context.Api.Name)"),
    row("IApi", "Path", "string", "@(context.Api.Path)"),
    row("IApi", "Protocols", "IEnumerable<string>", "@(context.Api.Protocols.First())"),
    row("IApi", "Revision", "string", "@(context.Api.Revision)"),
    row("IApi", "ServiceUrl", "IUrl", "@(context.Api.ServiceUrl.Path)"),
    row("IApi", "SubscriptionKeyParameterNames", "ISubscriptionKeyParameterNames", "@(context.Api.SubscriptionKeyParameterNames)"),
    row("IApi", "Version", "string", "@(context.Api.Version)"),
    row("ISubscriptionKeyParameterNames", "Header", "string", "@(context.Api.SubscriptionKeyParameterNames.Header)"),
    row("ISubscriptionKeyParameterNames", "Query", "string", "@(context.Api.SubscriptionKeyParameterNames.Query)"),
    // context.Deployment (IDeployment)
    row("IDeployment", "Gateway", "IGateway", "@(context.Deployment.Gateway)"),
    row("IDeployment", "GatewayId", "string", "@(context.Deployment.GatewayId)"),
    row("IDeployment", "Region", "string", "@(context.Deployment.Region)"),
    row("IDeployment", "ServiceId", "string", "@(context.Deployment.ServiceId)"),
    row("IDeployment", "ServiceName", "string", "@(context.Deployment.ServiceName)"),
    row("IDeployment", "SustainabilityInfo", "ISustainabilityInfo", "@(context.Deployment.SustainabilityInfo)"),
    row("IDeployment", "Certificates", "IReadOnlyDictionary<string, X509Certificate2>", "@(context.Deployment.Certificates.Count)"),
    row("IGateway", "Id", "string", "@(context.Deployment.Gateway.Id)"),
    row("IGateway", "InstanceId", "string", "@(context.Deployment.Gateway.InstanceId)"),
    row("IGateway", "IsManaged", "bool", "@(context.Deployment.Gateway.IsManaged)"),
    row("ISustainabilityInfo", "CurrentCarbonIntensity", "CarbonIntensityCategory",
        "@(context.Deployment.SustainabilityInfo.CurrentCarbonIntensity == CarbonIntensityCategory.NotAvailable)"),
    // context.GraphQL
    row("IGraphQLContext", "GraphQLArguments", "IGraphQLDataObject", "@(context.GraphQL.GraphQLArguments)", noGraphQL),
    row("IGraphQLContext", "Parent", "IGraphQLDataObject", "@(context.GraphQL.Parent)", noGraphQL),
    // context.LastError (ILastError)
    row("ILastError", "Source", "string", "@(context.LastError.Source)"),
    row("ILastError", "Reason", "string", "@(context.LastError.Reason)"),
    row("ILastError", "Message", "string", "@(context.LastError.Message)"),
    row("ILastError", "Scope", "string", "@(context.LastError.Scope)"),
    row("ILastError", "Section", "string", "@(context.LastError.Section)"),
    row("ILastError", "Path", "string", "@(context.LastError.Path)"),
    row("ILastError", "PolicyId", "string", "@(context.LastError.PolicyId)"),
    // context.Operation (IOperation)
    row("IOperation", "Id", "string", "@(context.Operation.Id)"),
    row("IOperation", "Method", "string", "@(context.Operation.Method)"),
    row("IOperation", "Name", "string", "@(context.Operation.Name)"),
    row("IOperation", "UrlTemplate", "string", "@(context.Operation.UrlTemplate)"),
    // context.Product (IProduct)
    row("IProduct", "Apis", "IEnumerable<IApi>", "@(context.Product.Apis.Count())", observed: true),
    row("IProduct", "ApprovalRequired", "bool", "@(context.Product.ApprovalRequired)"),
    row("IProduct", "Groups", "IEnumerable<IGroup>", "@(context.Product.Groups.First().Name)"),
    row("IProduct", "Id", "string", "@(context.Product.Id)"),
    row("IProduct", "Name", "string", "@(context.Product.Name)"),
    row("IProduct", "State", "ProductState", "@(context.Product.State)"),
    row("IProduct", "SubscriptionsLimit", "int?", "@(context.Product.SubscriptionsLimit)"),
    row("IProduct", "SubscriptionLimit", "int?", "@(context.Product.SubscriptionLimit)", observed: true),
    row("IProduct", "SubscriptionRequired", "bool", "@(context.Product.SubscriptionRequired)"),
    // context.Request (IRequest)
    row("IRequest", "Body", "IMessageBody", "@(context.Request.Body)"),
    row("IRequest", "Certificate", "X509Certificate2", "@(context.Request.Certificate.Thumbprint)"),
    row("IRequest", "Headers", "IReadOnlyDictionary<string, string[]>", #"@(context.Request.Headers["Content-Type"][0])"#),
    row("IRequest", "Headers.GetValueOrDefault(headerName, defaultValue)", "string", #"@(context.Request.Headers.GetValueOrDefault("X-Forwarded-For", ""))"#),
    row("IRequest", "IpAddress", "string", "@(context.Request.IpAddress)"),
    row("IRequest", "MatchedParameters", "IReadOnlyDictionary<string, string>", #"@(context.Request.MatchedParameters["id"])"#),
    row("IRequest", "Method", "string", "@(context.Request.Method)"),
    row("IRequest", "OriginalUrl", "IUrl", "@(context.Request.OriginalUrl)"),
    row("IRequest", "Url", "IUrl", "@(context.Request.Url)"),
    row("IRequest", "PrivateEndpointConnection", "IPrivateEndpointConnection", "@(context.Request.PrivateEndpointConnection == null)"),
    // context.Response (IResponse)
    row("IResponse", "Body", "IMessageBody", "@(context.Response.Body)"),
    row("IResponse", "Headers", "IReadOnlyDictionary<string, string[]>", "@(context.Response.Headers.Count)"),
    row("IResponse", "Headers.GetValueOrDefault(headerName, defaultValue)", "string", #"@(context.Response.Headers.GetValueOrDefault("Content-Type", "none"))"#),
    row("IResponse", "StatusCode", "int", "@(context.Response.StatusCode)"),
    row("IResponse", "StatusReason", "string", "@(context.Response.StatusReason)"),
    // context.Subscription (ISubscription)
    row("ISubscription", "CreatedDate", "DateTime", "@(context.Subscription.CreatedDate)"),
    row("ISubscription", "EndDate", "DateTime?", "@(context.Subscription.EndDate)"),
    row("ISubscription", "Id", "string", "@(context.Subscription.Id)"),
    row("ISubscription", "Key", "string", "@(context.Subscription.Key)"),
    row("ISubscription", "Name", "string", "@(context.Subscription.Name)"),
    row("ISubscription", "PrimaryKey", "string", "@(context.Subscription.PrimaryKey)"),
    row("ISubscription", "SecondaryKey", "string", "@(context.Subscription.SecondaryKey)"),
    row("ISubscription", "StartDate", "DateTime?", "@(context.Subscription.StartDate)"),
    // context.User (IUser)
    row("IUser", "Email", "string", "@(context.User.Email)"),
    row("IUser", "FirstName", "string", "@(context.User.FirstName)"),
    row("IUser", "Groups", "IEnumerable<IGroup>", "@(context.User.Groups.Count())"),
    row("IUser", "Id", "string", "@(context.User.Id)"),
    row("IUser", "Identities", "IEnumerable<IUserIdentity>", "@(context.User.Identities.Count())"),
    row("IUser", "LastName", "string", "@(context.User.LastName)"),
    row("IUser", "Note", "string", "@(context.User.Note)"),
    row("IUser", "RegistrationDate", "DateTime", "@(context.User.RegistrationDate)"),
    // context.Workspace (IWorkspace)
    row("IWorkspace", "Id", "string", "@(context.Workspace.Id)"),
    row("IWorkspace", "Name", "string", "@(context.Workspace.Name)"),
    // IGroup, IUserIdentity
    row("IGroup", "Id", "string", "@(context.User.Groups.First().Id)"),
    row("IGroup", "Name", "string", "@(context.User.Groups.First().Name)"),
    row("IUserIdentity", "Id", "string", "@(context.User.Identities.First().Id)"),
    row("IUserIdentity", "Provider", "string", "@(context.User.Identities.First().Provider)"),
    // IMessageBody
    row("IMessageBody", "As<string>(preserveContent)", "string", "@(context.Request.Body.As<string>(preserveContent: true))"),
    row("IMessageBody", "As<byte[]>(preserveContent)", "byte[]", "@(context.Request.Body.As<byte[]>(preserveContent: true).Length)"),
    row("IMessageBody", "As<JObject>(preserveContent)", "JObject", "@(context.Response.Body.As<JObject>(preserveContent: true))"),
    row("IMessageBody", "As<JToken>(preserveContent)", "JToken", "@(context.Response.Body.As<JToken>(preserveContent: true))"),
    row("IMessageBody", "As<JArray>(preserveContent)", "JArray", #"@(context.Response.Body.As<JObject>(preserveContent: true)["items"].ToObject<JArray>())"#),
    row("IMessageBody", "As<XNode>(preserveContent)", "XNode", "@(context.Response.Body.As<XNode>(preserveContent: true))", noXML),
    row("IMessageBody", "As<XElement>(preserveContent)", "XElement", "@(context.Response.Body.As<XElement>(preserveContent: true))", noXML),
    row("IMessageBody", "As<XDocument>(preserveContent)", "XDocument", "@(context.Response.Body.As<XDocument>(preserveContent: true))", noXML),
    row("IMessageBody", "AsFormUrlEncodedContent(preserveContent)", "IDictionary<string, IList<string>>", "@(\(form)[\"a\"][0])"),
    row("IDictionary<string, IList<string>>", "ToQueryString()", "string", "@(\(form).ToQueryString())"),
    row("IDictionary<string, IList<string>>", "ToFormUrlEncodedContent()", "string", "@(\(form).ToFormUrlEncodedContent())"),
    // IPrivateEndpointConnection
    row("IPrivateEndpointConnection", "Name", "string", "@(context.Request.PrivateEndpointConnection.Name)", noPrivateEndpoint),
    row("IPrivateEndpointConnection", "GroupId", "string", "@(context.Request.PrivateEndpointConnection.GroupId)", noPrivateEndpoint),
    row("IPrivateEndpointConnection", "MemberName", "string", "@(context.Request.PrivateEndpointConnection.MemberName)", noPrivateEndpoint),
    // IUrl
    row("IUrl", "Host", "string", "@(context.Request.Url.Host)"),
    row("IUrl", "Path", "string", "@(context.Request.Url.Path)"),
    row("IUrl", "Port", "int", "@(context.Request.Url.Port)"),
    row("IUrl", "Query", "IReadOnlyDictionary<string, string[]>", #"@(context.Request.Url.Query["tag"].Length)"#),
    row("IUrl", "Query.GetValueOrDefault(queryParameterName, defaultValue)", "string", #"@(context.Request.Url.Query.GetValueOrDefault("tag", ""))"#),
    row("IUrl", "QueryString", "string", "@(context.Request.Url.QueryString)"),
    row("IUrl", "Scheme", "string", "@(context.Request.Url.Scheme)"),
    row("IUrl", "ToUri()", "Uri", "@(context.Request.OriginalUrl.ToUri().AbsoluteUri)", observed: true),
    row("IUrl", "ToString()", "string", "@(context.Request.Url.ToString())", observed: true),
    // context.Variables
    row("context.Variables", "GetValueOrDefault<T>(variableName, defaultValue)", "T", #"@(context.Variables.GetValueOrDefault<string>("name", "none"))"#),
    // Extension methods and their types
    row("string", "AsBasic()", "BasicAuthCredentials", "@(\(basic))"),
    row("string", "TryParseBasic(out result)", "bool",
        #"@{ BasicAuthCredentials c; return context.Request.Headers.GetValueOrDefault("Authorization", "").TryParseBasic(out c); }"#),
    row("BasicAuthCredentials", "Password", "string", "@(\(basic).Password)"),
    row("BasicAuthCredentials", "UserId", "string", "@(\(basic).UserId)"),
    row("string", "AsJwt()", "Jwt", "@(\(jwt))"),
    row("string", "TryParseJwt(out result)", "bool",
        #"@{ Jwt j; return context.Request.Headers.GetValueOrDefault("X-Jwt", "").TryParseJwt(out j); }"#),
    row("Jwt", "Algorithm", "string", "@(\(jwt).Algorithm)"),
    row("Jwt", "Audiences", "IEnumerable<string>", "@(\(jwt).Audiences.First())"),
    row("Jwt", "Claims", "IReadOnlyDictionary<string, string[]>", "@(\(jwt).Claims[\"sub\"][0])"),
    row("Jwt", "Claims.GetValueOrDefault(claimName, defaultValue)", "string", "@(\(jwt).Claims.GetValueOrDefault(\"sub\", \"\"))"),
    row("Jwt", "ExpirationTime", "DateTime?", "@(\(jwt).ExpirationTime)"),
    row("Jwt", "Id", "string", "@(\(jwt).Id)"),
    row("Jwt", "Issuer", "string", "@(\(jwt).Issuer)"),
    row("Jwt", "IssuedAt", "DateTime?", "@(\(jwt).IssuedAt)"),
    row("Jwt", "NotBefore", "DateTime?", "@(\(jwt).NotBefore)"),
    row("Jwt", "Subject", "string", "@(\(jwt).Subject)"),
    row("Jwt", "Type", "string", "@(\(jwt).Type)"),
    row("byte[]", "Encrypt(alg: string, key, iv)", "byte[]", #"@(new byte[] { 1, 2 }.Encrypt("Aes", new byte[16], new byte[16]))"#, noCrypto),
    row("byte[]", "Encrypt(alg: SymmetricAlgorithm)", "byte[]", "@(new byte[] { 1, 2 }.Encrypt(System.Security.Cryptography.Aes.Create()))", noCrypto),
    row("byte[]", "Encrypt(alg: SymmetricAlgorithm, key, iv)", "byte[]",
        "@(new byte[] { 1, 2 }.Encrypt(System.Security.Cryptography.Aes.Create(), new byte[16], new byte[16]))", noCrypto),
    row("byte[]", "Decrypt(alg: string, key, iv)", "byte[]", #"@(new byte[] { 1, 2 }.Decrypt("Aes", new byte[16], new byte[16]))"#, noCrypto),
    row("byte[]", "Decrypt(alg: SymmetricAlgorithm)", "byte[]", "@(new byte[] { 1, 2 }.Decrypt(System.Security.Cryptography.Aes.Create()))", noCrypto),
    row("byte[]", "Decrypt(alg: SymmetricAlgorithm, key, iv)", "byte[]",
        "@(new byte[] { 1, 2 }.Decrypt(System.Security.Cryptography.Aes.Create(), new byte[16], new byte[16]))", noCrypto),
    row("X509Certificate2", "VerifyNoRevocation()", "bool", "@(context.Request.Certificate.VerifyNoRevocation())"),
]
