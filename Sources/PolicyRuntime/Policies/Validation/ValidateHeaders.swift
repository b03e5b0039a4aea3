import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-headers>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateHeaders.swift.

extension RequestExecution {
    func validateHeaders(_ policy: Policy) throws {
        let element = policy.element
        let specified = try action(element["specified-header-action"], default: "prevent", in: policy)
        let unspecified = try action(element["unspecified-header-action"], default: "prevent", in: policy)
        var named: [String] = []
        for header in element.elements(named: "header") {
            let name = try text(header["name"], in: policy) ?? ""
            let headerAction = try action(header["action"], default: specified, in: policy)
            named.append("\(name): \(headerAction)")
        }
        let names = context.response.headers.entries.map(\.name)
        record(.policy, policy, "not checked: whether the response headers [\(names.isEmpty ? "none" : names.joined(separator: ", "))] are in the API schema and conform needs the API definition, which policycheck does not have (specified: \(specified), unspecified: \(unspecified)\(named.isEmpty ? "" : "; " + named.joined(separator: ", ")))")
    }
}
