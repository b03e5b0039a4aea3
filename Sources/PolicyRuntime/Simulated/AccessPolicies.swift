import DotNet
import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

/// Policies of the rest of the gateway: authentication, JWT validation, check-header, ip-filter and the validate-* family.
extension RequestExecution {
    /// Runs `policy` when it belongs to this family; `false` when it does not.
    func runAccessPolicy(_ policy: Policy) throws -> Bool {
        switch policy.name {
        case "check-header": try checkHeader(policy)
        case "ip-filter": try ipFilter(policy)
        case "validate-jwt": try validateJwt(policy)
        case "validate-azure-ad-token": try validateAzureAdToken(policy)
        case "authentication-basic": try authenticateBasic(policy)
        case "authentication-certificate": try authenticateWithCertificate(policy)
        case "get-authorization-context": try getAuthorizationContext(policy)
        case "validate-client-certificate": try validateClientCertificate(policy)
        case "validate-content": try validateContent(policy)
        case "validate-parameters": try validateParameters(policy)
        case "validate-headers": try validateHeaders(policy)
        case "validate-status-code": try validateStatusCode(policy)
        case "validate-odata-request": try validateODataRequest(policy)
        default: return false
        }
        return true
    }

    // MARK: Shared

    /// An access failure: the caller's response becomes `status` with APIM's JSON error body
    /// `{"statusCode": N, "message": "…"}`, and the error (Source = the policy) goes to on-error.
    func accessFailure(_ policy: Policy, status: Int, reason: String, message: String, publicMessage: String) -> PolicyFailure {
        let phrase = HTTPStatus.reason(status)
        context.response = ResponseData(
            statusCode: Int32(clamping: status), statusReason: phrase,
            headers: HeaderDictionary([("Content-Type", ["application/json"])]),
            body: MessageBody(text: Self.errorBody(status: status, message: publicMessage)))
        var failure = PolicyFailure(source: policy.name, reason: reason, message: message, status: status, statusReason: phrase)
        failure.keepsResponse = true
        return failure
    }

    /// APIM's error body: `{ "statusCode": 401, "message": "…" }`.
    static func errorBody(status: Int, message: String) -> String {
        "{\n    \"statusCode\": \(status),\n    \"message\": \"\(JSONText.escaped(message))\"\n}"
    }

    /// The texts of the child elements `<list><item>…</item></list>` (or of direct children when `list` is nil).
    func childTexts(_ policy: Policy, list: String?, item: String) throws -> [String] {
        let parents = list.map { policy.element.elements(named: $0) } ?? [policy.element]
        var result: [String] = []
        for parent in parents {
            for child in parent.elements(named: item) {
                if let value = try text(child.text, in: policy) { result.append(value) }
            }
        }
        return result
    }

    /// Virtual now as Unix seconds.
    var unixNowSeconds: Double { Double(gateway.startUnixMilliseconds &+ now) / 1000 }

    static func isoDate(unixSeconds: Double) -> String {
        guard unixSeconds.isFinite, abs(unixSeconds) < 1e12 else { return String(unixSeconds) }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: unixSeconds.rounded(.down)))
    }

    // MARK: check-header

    func checkHeader(_ policy: Policy) throws {
        let name = try text(policy.element["name"], in: policy) ?? ""
        let status = try integer(policy.element["failed-check-httpcode"], default: 401, in: policy)
        let message = try text(policy.element["failed-check-error-message"], in: policy) ?? ""
        let ignoreCase = try bool(policy.element["ignore-case"], default: false, in: policy)
        let allowed = try childTexts(policy, list: nil, item: "value")
        guard let values = context.request.headers.values(name) else {
            record(.policy, policy, "header \(name) is missing → \(status)")
            throw accessFailure(policy, status: status, reason: "HeaderNotFound",
                message: "Header \(name) was not found in the request. Access denied.", publicMessage: message)
        }
        if allowed.isEmpty {
            record(.policy, policy, "header \(name) is present")
            return
        }
        // A header sent several times, or with comma-separated values, passes when any value is allowed.
        let candidates = values + values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let matched = candidates.first { candidate in
            allowed.contains { ignoreCase ? $0.lowercased() == candidate.lowercased() : $0 == candidate }
        }
        if let matched {
            record(.policy, policy, "header \(name) value \"\(matched)\" is allowed")
            return
        }
        let shown = values.joined(separator: ",")
        record(.policy, policy, "header \(name) value \"\(shown)\" is not one of the \(allowed.count) allowed value\(allowed.count == 1 ? "" : "s") → \(status)")
        throw accessFailure(policy, status: status, reason: "HeaderValueNotAllowed",
            message: "Header \(name) value of \(shown) is not allowed. Access denied.", publicMessage: message)
    }

    // MARK: ip-filter

    func ipFilter(_ policy: Policy) throws {
        let action = (try text(policy.element["action"], in: policy) ?? "allow").lowercased()
        let caller = context.request.ipAddress
        var ranges: [(low: IPAddressValue, high: IPAddressValue, shown: String)] = []
        for child in policy.element.elements {
            switch child.name {
            case "address":
                let written = try text(child.text, in: policy) ?? ""
                if let address = IPAddressValue(parsing: written) {
                    ranges.append((address, address, written))
                } else {
                    record(.warning, policy, "'\(written)' (line \(child.location.line)) is not an IP address; ignored")
                }
            case "address-range":
                let from = try text(child["from"], in: policy) ?? ""
                let to = try text(child["to"], in: policy) ?? ""
                if let low = IPAddressValue(parsing: from), let high = IPAddressValue(parsing: to) {
                    ranges.append((low, high, "\(from)–\(to)"))
                } else {
                    record(.warning, policy, "address-range '\(from)'–'\(to)' (line \(child.location.line)) is not a range of IP addresses; ignored")
                }
            default:
                break
            }
        }
        guard let address = IPAddressValue(parsing: caller) else {
            record(.policy, policy, "caller IP '\(caller)' cannot be parsed → 403")
            throw accessFailure(policy, status: 403, reason: "FailedToParseCallerIP",
                message: "Failed to establish IP address for the caller. Access denied.", publicMessage: "Forbidden")
        }
        let match = ranges.first { $0.low <= address && address <= $0.high }
        if action == "forbid" {
            if let match {
                record(.policy, policy, "caller \(caller) is in the forbidden \(match.shown) → 403")
                throw accessFailure(policy, status: 403, reason: "CallerIpBlocked",
                    message: "Caller IP address is blocked. Access denied.", publicMessage: "Forbidden")
            }
            record(.policy, policy, "caller \(caller) is not forbidden")
        } else {
            guard let match else {
                record(.policy, policy, "caller \(caller) is not in the \(ranges.count) allowed address\(ranges.count == 1 ? "" : "es") or ranges → 403")
                throw accessFailure(policy, status: 403, reason: "CallerIpNotAllowed",
                    message: "Caller IP address \(caller) is not allowed. Access denied.", publicMessage: "Forbidden")
            }
            record(.policy, policy, "caller \(caller) is allowed by \(match.shown)")
        }
    }

    // MARK: Credentials for the backend

    /// `authentication-basic`: `Authorization: Basic base64(username:password)` on the request.
    func authenticateBasic(_ policy: Policy) throws {
        let (username, value) = try basicAuthorization(policy.element, in: policy)
        context.request.headers.set("Authorization", [value])
        record(.policy, policy, "Authorization: Basic credentials of user '\(username)' set on the request")
    }

    /// The user name and the `Authorization` value of an `authentication-basic` element.
    func basicAuthorization(_ element: Element, in policy: Policy) throws -> (String, String) {
        let username = try text(element["username"], in: policy) ?? ""
        let password = try text(element["password"], in: policy) ?? ""
        return (username, "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
    }

    /// `authentication-certificate`: records which client certificate the gateway presents to the backend.
    func authenticateWithCertificate(_ policy: Policy) throws {
        let presented = try clientCertificateDescription(policy.element, in: policy)
        record(.policy, policy, "\(presented) presented to the backend")
    }

    /// Which certificate an `authentication-certificate` element presents: `client certificate 'id'
    /// (thumbprint …)`, `… with thumbprint …` or `… from 'body' (N bytes)`.
    func clientCertificateDescription(_ element: Element, in policy: Policy) throws -> String {
        let certificates = gateway.access.certificates
        if let id = try text(element["certificate-id"], in: policy) {
            guard let certificate = certificates[id] else {
                if !certificates.isEmpty {
                    record(.warning, policy, "certificate '\(id)' is not in the scenario's certificates")
                }
                return "client certificate '\(id)'"
            }
            return "client certificate '\(id)'" + (certificate.thumbprint.map { " (thumbprint \($0))" } ?? "")
        }
        if let thumbprint = try text(element["thumbprint"], in: policy) {
            let named = certificates.values.first { $0.thumbprint?.uppercased() == thumbprint.uppercased() }
            return "client certificate with thumbprint \(thumbprint.uppercased())" + (named.map { " (certificate '\($0.id)')" } ?? "")
        }
        if let body = element["body"] {
            let value = try evaluate(body, in: policy)
            var size = 0
            switch value {
            case .array(let array): size = array.items.count
            case .string(let text): size = (try? DotNetConvert.fromBase64String(text).count) ?? text.utf8.count
            default: break
            }
            return "client certificate from 'body' (\(size) bytes\(element["password"] != nil ? ", with password" : ""))"
        }
        record(.warning, policy, "no thumbprint, certificate-id or body: no client certificate is presented")
        return "no client certificate"
    }

    /// `get-authorization-context`: the credential manager's context for a connection, as the
    /// scenario's `authorizations:` gives it, or a deterministic fake when the scenario has none.
    func getAuthorizationContext(_ policy: Policy) throws {
        let provider = try text(policy.element["provider-id"], in: policy) ?? ""
        let authorization = try text(policy.element["authorization-id"], in: policy) ?? ""
        let variable = policy.element["context-variable-name"]?.text ?? ""
        let ignoreError = try bool(policy.element["ignore-error"], default: false, in: policy)
        let identityType = (try text(policy.element["identity-type"], in: policy) ?? "managed").lowercased()
        let key = "\(provider)/\(authorization)"
        var failure: String?
        var object: AuthorizationObject?
        if let known = gateway.access.authorizations {
            if let entry = known[key] {
                if let error = entry.error {
                    failure = error
                } else {
                    let claims = entry.claims.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }
                    object = AuthorizationObject(accessToken: entry.accessToken ?? SimulatedTokens.authorization(key), claims: claims)
                }
            } else {
                failure = "Authorization '\(authorization)' of provider '\(provider)' was not found."
            }
        } else {
            object = AuthorizationObject(accessToken: SimulatedTokens.authorization(key))
        }
        if let object {
            context.variables.set(variable, .object(object))
            let source = gateway.access.authorizations == nil ? "simulated" : "scenario"
            record(.policy, policy, "\(source) authorization context for \(key) (identity-type \(identityType)) stored in \(variable)")
            return
        }
        let message = failure ?? "Authorization context is not available."
        if ignoreError {
            context.variables.set(variable, .null)
            record(.policy, policy, "\(message) Ignored (ignore-error); \(variable) = null")
            return
        }
        throw PolicyFailure(source: policy.name, reason: "AuthorizationContextNotFound", message: message)
    }
}

extension SimulatedTokens {
    /// A fake, clearly-labelled access token for a credential manager connection.
    static func authorization(_ key: String) -> String {
        "simulated-access-token-for-" + key
    }
}

/// An IPv4 or IPv6 address as a 128-bit number (IPv4 as IPv4-mapped IPv6), for range checks.
struct IPAddressValue: Comparable, Sendable {
    var high: UInt64
    var low: UInt64

    static func < (lhs: IPAddressValue, rhs: IPAddressValue) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let v4 = IPAddressValue.ipv4(trimmed) {
            high = 0
            low = 0xFFFF_0000_0000 | UInt64(v4)
            return
        }
        guard let groups = IPAddressValue.ipv6(trimmed) else { return nil }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for (index, group) in groups.enumerated() {
            if index < 4 { h = h << 16 | UInt64(group) } else { l = l << 16 | UInt64(group) }
        }
        high = h
        low = l
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    /// Eight 16-bit groups; `::` compression and a trailing dotted IPv4 part are accepted.
    private static func ipv6(_ text: String) -> [UInt16]? {
        var body = text
        if body.hasPrefix("["), body.hasSuffix("]") { body = String(body.dropFirst().dropLast()) }
        if let percent = body.firstIndex(of: "%") { body = String(body[..<percent]) }
        guard body.contains(":"), body.count <= 45 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let group = UInt16(piece, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }
        let halves = body.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = groups(Substring(body)), all.count == 8 else { return nil }
            return all
        case 2:
            guard let head = groups(Substring(halves[0])), let tail = groups(Substring(halves[1])), head.count + tail.count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }
}
