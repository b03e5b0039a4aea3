import PolicySource

/// What a scenario says about identity and certificates, for the access policies: the keys an
/// OpenID configuration endpoint would publish (nothing is fetched), the certificates uploaded to
/// the API Management instance, and the credential manager's authorizations.
public struct ScenarioAccess: Sendable, Hashable {
    /// `openidConfigs:` — configuration URL → issuer and signing keys (JWKS).
    public var openidConfigs: [String: OpenIDConfiguration] = [:]
    /// `certificates:` — certificate id → certificate (for `certificate-id` attributes).
    public var certificates: [String: ScenarioCertificate] = [:]
    /// `authorizations:` — `provider-id/authorization-id` → the authorization context; nil when the
    /// scenario has no `authorizations:` key (every authorization then gets a deterministic fake).
    public var authorizations: [String: ScenarioAuthorization]?
    /// `managedIdentities:` — which identities the instance has; nil when the scenario has no such
    /// key (every token request then succeeds).
    public var managedIdentities: ScenarioManagedIdentities?

    public init() {}
}

/// The API Management instance's managed identities, for `authentication-managed-identity`.
public struct ScenarioManagedIdentities: Sendable, Hashable {
    /// The instance has a system-assigned identity (used when the policy names no `client-id`).
    public var systemAssigned = true
    /// Client ids of the user-assigned identities.
    public var userAssigned: [String] = []
    /// Resources (audiences) for which Microsoft Entra ID refuses a token.
    public var failingResources: [String] = []

    public init(systemAssigned: Bool = true, userAssigned: [String] = [], failingResources: [String] = []) {
        self.systemAssigned = systemAssigned
        self.userAssigned = userAssigned
        self.failingResources = failingResources
    }

    /// Why a token for `resource` with identity `clientID` (nil: system-assigned) cannot be had, or nil.
    public func refusal(resource: String, clientID: String?) -> String? {
        if let clientID {
            guard userAssigned.contains(where: { $0.lowercased() == clientID.lowercased() }) else {
                return "the instance has no user-assigned managed identity with client id '\(clientID)'"
            }
        } else if !systemAssigned {
            return "the instance has no system-assigned managed identity"
        }
        if resource.isEmpty { return "the resource is empty" }
        let trimmed = { (text: String) in text.hasSuffix("/") ? String(text.dropLast()) : text }
        if failingResources.contains(where: { trimmed($0).lowercased() == trimmed(resource).lowercased() }) {
            return "Microsoft Entra ID refused a token for resource '\(resource)' (the scenario's managedIdentities.failingResources)"
        }
        return nil
    }
}

/// An OpenID Connect configuration as the scenario gives it instead of fetching it.
public struct OpenIDConfiguration: Sendable, Hashable {
    /// `issuer` of the configuration; accepted as a valid issuer by validate-jwt.
    public var issuer: String?
    public var keys: [ScenarioSigningKey]
    public var location: SourceLocation

    public init(issuer: String? = nil, keys: [ScenarioSigningKey] = [], location: SourceLocation) {
        self.issuer = issuer
        self.keys = keys
        self.location = location
    }
}

/// A JSON Web Key of a scenario's key set: RSA (`n`, `e`, or a certificate in `x5c`) or
/// symmetric (`k`, base64url).
public struct ScenarioSigningKey: Sendable, Hashable {
    public enum Material: Sendable, Hashable {
        /// RSA modulus and exponent, base64url.
        case rsa(n: String, e: String)
        /// A DER X.509 certificate, base64 (JWK `x5c[0]`).
        case certificate(String)
        /// A symmetric key, as raw bytes encoded base64url (JWK `k`).
        case symmetric(String)
    }

    public var kid: String?
    public var material: Material

    public init(kid: String?, material: Material) {
        self.kid = kid
        self.material = material
    }
}

/// A certificate uploaded to API Management (`certificates:` in the scenario).
public struct ScenarioCertificate: Sendable, Hashable {
    public var id: String
    /// Upper-case hex SHA-1 thumbprint (given, or computed from `file`).
    public var thumbprint: String?
    public var subject: String?
    /// PEM text read from `file`, when given.
    public var pem: String?

    public init(id: String, thumbprint: String? = nil, subject: String? = nil, pem: String? = nil) {
        self.id = id
        self.thumbprint = thumbprint
        self.subject = subject
        self.pem = pem
    }
}

/// An authorization context of the credential manager (`get-authorization-context`).
public struct ScenarioAuthorization: Sendable, Hashable {
    public var accessToken: String?
    public var claims: [String: String]
    /// When set, getting the context fails with this message.
    public var error: String?

    public init(accessToken: String? = nil, claims: [String: String] = [:], error: String? = nil) {
        self.accessToken = accessToken
        self.claims = claims
        self.error = error
    }
}

/// The client certificate the caller presents (`context.clientCertificate`).
public struct ScenarioClientCertificate: Sendable, Hashable {
    public var thumbprint: String?
    public var subject: String?
    public var issuer: String?
    public var serialNumber: String?
    public var dnsNames: [String] = []
    public var issuerThumbprint: String?
    /// Validity, Unix milliseconds (UTC).
    public var notBeforeUnixMilliseconds: Int64?
    public var notAfterUnixMilliseconds: Int64?
    /// Whether the chain builds to a trusted root (default true) and whether it is revoked (default false).
    public var trusted = true
    public var revoked = false

    public init() {}
}
