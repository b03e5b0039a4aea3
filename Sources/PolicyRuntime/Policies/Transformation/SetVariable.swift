import PolicyExpressions
import PolicyModel

// The simulation of `<set-variable>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/SetVariable.swift.

/// The types `context.Variables` accepts (apim-semantics §8).
enum VariableTypes {
    static func isAllowed(_ value: Value) -> Bool {
        switch value {
        case .null, .bool, .char, .byte, .int, .long, .ulong, .float, .double, .decimal, .string, .dateTime, .dateTimeOffset, .timeSpan, .guid:
            return true
        case .array(let array):
            return array.elementType.lowercased() == "byte"
        case .object(let object):
            return object is JTokenObject || object is ResponseData || object.typeName.hasPrefix("J")
        case .list, .dictionary, .function:
            return false
        }
    }
}

extension RequestExecution {
    func setVariable(_ variable: SetVariable, _ policy: Policy) throws {
        let name = variable.name?.text ?? ""
        let value = try variable.value.map { value throws(PolicyFailure) in try evaluate(value, in: policy) } ?? .null
        guard VariableTypes.isAllowed(value) else {
            throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "Expression evaluation failed. Variable '\(name)' cannot hold a value of type '\(value.typeName)'; context.Variables accepts primitives, string, Guid, DateTime, TimeSpan, byte[] and JSON tokens.")
        }
        context.variables.set(name, value)
        record(.variable, policy, "\(name) = \(Self.display(value))")
    }
}
