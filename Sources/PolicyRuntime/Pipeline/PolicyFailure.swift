import PolicyExpressions
import PolicyModel
import PolicySource

/// An error raised while a policy runs. It becomes `context.LastError` and sends the call to
/// the on-error section; `status` is what the caller gets when on-error sets no response.
struct PolicyFailure: Error, Sendable {
    var source: String
    var reason: String
    var message: String
    var status: Int
    var statusReason: String
    /// Filled in where the failure is caught: where it happened.
    var section: String = ""
    var path: String = ""
    var policyId: String = ""
    var scope: String = ""
    var line: Int?
    /// The document holding the failing policy (a scope or fragment file), as `position.file` was.
    var file: String?
    /// The response a failing backend call left (kept in context.Response).
    var keepsResponse = false

    init(source: String, reason: String, message: String, status: Int = 500, statusReason: String = "Internal Server Error") {
        self.source = source
        self.reason = reason
        self.message = message
        self.status = status
        self.statusReason = statusReason
    }
}

/// Ends the pipeline with the response as it stands (return-response, mock-response).
struct ResponseReturned: Error, Sendable {}

/// A broken scenario or program found while running (not the policy's own doing).
struct RunAbort: Error, Sendable {
    var message: String
    /// Where in the scenario the problem is, when known.
    var location: SourceLocation?
    /// The policy that met it, and its line.
    var policy: String?
    var line: Int?
}

extension PolicyFailure {
    /// `context.LastError` for this failure.
    var lastError: LastErrorData {
        LastErrorData(source: source, reason: reason, message: message, scope: scope, section: section, path: path, policyId: policyId)
    }
}
