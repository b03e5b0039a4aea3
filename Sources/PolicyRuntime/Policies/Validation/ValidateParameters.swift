import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-parameters>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateParameters.swift.

extension RequestExecution {
    func validateParameters(_ validation: ValidateParameters, _ policy: Policy) throws {
        let specified = try action(validation.specifiedParameterAction, default: "prevent", in: policy)
        let unspecified = try action(validation.unspecifiedParameterAction, default: "prevent", in: policy)
        var parts: [String] = []
        for (location, names, override) in [
            ("headers", context.request.headers.entries.map(\.name), validation.headers),
            ("query", context.request.url.query.map { $0.0 }, validation.query),
            ("path", context.request.matchedParameters.map { $0.0 }, validation.path),
        ] {
            let locationSpecified = try override.map { try action($0.specifiedParameterAction, default: specified, in: policy) } ?? specified
            let locationUnspecified = try override.map { try action($0.unspecifiedParameterAction, default: unspecified, in: policy) } ?? unspecified
            let named = try namedActions(override?.parameters ?? [], default: locationSpecified, policy)
            let shown = names.isEmpty ? "none" : names.joined(separator: ", ")
            var part = "\(location) [\(shown)] (specified: \(locationSpecified), unspecified: \(location == "path" ? "-" : locationUnspecified)"
            if !named.isEmpty { part += "; \(named.joined(separator: ", "))" }
            parts.append(part + ")")
        }
        record(.policy, policy, "not checked: whether each parameter is in the API schema and its value conforms needs the API definition, which policycheck does not have; \(parts.joined(separator: "; "))")
    }
}
