import Foundation
import PolicyExpressions
import PolicySource
import Testing

@testable import PolicyRuntime

/// The audit of Learn's context-variable reference (`learnContextMembers`): each member is
/// accepted by the expression checker and evaluates in a scenario-like context, or is listed as
/// not supported — and then evaluation really fails, so a member that becomes supported must
/// have its row updated. Docs/expressions.md's "Context members" table lists the same rows.
struct ContextMemberAuditTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func base64url(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A request as a scenario would make it: a form body, JWT and Basic credentials, a client
    /// certificate, an API, product, subscription, user and workspace, and a JSON response.
    static func context() -> PolicyContext {
        let token = base64url(#"{"alg":"HS256","typ":"JWT"}"#) + "." +
            base64url(#"{"sub":"user-1","aud":"api://audit","iss":"https://issuer.example","jti":"t-1","exp":1767229200,"iat":1767225600,"nbf":1767225600}"#) +
            ".c2ln"
        let request = RequestData(
            method: "POST",
            url: RequestUrl(parsing: "https://apim.example/audit/items/7?tag=a&tag=b") ?? RequestUrl(),
            headers: HeaderDictionary([("Content-Type", ["application/x-www-form-urlencoded"]), ("X-Forwarded-For", ["10.0.0.1"]),
                                       ("Authorization", ["Basic " + Data("user:secret".utf8).base64EncodedString()]), ("X-Jwt", [token])]),
            body: MessageBody(text: "a=1&a=2&b=x%20y"),
            ipAddress: "203.0.113.7",
            matchedParameters: [("id", "7")])
        let context = PolicyContext(request: request, random: SeededRandom(seed: 1))
        context.response = ResponseData(statusCode: 200, statusReason: "OK", headers: HeaderDictionary([("Content-Type", ["application/json"])]),
                                        body: MessageBody(text: #"{"items": [1, 2]}"#))
        context.variables.set("name", .string("audit"))
        context.lastError = LastErrorData(source: "forward-request", reason: "Timeout", message: "timed out", scope: "api", section: "backend",
                                          path: "forward-request[1]", policyId: "fwd")
        context.api = ApiData(id: "audit-api", name: "Audit", path: "audit", serviceUrl: "https://backend.example/v1", version: "v1")
        context.operation = OperationData(id: "get-item", method: "POST", name: "Get item", urlTemplate: "/items/{id}")
        context.product = ProductData(id: "starter", name: "Starter", groups: ["developers"], subscriptionLimit: 5)
        context.subscription = SubscriptionData(id: "sub-1", key: "k1", name: "Audit subscription", secondaryKey: "k2")
        context.user = UserData(id: "u1", email: "u@example.com", firstName: "Ada", lastName: "L", note: "n", groups: ["developers"],
                                identities: [(provider: "Basic", id: "u@example.com")])
        context.workspace = WorkspaceData(id: "ws-1", name: "Workspace one")
        var certificate = ScenarioClientCertificate()
        certificate.thumbprint = "ABCDEF"
        certificate.subject = "CN=client"
        context.request.certificate = ClientCertificateObject(certificate, arrivedUnixMilliseconds: 1_767_225_600_000)
        return context
    }

    @Test(arguments: learnContextMembers)
    func checkerAcceptsMember(_ member: ContextMember) throws {
        let errors = ExpressionChecker.check(source: member.expression).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(member.testDescription): \(errors)")
    }

    @Test(arguments: learnContextMembers)
    func evaluatorEvaluatesMember(_ member: ContextMember) throws {
        var outcome: Result<Value, Error>
        do {
            outcome = .success(try PreparedExpression(source: member.expression).evaluate(in: Self.context()))
        } catch {
            outcome = .failure(error)
        }
        switch (member.support, outcome) {
        case (.supported, .failure(let error)):
            Issue.record("\(member.testDescription) is listed as supported but fails: \(error)")
        case (.notSupported(let reason), .success(let value)):
            Issue.record("\(member.testDescription) is listed as not supported (\(reason)) but evaluates to \(value.dotNetString)")
        default:
            break
        }
    }

    @Test func memberValuesComeFromTheContext() throws {
        func shown(_ source: String) throws -> String { try PreparedExpression(source: source).evaluate(in: Self.context()).dotNetString }
        #expect(try shown("@(context.Request.OriginalUrl.ToUri().AbsoluteUri)") == "https://apim.example/audit/items/7?tag=a&tag=b")
        #expect(try shown("@(context.Api.ServiceUrl.Path)") == "/v1")
        #expect(try shown("@(context.Api.SubscriptionKeyParameterNames.Header)") == "Ocp-Apim-Subscription-Key")
        #expect(try shown("@(context.Product.SubscriptionsLimit)") == "5")
        #expect(try shown("@(context.Deployment.SustainabilityInfo.CurrentCarbonIntensity)") == "NotAvailable")
        #expect(try shown("@(context.Request.Body.AsFormUrlEncodedContent(preserveContent: true).ToQueryString())") == "a=1&a=2&b=x%20y")
        #expect(try shown("@(context.Request.Certificate.VerifyNoRevocation())") == "True")
    }

    /// Docs/expressions.md "Context members": one row per list entry, same interface, member,
    /// type and support, and the totals line agrees.
    @Test func docsTableMatchesTheList() throws {
        let doc = try String(contentsOf: Self.packageRoot.appendingPathComponent("Docs/expressions.md"), encoding: .utf8)
        guard let start = doc.range(of: "## Context members") else {
            Issue.record("Docs/expressions.md has no '## Context members' section")
            return
        }
        let section = doc[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        let lines = section[..<end].split(separator: "\n").map(String.init)
        let rows = lines.filter { $0.hasPrefix("| `") }.map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\\|", with: "|") }
        }
        let expected = learnContextMembers.map { member -> [String] in
            let support: String
            switch member.support {
            case .supported: support = member.observed ? "yes (observed, not on Learn)" : "yes"
            case .notSupported(let reason): support = "no: " + reason
            }
            return ["`\(member.interface)`", "`\(member.member)`", "`\(member.type)`", support]
        }
        if rows != expected {
            // The table as it should read, for whoever updates the doc.
            let table = expected.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
            try? table.write(toFile: NSTemporaryDirectory() + "context-members-table.md", atomically: true, encoding: .utf8)
        }
        #expect(rows.count == expected.count, "the table has \(rows.count) rows, the list \(expected.count)")
        for (row, want) in zip(rows, expected) {
            #expect(row == want, "Docs/expressions.md row \(row) should be \(want)")
        }
        let documented = learnContextMembers.filter { !$0.observed }
        let supported = documented.filter { $0.support == .supported }.count
        let totals = "Learn documents \(documented.count) members: \(supported) supported, \(documented.count - supported) not supported"
        #expect(doc.contains(totals), "Docs/expressions.md should say: \(totals)")
    }
}
