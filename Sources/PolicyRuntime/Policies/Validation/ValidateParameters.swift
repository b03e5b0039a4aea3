import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-parameters>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateParameters.swift.

extension RequestExecution {
    func validateParameters(_ policy: Policy) throws {
        let element = policy.element
        let specified = try action(element["specified-parameter-action"], default: "prevent", in: policy)
        let unspecified = try action(element["unspecified-parameter-action"], default: "prevent", in: policy)
        var parts: [String] = []
        for (location, names) in [
            ("headers", context.request.headers.entries.map(\.name)),
            ("query", context.request.url.query.map { $0.0 }),
            ("path", context.request.matchedParameters.map { $0.0 }),
        ] {
            let override = element.elements(named: location).first
            let locationSpecified = try override.map { try action($0["specified-parameter-action"], default: specified, in: policy) } ?? specified
            let locationUnspecified = try override.map { try action($0["unspecified-parameter-action"], default: unspecified, in: policy) } ?? unspecified
            var named: [String] = []
            for parameter in override?.elements(named: "parameter") ?? [] {
                let name = try text(parameter["name"], in: policy) ?? ""
                let parameterAction = try action(parameter["action"], default: locationSpecified, in: policy)
                named.append("\(name): \(parameterAction)")
            }
            let shown = names.isEmpty ? "none" : names.joined(separator: ", ")
            var part = "\(location) [\(shown)] (specified: \(locationSpecified), unspecified: \(location == "path" ? "-" : locationUnspecified)"
            if !named.isEmpty { part += "; \(named.joined(separator: ", "))" }
            parts.append(part + ")")
        }
        record(.policy, policy, "not checked: whether each parameter is in the API schema and its value conforms needs the API definition, which policycheck does not have; \(parts.joined(separator: "; "))")
    }
}
