import DotNet
import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

/// One validation error in APIM's format (`Name`, `Type`, `ValidationRule`, `Details`, `Action`),
/// with the public message the caller sees when the action is `prevent`.
struct ValidationError {
    var name: String
    var type: String
    var rule: String
    var details: String
    var publicMessage: String
    var action: String

    var json: String {
        func field(_ key: String, _ value: String) -> String { "\"\(key)\": \"\(JSONText.escaped(value))\"" }
        return "{" + [field("Name", name), field("Type", type), field("ValidationRule", rule), field("Details", details), field("Action", action)]
            .joined(separator: ", ") + "}"
    }
}

extension RequestExecution {
    static let internalErrorMessage = "The request could not be processed due to an internal error. Contact the API owner."

    /// Applies the actions of the errors found: `detect` records them, `prevent` stops with 400
    /// (inbound) or 502 (outbound, on-error). The errors go to the policy's errors variable either way.
    func applyValidationErrors(_ errors: [ValidationError], _ policy: Policy, variable variableName: PolicyValue?) throws {
        let reported = errors.filter { $0.action != "ignore" }
        guard !reported.isEmpty else { return }
        let variable = variableName?.text
        if let variable, !variable.isEmpty {
            let json = "[" + reported.map(\.json).joined(separator: ", ") + "]"
            if let token = try? JToken.parse(json, parseDates: false) {
                context.variables.set(variable, .object(JTokenObject(token)))
            }
        }
        for error in reported where error.action == "detect" {
            record(.policy, policy, "detected (not blocked): \(error.details)")
        }
        guard let first = reported.first(where: { $0.action == "prevent" }) else { return }
        let onRequest = position.section == .inbound
        let status = onRequest ? 400 : 502
        throw accessFailure(policy, status: status, reason: onRequest ? "Bad request" : "Response not allowed",
            message: first.details, publicMessage: onRequest ? first.publicMessage : Self.internalErrorMessage)
    }

    func action(_ value: PolicyValue?, default fallback: String, in policy: Policy) throws -> String {
        (try text(value, in: policy) ?? fallback).lowercased()
    }

    /// `name: action` of each listed parameter or header.
    func namedActions(_ items: [NamedAction], default fallback: String, _ policy: Policy) throws -> [String] {
        var named: [String] = []
        for item in items {
            let name = try text(item.name, in: policy) ?? ""
            named.append("\(name): \(try action(item.action, default: fallback, in: policy))")
        }
        return named
    }
}
