import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-headers>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateHeaders.swift.

extension RequestExecution {
    func validateHeaders(_ validation: ValidateHeaders, _ policy: Policy) throws {
        let specified = try action(validation.specifiedHeaderAction, default: "prevent", in: policy)
        let unspecified = try action(validation.unspecifiedHeaderAction, default: "prevent", in: policy)
        let named = try namedActions(validation.headers, default: specified, policy)
        let names = context.response.headers.entries.map(\.name)
        record(.policy, policy, "not checked: whether the response headers [\(names.isEmpty ? "none" : names.joined(separator: ", "))] are in the API schema and conform needs the API definition, which policycheck does not have (specified: \(specified), unspecified: \(unspecified)\(named.isEmpty ? "" : "; " + named.joined(separator: ", ")))")
    }
}
