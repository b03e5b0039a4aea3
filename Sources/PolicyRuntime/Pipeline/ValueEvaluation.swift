import PolicyExpressions
import PolicyModel

/// Reading attribute values and text at run time: named values first, then expressions.
extension RequestExecution {
    /// The value of an attribute or text: an expression's result, or the (substituted) text.
    func evaluate(_ value: PolicyValue, in policy: Policy) throws(PolicyFailure) -> Value {
        if let plain = value.plainText { return .string(plain) }
        var source = value.text
        let expressionText: String
        if !value.hasNamedValues, let text = value.expressionText {
            expressionText = text
        } else {
            if value.hasNamedValues { source = substituteNamedValues(source, policy: policy) }
            let trimmed = source.trimmingSpaces()
            guard value.hasExpression || trimmed.hasPrefix("@(") || trimmed.hasPrefix("@{") else { return .string(source) }
            expressionText = trimmed
        }
        switch gateway.expressions.expression(expressionText) {
        case .failure(let error):
            throw PolicyFailure(
                source: policy.name, reason: "ExpressionValueEvaluationFailure",
                message: "Expression evaluation failed. The expression could not be parsed: \(error.message)")
        case .success(let entry):
            do {
                return try entry.prepared.evaluate(in: context, reusing: &gateway.spareEvaluation)
            } catch {
                throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure", message: error.lastErrorMessage)
            }
        }
    }

    /// Replaces `{{name}}` with its named value; an unknown name is stubbed with its own name and a warning.
    func substituteNamedValues(_ text: String, policy: Policy) -> String {
        var result = text
        for (_, name) in PolicyValue.namedValueReferences(in: text) {
            let replacement: String
            if let value = program.namedValues[name] {
                replacement = value
            } else {
                replacement = name
                if missingNamedValues.insert(name).inserted {
                    if program.unknownNamedValues.contains(name) {
                        record(.warning, policy, "named value '\(name)' is a secret whose value is not known offline; stubbed with \"\(name)\" (give it with --named-values or the environment file)")
                    } else {
                        record(.warning, policy, "named value '\(name)' is not defined in the scenario; stubbed with \"\(name)\"")
                    }
                }
            }
            result = result.replacingOccurrences(of: "{{" + name + "}}", with: replacement)
        }
        return result
    }

    /// The value as text (`ToString()`), or nil when absent.
    /// The evaluated texts of values (a value that evaluates to null is left out).
    func texts(_ values: [PolicyValue], in policy: Policy) throws(PolicyFailure) -> [String] {
        var result: [String] = []
        for value in values {
            if let text = try text(value, in: policy) { result.append(text) }
        }
        return result
    }

    func text(_ value: PolicyValue?, in policy: Policy) throws(PolicyFailure) -> String? {
        guard let value else { return nil }
        if let text = value.plainText { return text }
        let result = try evaluate(value, in: policy)
        if result.isNull { return nil }
        return result.dotNetString
    }


    func bool(_ value: PolicyValue?, default defaultValue: Bool, in policy: Policy) throws(PolicyFailure) -> Bool {
        guard let value else { return defaultValue }
        if let text = value.plainText {
            if text == "true" { return true }
            if text == "false" { return false }
        }
        let result = try evaluate(value, in: policy)
        switch result {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        case .string(let text):
            switch text.trimmingSpaces().lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        default: break
        }
        throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
            message: "Expression evaluation failed. '\(result.dotNetString)' is not a boolean value.")
    }

    func integer(_ value: PolicyValue?, default defaultValue: Int, in policy: Policy) throws(PolicyFailure) -> Int {
        guard let value else { return defaultValue }
        if let number = value.plainInteger { return number }
        let result = try evaluate(value, in: policy)
        switch result {
        case .int(let number): return Int(number)
        case .long(let number): return Int(number)
        case .byte(let number): return Int(number)
        case .double(let number) where number.isFinite && abs(number) < 1e15: return Int(number)
        case .string(let text):
            if let number = Int(text) ?? Int(text.trimmingSpaces()) { return number }
        default: break
        }
        throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
            message: "Expression evaluation failed. '\(result.dotNetString)' is not an integer value.")
    }

    func seconds(_ value: PolicyValue?, default defaultValue: Double, in policy: Policy) throws(PolicyFailure) -> Double {
        guard let value else { return defaultValue }
        if let number = value.plainInteger { return Double(number) }
        let result = try evaluate(value, in: policy)
        switch result {
        case .int(let number): return Double(number)
        case .long(let number): return Double(number)
        case .double(let number) where number.isFinite: return number
        case .decimal: if let number = Double(result.dotNetString), number.isFinite { return number }
        case .timeSpan(let ticks): return Double(ticks) / 10_000_000
        case .string(let text):
            if let number = Double(text) ?? Double(text.trimmingSpaces()), number.isFinite { return number }
        default: break
        }
        throw PolicyFailure(source: policy.name, reason: "ExpressionValueEvaluationFailure",
            message: "Expression evaluation failed. '\(result.dotNetString)' is not a number.")
    }
}

