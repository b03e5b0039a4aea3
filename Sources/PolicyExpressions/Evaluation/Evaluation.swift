import PolicySource

/// The state of one evaluation of a prepared expression: local variable slots, the step
/// counter, and the policy context. Create one per evaluation; it is not shared across threads.
public final class Evaluation {
    /// The `context` object of this evaluation.
    public private(set) var context: PolicyContext
    var slots: [Value]
    /// Evaluation steps taken so far (statements, loop iterations, calls, lambda invocations).
    public private(set) var steps = 0
    /// Most steps allowed before ``ExpressionRuntimeError`` "expression exceeded the step budget".
    public private(set) var stepBudget: Int
    /// Values written by the last call's `out` parameters, in parameter order.
    var outValues: [Value] = []
    /// Nested lambda / local function calls in progress.
    var callDepth = 0
    /// Argument arrays of finished calls, kept for their capacity (see `takeArguments`).
    private var spareArguments: [[Value]] = []

    init(context: PolicyContext, slotCount: Int, stepBudget: Int) {
        self.context = context
        self.slots = Array(repeating: .null, count: slotCount)
        self.stepBudget = stepBudget
    }

    /// Readies a finished evaluation for the next expression, on `context`.
    func restart(on context: PolicyContext, slotCount: Int, stepBudget: Int) {
        self.context = context
        steps = 0
        self.stepBudget = stepBudget
        callDepth = 0
        if slots.count != slotCount { slots = Array(repeating: .null, count: slotCount) }
    }

    /// Lets go of the context and of what the finished expression left in slots and out-values:
    /// a kept evaluation holds on to no object of a request (which the runner could then not
    /// recycle, see `PolicyContext.recycle`).
    func finish() {
        context = Self.noContext
        for index in slots.indices { slots[index] = .null }
        if !outValues.isEmpty { outValues = [] }
    }

    /// What a kept evaluation points at between expressions; never evaluated against.
    private static let noContext = PolicyContext()

    /// An empty array for a call's arguments, reusing one a finished call gave back.
    func takeArguments(_ count: Int) -> [Value] {
        guard var arguments = spareArguments.popLast() else {
            var fresh: [Value] = []
            fresh.reserveCapacity(max(count, 2))
            return fresh
        }
        // One element at a time: cheaper than `removeAll(keepingCapacity:)` for the usual one or
        // two. A callee that kept the array shares its storage: emptying it then copies first.
        while !arguments.isEmpty { arguments.removeLast() }
        return arguments
    }

    /// Gives a call's arguments back once the call is over.
    func giveBack(_ arguments: inout [Value]) {
        guard spareArguments.count < 8 else { return }
        var returned: [Value] = []
        swap(&returned, &arguments)
        spareArguments.append(returned)
    }

    /// Counts one step; throws when the budget is used up.
    @inline(__always)
    public func step(_ count: Int = 1) throws {
        steps &+= count
        if steps > stepBudget {
            throw ExpressionRuntimeError.limit("expression exceeded the step budget of \(stepBudget) steps")
        }
    }

    /// Checks a string about to be created against the size limit.
    func checkLength(_ utf16Count: Int) throws {
        try step(utf16Count >> 12) // building big strings costs steps too
        if utf16Count > ExpressionLimits.maxStringLength {
            throw ExpressionRuntimeError.limit("expression built a string longer than \(ExpressionLimits.maxStringLength) characters")
        }
    }

    /// Checks a collection about to be created against the size limit.
    func checkCount(_ count: Int) throws {
        if count > ExpressionLimits.maxCollectionCount {
            throw ExpressionRuntimeError.limit("expression built a collection of more than \(ExpressionLimits.maxCollectionCount) elements")
        }
        try step(count / 64)
    }
}

/// A parsed expression compiled to closures: parse once, evaluate many times (also from several
/// threads at once, each evaluation with its own ``PolicyContext``).
public struct PreparedExpression: Sendable {
    /// The syntax tree it was compiled from.
    public let parsed: ParsedExpression
    let code: Code
    let slotCount: Int

    /// Compiles a parsed expression. Never fails: constructs this simulator does not support
    /// compile to code that throws a clear "not supported by policycheck" error when reached.
    public init(_ parsed: ParsedExpression) {
        self.parsed = parsed
        let compiler = Compiler()
        switch parsed.body {
        case .expression(let expr):
            self.code = compiler.compile(expr)
        case .block(let statements):
            let body = compiler.compileBlock(statements)
            self.code = { evaluation in
                switch try body(evaluation) {
                case .returned(let value): return value
                default:
                    throw ExpressionRuntimeError("PolicyCheck.MissingReturnException", "not all code paths of the expression block return a value", isCatchable: false)
                }
            }
        }
        self.slotCount = compiler.maxSlots
    }

    /// Parses and compiles `source` (the whole `@(...)` / `@{...}` text).
    public init(source: String) throws(ExpressionSyntaxError) {
        self.init(try ExpressionParser.parse(source))
    }

    /// Evaluates against `context`. Throws ``ExpressionRuntimeError`` for .NET exceptions and limits.
    public func evaluate(in context: PolicyContext, stepBudget: Int = ExpressionLimits.defaultStepBudget) throws(ExpressionRuntimeError) -> Value {
        try run(Evaluation(context: context, slotCount: slotCount, stepBudget: stepBudget))
    }

    /// Evaluates against `context` with the evaluation state in `spare`, which is reused when
    /// nothing else holds it and replaced otherwise. For callers that evaluate many expressions in
    /// a row; the result is the same as `evaluate(in:stepBudget:)`. Between evaluations the state
    /// holds nothing of `context`.
    public func evaluate(in context: PolicyContext, reusing spare: inout Evaluation?, stepBudget: Int = ExpressionLimits.defaultStepBudget) throws(ExpressionRuntimeError) -> Value {
        let evaluation: Evaluation
        if isKnownUniquelyReferenced(&spare), let kept = spare {
            kept.restart(on: context, slotCount: slotCount, stepBudget: stepBudget)
            evaluation = kept
        } else {
            evaluation = Evaluation(context: context, slotCount: slotCount, stepBudget: stepBudget)
            spare = evaluation
        }
        defer { evaluation.finish() }
        return try run(evaluation)
    }

    private func run(_ evaluation: Evaluation) throws(ExpressionRuntimeError) -> Value {
        do {
            return try code(evaluation)
        } catch let error as ExpressionRuntimeError {
            throw error
        } catch is NullShortCircuit {
            return .null
        } catch {
            throw ExpressionRuntimeError("System.Exception", String(describing: error))
        }
    }
}

typealias Code = @Sendable (Evaluation) throws -> Value

/// Control flow out of a statement.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

typealias StatementCode = @Sendable (Evaluation) throws -> Flow

/// Thrown by `?.` / `?[` on a null receiver; caught at the end of the member-access chain.
struct NullShortCircuit: Error {}
