import Foundation
import PolicySource

/// The state of one evaluation of a prepared expression: local variable slots, the step
/// counter, and the policy context. One evaluation at a time uses it: a finished one may be handed
/// to the next (`PreparedExpression.evaluate(in:reusing:)`, which resets it), but it is never
/// shared between two evaluations in progress or across threads.
public final class Evaluation {
    /// The `context` object of this evaluation.
    public private(set) var context: PolicyContext
    var slots: [Value]
    /// Evaluation steps taken so far: statements, loop iterations, calls, lambda invocations, and
    /// the size of the work operations do (see ``charge(utf8:)`` and ``charge(elements:)``).
    public private(set) var steps = 0
    /// Most steps allowed before ``ExpressionRuntimeError`` "expression exceeded the step budget".
    public private(set) var stepBudget: Int
    /// The step count past which `step` looks at the budget and the clock again (the hot path
    /// compares against this one number only).
    private var nextCheck = 0
    /// Monotonic time (ns) of the first clock check; 0 until the expression has taken
    /// ``ExpressionLimits/clockCheckInterval`` steps (short expressions never read the clock).
    private var clockStart: UInt64 = 0
    /// Wall-clock time allowed to one evaluation.
    private var timeLimit: Duration = ExpressionLimits.maxEvaluationTime
    /// Values written by the last call's `out` parameters, in parameter order.
    var outValues: [Value] = []
    /// Nested lambda / local function calls in progress.
    var callDepth = 0
    /// Argument arrays of finished calls, kept for their capacity (see `takeArguments`).
    private var spareArguments: [[Value]] = []

    init(context: PolicyContext, slotCount: Int, stepBudget: Int, timeLimit: Duration = ExpressionLimits.maxEvaluationTime) {
        self.context = context
        self.slots = Array(repeating: .null, count: slotCount)
        self.stepBudget = stepBudget
        self.timeLimit = timeLimit
        nextCheck = min(stepBudget, ExpressionLimits.clockCheckInterval)
    }

    /// Readies a finished evaluation for the next expression, on `context`.
    func restart(on context: PolicyContext, slotCount: Int, stepBudget: Int, timeLimit: Duration = ExpressionLimits.maxEvaluationTime) {
        self.context = context
        steps = 0
        self.stepBudget = stepBudget
        self.timeLimit = timeLimit
        nextCheck = min(stepBudget, ExpressionLimits.clockCheckInterval)
        clockStart = 0
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

    /// Counts `count` steps; throws when the budget is used up or the expression has run past its
    /// wall-clock limit (looked at every ``ExpressionLimits/clockCheckInterval`` steps).
    @inline(__always)
    public func step(_ count: Int = 1) throws {
        steps &+= count
        if steps > nextCheck { try checkLimits() }
    }

    @inline(never)
    private func checkLimits() throws {
        if steps > stepBudget || steps < 0 {
            throw ExpressionRuntimeError.limit("expression exceeded the step budget of \(stepBudget) steps")
        }
        try checkTime()
        nextCheck = min(stepBudget, steps &+ ExpressionLimits.clockCheckInterval)
    }

    /// Reads the monotonic clock now and throws when the expression has run longer than its time
    /// limit. Called every few thousand steps, and after operations that may take long without
    /// taking steps (a regex match).
    func checkTime() throws {
        let now = DispatchTime.now().uptimeNanoseconds
        if clockStart == 0 { clockStart = now; return }
        let limit = timeLimit.components
        let limitNanos = UInt64(max(0, limit.seconds)) * 1_000_000_000 + UInt64(max(0, limit.attoseconds) / 1_000_000_000)
        if now &- clockStart > limitNanos {
            throw ExpressionRuntimeError.limit("expression exceeded the time limit of \(limitNanos / 1_000_000) ms")
        }
    }

    /// The time the expression has left before its time limit (the whole limit before the clock
    /// has started).
    func timeLeft() -> Duration {
        guard clockStart != 0 else { return timeLimit }
        let elapsed = Duration.nanoseconds(Int64(clamping: DispatchTime.now().uptimeNanoseconds &- clockStart))
        return max(.zero, timeLimit - elapsed)
    }

    /// Charges the budget for work over `count` UTF-8 bytes of text (reading, building or
    /// scanning a string): one step per ``ExpressionLimits/bytesPerStep``.
    @inline(__always)
    func charge(utf8 count: Int) throws {
        try step(count / ExpressionLimits.bytesPerStep)
    }

    /// Charges the budget for parsing `count` bytes of JSON, which builds a token per value:
    /// one step per ``ExpressionLimits/jsonBytesPerStep``.
    @inline(__always)
    func charge(json count: Int) throws {
        try step(count / ExpressionLimits.jsonBytesPerStep)
    }

    /// Charges the budget for work over `count` collection elements: one step per
    /// ``ExpressionLimits/elementsPerStep``.
    @inline(__always)
    func charge(elements count: Int) throws {
        try step(count / ExpressionLimits.elementsPerStep)
    }

    /// Charges the budget for a value an operation returned or consumed, by its size: the
    /// characters of a string, the elements of an array, list, dictionary or materialised sequence.
    /// Other values cost nothing beyond the step of the call.
    @inline(__always)
    func charge(_ value: Value) throws {
        switch value {
        case .string(let text): try charge(utf8: text.utf8.count)
        case .array(let array): try charge(elements: array.items.count)
        case .list(let list): try charge(elements: list.items.count)
        case .dictionary(let dictionary): try charge(elements: dictionary.count)
        case .object(let object): if let sized = object as? any SizedResult { try charge(elements: sized.elementCount) }
        default: break
        }
    }

    /// Checks a string about to be created against the size limit. Charging for it is the
    /// caller's (or the central charge of the call that returns it).
    func checkLength(_ utf16Count: Int) throws {
        if utf16Count > ExpressionLimits.maxStringLength {
            throw ExpressionRuntimeError.limit("expression built a string longer than \(ExpressionLimits.maxStringLength) characters")
        }
    }

    /// Checks a collection about to be created against the size limit.
    func checkCount(_ count: Int) throws {
        if count > ExpressionLimits.maxCollectionCount {
            throw ExpressionRuntimeError.limit("expression built a collection of more than \(ExpressionLimits.maxCollectionCount) elements")
        }
    }
}

/// A library object that holds a materialised sequence whose size the budget charges when a call
/// returns it (LINQ results, match collections).
protocol SizedResult {
    var elementCount: Int { get }
}

extension EnumerableObject: SizedResult { var elementCount: Int { items.count } }
extension OrderedEnumerableObject: SizedResult { var elementCount: Int { items.count } }
extension MatchCollectionObject: SizedResult { var elementCount: Int { matches.count } }

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
    /// `timeLimit` bounds the wall-clock time of the evaluation (``ExpressionLimits/maxEvaluationTime``).
    public func evaluate(in context: PolicyContext, stepBudget: Int = ExpressionLimits.defaultStepBudget,
                         timeLimit: Duration = ExpressionLimits.maxEvaluationTime) throws(ExpressionRuntimeError) -> Value {
        try run(Evaluation(context: context, slotCount: slotCount, stepBudget: stepBudget, timeLimit: timeLimit))
    }

    /// Evaluates against `context` with the evaluation state in `spare`, which is reused when
    /// nothing else holds it and replaced otherwise. For callers that evaluate many expressions in
    /// a row; the result is the same as `evaluate(in:stepBudget:)`. Between evaluations the state
    /// holds nothing of `context`.
    public func evaluate(in context: PolicyContext, reusing spare: inout Evaluation?, stepBudget: Int = ExpressionLimits.defaultStepBudget,
                         timeLimit: Duration = ExpressionLimits.maxEvaluationTime) throws(ExpressionRuntimeError) -> Value {
        let evaluation: Evaluation
        if isKnownUniquelyReferenced(&spare), let kept = spare {
            kept.restart(on: context, slotCount: slotCount, stepBudget: stepBudget, timeLimit: timeLimit)
            evaluation = kept
        } else {
            evaluation = Evaluation(context: context, slotCount: slotCount, stepBudget: stepBudget, timeLimit: timeLimit)
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
