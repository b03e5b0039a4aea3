import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

extension RequestExecution {
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

    /// Virtual now as Unix seconds.
    var unixNowSeconds: Double { Double(gateway.startUnixMilliseconds &+ now) / 1000 }

    static func isoDate(unixSeconds: Double) -> String {
        guard unixSeconds.isFinite, abs(unixSeconds) < 1e12 else { return String(unixSeconds) }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: unixSeconds.rounded(.down)))
    }
}
