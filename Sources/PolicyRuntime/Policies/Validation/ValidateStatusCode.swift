import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-status-code>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateStatusCode.swift.

extension RequestExecution {
    func validateStatusCode(_ validation: ValidateStatusCode, _ policy: Policy) throws {
        let code = Int(context.response.statusCode)
        let unspecified = try action(validation.unspecifiedStatusCodeAction, default: "prevent", in: policy)
        for listed in validation.statusCodes {
            let listedCode = try integer(listed.code, default: 0, in: policy)
            guard listedCode == code else { continue }
            let listedAction = try action(listed.action, default: unspecified, in: policy)
            record(.policy, policy, "status \(code) is listed with action \(listedAction)")
            try applyValidationErrors([ValidationError(name: "\(code)", type: "StatusCode", rule: "Unspecified",
                details: "Response status code \(code) is not allowed.", publicMessage: Self.internalErrorMessage, action: listedAction)],
                policy, variable: validation.errorsVariableName)
            return
        }
        record(.policy, policy, "not checked: whether status \(code) is in the API schema needs the API definition, which policycheck does not have; unspecified-status-code-action \(unspecified) not applied")
    }
}
