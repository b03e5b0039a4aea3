/// An exception raised while evaluating a policy expression, shaped like the .NET exception APIM
/// would have thrown: `exceptionType` is the full .NET type name, `message` its `Message`.
///
/// The interpreter turns it into `context.LastError` with Reason `ExpressionValueEvaluationFailure`
/// and Message `"Expression evaluation failed. " + message`.
public struct ExpressionRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Full .NET type name, e.g. `System.NullReferenceException`.
    public var exceptionType: String
    /// The exception's `Message`, exactly as .NET words it.
    public var message: String
    /// UTF-8 byte offset in the expression source of the node that raised it, when known.
    public var offset: Int?
    /// False for policycheck's own limits (step budget, size limits): `catch` cannot swallow them.
    public var isCatchable: Bool

    public init(_ exceptionType: String, _ message: String, offset: Int? = nil, isCatchable: Bool = true) {
        self.exceptionType = exceptionType
        self.message = message
        self.offset = offset
        self.isCatchable = isCatchable
    }

    /// The short type name (`NullReferenceException`).
    public var shortTypeName: String {
        if let dot = exceptionType.lastIndex(of: ".") { return String(exceptionType[exceptionType.index(after: dot)...]) }
        return exceptionType
    }

    /// The LastError message APIM reports: `Expression evaluation failed. <message>`.
    public var lastErrorMessage: String { "Expression evaluation failed. " + message }

    public var description: String { "\(exceptionType): \(message)" }

    // MARK: The .NET exceptions policies meet most

    static let nullReference = ExpressionRuntimeError("System.NullReferenceException", "Object reference not set to an instance of an object.")
    static let divideByZero = ExpressionRuntimeError("System.DivideByZeroException", "Attempted to divide by zero.")
    static let overflow = ExpressionRuntimeError("System.OverflowException", "Arithmetic operation resulted in an overflow.")
    static let indexOutOfRange = ExpressionRuntimeError("System.IndexOutOfRangeException", "Index was outside the bounds of the array.")
    static let invalidFormat = ExpressionRuntimeError("System.FormatException", "Input string was not in a correct format.")

    static func keyNotFound(_ key: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.Collections.Generic.KeyNotFoundException", "The given key '\(key)' was not present in the dictionary.")
    }

    static func invalidCast(from: String, to: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.InvalidCastException", "Unable to cast object of type '\(qualifiedTypeName(from))' to type '\(qualifiedTypeName(to))'.")
    }

    static func argumentOutOfRange(_ parameter: String, _ message: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.ArgumentOutOfRangeException", "\(message) (Parameter '\(parameter)')")
    }

    static func argumentNull(_ parameter: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.ArgumentNullException", "Value cannot be null. (Parameter '\(parameter)')")
    }

    static func argument(_ message: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.ArgumentException", message)
    }

    static func invalidOperation(_ message: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("System.InvalidOperationException", message)
    }

    /// A member or feature this simulator does not implement (valid in APIM).
    static func unsupported(_ what: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("PolicyCheck.NotSupportedException", "\(what) is not supported by policycheck", isCatchable: false)
    }

    /// A member that does not exist on a type (APIM would reject the policy when saving it).
    static func missingMember(_ member: String, on type: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("PolicyCheck.MissingMemberException", "'\(type)' does not contain a definition for '\(member)'", isCatchable: false)
    }

    static func limit(_ message: String) -> ExpressionRuntimeError {
        ExpressionRuntimeError("PolicyCheck.LimitExceededException", message, isCatchable: false)
    }
}

/// `System.Int32` for `Int32`, `System.Collections.Generic.List`1` … as .NET prints in cast messages.
func qualifiedTypeName(_ name: String) -> String {
    if name.contains(".") { return name }
    switch name {
    case "JObject", "JArray", "JToken", "JValue", "JProperty": return "Newtonsoft.Json.Linq." + name
    case "List`1", "Dictionary`2", "HashSet`1", "KeyValuePair`2": return "System.Collections.Generic." + name
    case "StringBuilder": return "System.Text.StringBuilder"
    default: return "System." + name
    }
}
