import DotNet
import Foundation

/// Turns the syntax tree into closures once, so each evaluation only runs them. Locals live in
/// numbered slots of the ``Evaluation``; names are resolved here, not at run time.
final class Compiler {
    private var scopes: [[String: Int]] = [[:]]
    private(set) var maxSlots = 0
    /// Inside `checked(…)`: integer arithmetic and conversions compile to ``CheckedArithmetic``.
    private var isChecked = false

    // MARK: Scopes

    private func declare(_ name: String) -> Int {
        let slot = maxSlots
        maxSlots += 1
        scopes[scopes.count - 1][name] = slot
        return slot
    }

    private func lookup(_ name: String) -> Int? {
        for scope in scopes.reversed() {
            if let slot = scope[name] { return slot }
        }
        return nil
    }

    private func withScope<T>(_ body: () -> T) -> T {
        scopes.append([:])
        defer { scopes.removeLast() }
        return body()
    }

    // MARK: Expressions

    /// Compiles an expression that ends a member-access chain (where `?.` short-circuits to null).
    func compile(_ expr: Expr) -> Code {
        let code = compileInner(expr)
        guard chainHasNullConditional(expr) else { return code }
        return { evaluation in
            do { return try code(evaluation) } catch is NullShortCircuit { return .null }
        }
    }

    private func chainHasNullConditional(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .member(let target, _, let nullConditional, _): return nullConditional || chainHasNullConditional(target)
        case .index(let target, _, let nullConditional): return nullConditional || chainHasNullConditional(target)
        case .call(let callee, _, _):
            if case .member(let target, _, let nullConditional, _) = callee.kind { return nullConditional || chainHasNullConditional(target) }
            return false
        default: return false
        }
    }

    /// Attaches the node's offset to errors raised without one.
    private func located(_ offset: Int, _ code: @escaping Code) -> Code {
        { evaluation in
            do { return try code(evaluation) } catch var error as ExpressionRuntimeError {
                if error.offset == nil { error.offset = offset }
                throw error
            }
        }
    }

    private func compileInner(_ expr: Expr) -> Code {
        let offset = expr.offset
        switch expr.kind {
        case .literal(let literal):
            let value = literalValue(literal)
            return { _ in value }
        case .interpolated(let parts):
            return compileInterpolation(parts)
        case .name(let name):
            if let slot = lookup(name) { return { $0.slots[slot] } }
            if name == "context" { return { .object($0.context) } }
            if let type = KnownTypes.resolve(name) {
                return { _ in .object(TypeObject(name: type)) }
            }
            return { _ in throw ExpressionRuntimeError("PolicyCheck.UnknownNameException", "the name '\(name)' does not exist in the current context", offset: offset, isCatchable: false) }
        case .predefinedType(let keyword):
            let type = dotNetTypeName(keyword)
            return { _ in .object(TypeObject(name: type)) }
        case .member(let target, let name, let nullConditional, let nameOffset):
            if case .name("context") = target.kind, lookup("context") == nil, let direct = Compiler.contextMember(name) {
                return direct
            }
            if let type = staticType(of: target) {
                return located(nameOffset) { evaluation in try Library.staticProperty(type, name, evaluation) }
            }
            let receiver = compileInner(target)
            return located(nameOffset) { evaluation in
                let value = try receiver(evaluation)
                if case .null = value {
                    if nullConditional { throw NullShortCircuit() }
                    throw ExpressionRuntimeError.nullReference
                }
                return try Library.property(value, name, evaluation)
            }
        case .index(let target, let arguments, let nullConditional):
            let receiver = compileInner(target)
            let argumentCodes = arguments.map { compile($0.value) }
            return located(offset) { evaluation in
                let value = try receiver(evaluation)
                if case .null = value {
                    if nullConditional { throw NullShortCircuit() }
                    throw ExpressionRuntimeError.nullReference
                }
                var args: [Value] = []
                args.reserveCapacity(argumentCodes.count)
                for code in argumentCodes { args.append(try code(evaluation)) }
                return try Library.index(value, args, evaluation)
            }
        case .call(let callee, let typeArguments, let arguments):
            return compileCall(callee, typeArguments, arguments, offset: offset)
        case .unary(let op, let operand):
            let code = compile(operand)
            if isChecked { return located(offset) { evaluation in try CheckedArithmetic.unary(op, try code(evaluation)) } }
            return located(offset) { evaluation in try Operators.unary(op, try code(evaluation)) }
        case .increment(let target, let isIncrement, let isPrefix):
            let delta: Value = .int(isIncrement ? 1 : -1)
            let checked = isChecked
            let update = compileUpdate(target) { _, old in
                checked ? try CheckedArithmetic.increment(old, by: delta) : try Operators.increment(old, by: delta)
            }
            return located(offset) { evaluation in
                let (old, new) = try update(evaluation)
                return isPrefix ? new : old
            }
        case .binary(let op, let left, let right):
            return compileBinary(op, left, right, offset: offset)
        case .assign(let target, let op, let valueExpr):
            let value = compile(valueExpr)
            guard let op else {
                let write = compileStore(target)
                return located(offset) { evaluation in
                    let result = try value(evaluation)
                    try write(evaluation, result)
                    return result
                }
            }
            let checked = isChecked
            let update = compileUpdate(target) { evaluation, old in
                if op == .coalesce { return old.isNull ? try value(evaluation) : nil }
                if checked { return try CheckedArithmetic.binary(op, old, try value(evaluation), evaluation) }
                return try Operators.binary(op, old, try value(evaluation), evaluation)
            }
            return located(offset) { evaluation in try update(evaluation).new }
        case .conditional(let condition, let whenTrue, let whenFalse):
            let test = compile(condition)
            let yes = compile(whenTrue)
            let no = compile(whenFalse)
            return { evaluation in
                try Operators.truth(try test(evaluation)) ? try yes(evaluation) : try no(evaluation)
            }
        case .cast(let type, let operand):
            let code = compile(operand)
            if isChecked { return located(offset) { evaluation in try CheckedArithmetic.cast(try code(evaluation), to: type) } }
            return located(offset) { evaluation in try Conversions.cast(try code(evaluation), to: type) }
        case .isType(let operand, let type, let binding):
            let code = compile(operand)
            let slot = binding.map { declare($0) }
            return { evaluation in
                let value = try code(evaluation)
                let matches = type.name == "var" || (!value.isNull && Conversions.isInstance(value, of: type))
                if matches, let slot { evaluation.slots[slot] = value }
                return .bool(matches)
            }
        case .isConstant(let operand, let constant, let negated):
            let code = compile(operand)
            let constantCode = compile(constant)
            return { evaluation in
                let equal = try code(evaluation).dotNetEquals(try constantCode(evaluation))
                return .bool(equal != negated)
            }
        case .asType(let operand, let type):
            let code = compile(operand)
            return { evaluation in
                let value = try code(evaluation)
                return Conversions.isInstance(value, of: type) ? value : .null
            }
        case .lambda(let parameters, let body):
            return compileLambda(parameters, body)
        case .newObject(let type, let arguments, let initializer):
            return compileNewObject(type, arguments, initializer, offset: offset)
        case .newArray(let type, let size, let elements):
            let elementType = type?.description ?? "object"
            if let elements {
                let codes = elements.map { compile($0) }
                return located(offset) { evaluation in
                    var items: [Value] = []
                    for code in codes { items.append(try Conversions.coerce(try code(evaluation), toElement: elementType)) }
                    return .array(ArrayObject(items, elementType: type == nil ? Library.inferElementType(items) : elementType))
                }
            }
            let sizeCode = size.map { compile($0) }
            return located(offset) { evaluation in
                let count = try sizeCode.map { try Conversions.toInt($0(evaluation)) } ?? 0
                guard count >= 0 else { throw ExpressionRuntimeError("System.OverflowException", "Arithmetic operation resulted in an overflow.") }
                try evaluation.checkCount(count)
                try evaluation.charge(elements: count)
                return .array(ArrayObject(Array(repeating: Conversions.defaultValue(elementType), count: count), elementType: elementType))
            }
        case .newAnonymous(let members):
            let codes = members.map { ($0.0, compile($0.1)) }
            return { evaluation in
                var values: [(String, Value)] = []
                for (name, code) in codes { values.append((name, try code(evaluation))) }
                return .object(AnonymousObject(values))
            }
        case .typeOf(let type):
            let name = dotNetTypeName(type.simpleName)
            return { _ in .object(TypeObject(name: name)) }
        case .defaultValue(let type):
            let value = type.map { Conversions.defaultValue($0.description) } ?? .null
            return { _ in value }
        case .nameOf(let name):
            return { _ in .string(name) }
        case .throwExpression(let exception):
            let code = compile(exception)
            return located(offset) { evaluation in throw Conversions.exception(from: try code(evaluation)) }
        case .declaration(_, let name):
            let slot = lookup(name) ?? declare(name)
            return { $0.slots[slot] }
        case .uncheckedExpression(let inner), .checkedExpression(let inner):
            let outer = isChecked
            if case .checkedExpression = expr.kind { isChecked = true } else { isChecked = false }
            defer { isChecked = outer }
            return compile(inner)
        }
    }

    /// `context.X` compiled to a direct read of the context's field (the hot path of conditions).
    private static func contextMember(_ name: String) -> Code? {
        switch name {
        case "Response": { .object($0.context.response) }
        case "Request": { .object($0.context.request) }
        case "Variables": { .object($0.context.variables) }
        case "RequestId": { .guid($0.context.requestId) }
        case "Timestamp": { .dateTime($0.context.timestamp) }
        case "Tracing": { .bool($0.context.tracing) }
        default: nil
        }
    }

    private func literalValue(_ literal: Literal) -> Value {
        switch literal {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let v): .int(v)
        case .uint(let v): .long(Int64(v))
        case .long(let v): .long(v)
        case .ulong(let v): .ulong(v)
        case .double(let v): .double(v)
        case .float(let v): .float(v)
        case .decimal(let text): .decimal((try? DotNetDecimal.parse(text)) ?? .zero)
        case .string(let s): .string(s)
        case .char(let c): .char(c)
        }
    }

    /// The .NET type a name/member chain denotes when it is not a value (`Math`, `System.Text.Encoding`).
    private func staticType(of expr: Expr) -> String? {
        switch expr.kind {
        case .predefinedType(let keyword): return dotNetTypeName(keyword)
        case .name(let name):
            if lookup(name) != nil || name == "context" { return nil }
            return KnownTypes.resolve(name)
        case .member:
            guard let dotted = dottedName(expr) else { return nil }
            if let first = dotted.split(separator: ".").first, lookup(String(first)) != nil || first == "context" { return nil }
            return KnownTypes.resolve(dotted)
        default:
            return nil
        }
    }

    private func dottedName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .name(let name): return name
        case .member(let target, let name, false, _): return dottedName(target).map { $0 + "." + name }
        default: return nil
        }
    }

    private func compileInterpolation(_ parts: [InterpolatedPart]) -> Code {
        enum Piece { case text(String), hole(Code, Code?, String?) }
        let pieces: [Piece] = parts.map { part in
            switch part {
            case .text(let text): return .text(text)
            case .hole(let expr, let alignment, let format): return .hole(compile(expr), alignment.map { compile($0) }, format)
            }
        }
        return { evaluation in
            var result = ""
            for piece in pieces {
                switch piece {
                case .text(let text): result += text
                case .hole(let code, let alignment, let format):
                    var text = try Formatting.format(try code(evaluation), format)
                    if let alignment {
                        // C# 7 compiles `{x,N}` to string.Format("{0,N}"): .NET's width rule applies.
                        text = try Formatting.align(text, try Conversions.toInt(try alignment(evaluation)), evaluation)
                    }
                    result += text
                }
                try evaluation.checkLength(result.utf8.count)
            }
            try evaluation.charge(utf8: result.utf8.count)
            return .string(result)
        }
    }

    private func compileBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, offset: Int) -> Code {
        let lhs = compile(left)
        let rhs = compile(right)
        switch op {
        case .and:
            return located(offset) { evaluation in
                guard try Operators.truth(try lhs(evaluation)) else { return .bool(false) }
                return .bool(try Operators.truth(try rhs(evaluation)))
            }
        case .or:
            return located(offset) { evaluation in
                if try Operators.truth(try lhs(evaluation)) { return .bool(true) }
                return .bool(try Operators.truth(try rhs(evaluation)))
            }
        case .coalesce:
            return { evaluation in
                let value = try lhs(evaluation)
                if case .null = value { return try rhs(evaluation) }
                return value
            }
        case .equal:
            return { evaluation in .bool(Operators.equals(try lhs(evaluation), try rhs(evaluation))) }
        case .notEqual:
            return { evaluation in .bool(!Operators.equals(try lhs(evaluation), try rhs(evaluation))) }
        case .add where isChecked, .subtract where isChecked, .multiply where isChecked:
            return located(offset) { evaluation in try CheckedArithmetic.binary(op, try lhs(evaluation), try rhs(evaluation), evaluation) }
        default:
            return located(offset) { evaluation in try Operators.binary(op, try lhs(evaluation), try rhs(evaluation), evaluation) }
        }
    }

    // MARK: Stores

    typealias Update = @Sendable (Evaluation) throws -> (old: Value, new: Value)

    /// Read-modify-write of an assignable target (`x++`, `o.P += 1`, `d["k"] ??= v`): `change`
    /// gets the old value and returns the new one (nil: leave it). A property's or indexer's
    /// receiver and arguments are compiled once and evaluated once, as in C# — compiling them once
    /// for the read and again for the store made chains like `a--.b--.c--` exponential.
    private func compileUpdate(_ target: Expr, _ change: @escaping @Sendable (Evaluation, Value) throws -> Value?) -> Update {
        switch target.kind {
        case .member(let receiverExpr, let name, _, let nameOffset) where staticType(of: receiverExpr) == nil:
            let receiver = compile(receiverExpr)
            return { evaluation in
                do {
                    let object = try receiver(evaluation)
                    if object.isNull { throw ExpressionRuntimeError.nullReference }
                    let old = try Library.property(object, name, evaluation)
                    guard let new = try change(evaluation, old) else { return (old, old) }
                    try Library.setProperty(object, name, new, evaluation)
                    return (old, new)
                } catch var error as ExpressionRuntimeError {
                    if error.offset == nil { error.offset = nameOffset }
                    throw error
                }
            }
        case .index(let receiverExpr, let arguments, _):
            let receiver = compile(receiverExpr)
            let argumentCodes = arguments.map { compile($0.value) }
            return { evaluation in
                do {
                    let object = try receiver(evaluation)
                    if object.isNull { throw ExpressionRuntimeError.nullReference }
                    var args: [Value] = []
                    for code in argumentCodes { args.append(try code(evaluation)) }
                    let old = try Library.index(object, args, evaluation)
                    guard let new = try change(evaluation, old) else { return (old, old) }
                    try Library.setIndex(object, args, new, evaluation)
                    return (old, new)
                } catch var error as ExpressionRuntimeError {
                    if error.offset == nil { error.offset = target.offset }
                    throw error
                }
            }
        default:
            // Names (one slot) and targets the store refuses anyway.
            let read = compile(target)
            let write = compileStore(target)
            return { evaluation in
                let old = try read(evaluation)
                guard let new = try change(evaluation, old) else { return (old, old) }
                try write(evaluation, new)
                return (old, new)
            }
        }
    }

    typealias Store = @Sendable (Evaluation, Value) throws -> Void

    private func compileStore(_ target: Expr) -> Store {
        switch target.kind {
        case .name(let name):
            if let slot = lookup(name) { return { $0.slots[slot] = $1 } }
            return { _, _ in throw ExpressionRuntimeError("PolicyCheck.UnknownNameException", "the name '\(name)' does not exist in the current context", offset: target.offset, isCatchable: false) }
        case .declaration(_, let name):
            let slot = lookup(name) ?? declare(name)
            return { $0.slots[slot] = $1 }
        case .member(let receiverExpr, let name, _, let nameOffset):
            if let type = staticType(of: receiverExpr) {
                return { _, _ in throw ExpressionRuntimeError.unsupported("assigning static member '\(type).\(name)'") }
            }
            let receiver = compile(receiverExpr)
            return { evaluation, value in
                do {
                    let object = try receiver(evaluation)
                    if object.isNull { throw ExpressionRuntimeError.nullReference }
                    try Library.setProperty(object, name, value, evaluation)
                } catch var error as ExpressionRuntimeError {
                    if error.offset == nil { error.offset = nameOffset }
                    throw error
                }
            }
        case .index(let receiverExpr, let arguments, _):
            let receiver = compile(receiverExpr)
            let argumentCodes = arguments.map { compile($0.value) }
            return { evaluation, value in
                do {
                    let object = try receiver(evaluation)
                    if object.isNull { throw ExpressionRuntimeError.nullReference }
                    var args: [Value] = []
                    for code in argumentCodes { args.append(try code(evaluation)) }
                    try Library.setIndex(object, args, value, evaluation)
                } catch var error as ExpressionRuntimeError {
                    if error.offset == nil { error.offset = target.offset }
                    throw error
                }
            }
        default:
            return { _, _ in throw ExpressionRuntimeError("PolicyCheck.InvalidAssignmentException", "the target of the assignment is not a variable, property or indexer", offset: target.offset, isCatchable: false) }
        }
    }

    // MARK: Calls

    private func compileArguments(_ arguments: [Argument]) -> (codes: [Code], outStores: [(Int, Store)]) {
        var codes: [Code] = []
        var stores: [(Int, Store)] = []
        for (position, argument) in arguments.enumerated() {
            if argument.modifier == .out || argument.modifier == .ref {
                let store = compileStore(argument.value)
                stores.append((position, store))
                if case .declaration = argument.value.kind {
                    codes.append { _ in .null }
                } else {
                    codes.append(compile(argument.value))
                }
            } else {
                codes.append(compile(argument.value))
            }
        }
        return (codes, stores)
    }

    private func compileCall(_ callee: Expr, _ typeArguments: [TypeRef], _ arguments: [Argument], offset: Int) -> Code {
        // Named arguments (`preserveContent: true`) are passed by position, as policies write them in order.
        let (codes, outStores) = compileArguments(arguments)
        @Sendable func evaluateArguments(_ evaluation: Evaluation) throws -> [Value] {
            var args: [Value] = []
            args.reserveCapacity(codes.count)
            for code in codes { args.append(try code(evaluation)) }
            return args
        }
        /// The arguments in an array the evaluation lends (give it back with `giveBack`).
        @Sendable func lentArguments(_ evaluation: Evaluation) throws -> [Value] {
            var args = evaluation.takeArguments(codes.count)
            for code in codes { args.append(try code(evaluation)) }
            return args
        }
        @Sendable func writeOuts(_ evaluation: Evaluation) throws {
            guard !outStores.isEmpty else { return }
            let outs = evaluation.outValues
            for (index, (_, store)) in outStores.enumerated() where index < outs.count {
                try store(evaluation, outs[index])
            }
        }
        switch callee.kind {
        case .member(let target, let name, let nullConditional, let nameOffset):
            if let type = staticType(of: target) {
                return located(nameOffset) { evaluation in
                    var args = try lentArguments(evaluation)
                    try evaluation.step()
                    try Compiler.chargeTextArguments(args, evaluation)
                    let result = try Library.callStatic(type, name, args, typeArguments, evaluation)
                    try evaluation.charge(result)
                    evaluation.giveBack(&args)
                    try writeOuts(evaluation)
                    return result
                }
            }
            let receiver = compileInner(target)
            return located(nameOffset) { evaluation in
                let value = try receiver(evaluation)
                if case .null = value {
                    if nullConditional { throw NullShortCircuit() }
                    // Extension methods accept null receivers.
                    if !Library.acceptsNullReceiver(name) { throw ExpressionRuntimeError.nullReference }
                }
                var args = try lentArguments(evaluation)
                try evaluation.step()
                if case .string(let text) = value {
                    // String methods read their receiver (most copy it to UTF-16 first).
                    try evaluation.charge(utf8: text.utf8.count)
                    try Compiler.chargeTextArguments(args, evaluation)
                }
                let result = try Library.call(value, name, args, typeArguments, evaluation)
                try evaluation.charge(result)
                evaluation.giveBack(&args)
                try writeOuts(evaluation)
                return result
            }
        case .name(let name):
            if let slot = lookup(name) {
                return located(offset) { evaluation in
                    guard case .function(let function) = evaluation.slots[slot] else {
                        if evaluation.slots[slot].isNull { throw ExpressionRuntimeError.nullReference }
                        throw ExpressionRuntimeError("PolicyCheck.InvalidCallException", "'\(name)' is not a delegate", isCatchable: false)
                    }
                    return try function.invoke(try evaluateArguments(evaluation), in: evaluation)
                }
            }
            return { _ in throw ExpressionRuntimeError("PolicyCheck.UnknownNameException", "the name '\(name)' does not exist in the current context", offset: offset, isCatchable: false) }
        default:
            let target = compile(callee)
            return located(offset) { evaluation in
                let value = try target(evaluation)
                guard case .function(let function) = value else {
                    if value.isNull { throw ExpressionRuntimeError.nullReference }
                    throw ExpressionRuntimeError("PolicyCheck.InvalidCallException", "the value is not a delegate", isCatchable: false)
                }
                return try function.invoke(try evaluateArguments(evaluation), in: evaluation)
            }
        }
    }

    /// The budget charge for the strings a call reads: the text arguments of static methods,
    /// constructors and string methods (`JObject.Parse(s)`, `string.Format(f, …)`, `s.Replace(a, b)`).
    static func chargeTextArguments(_ arguments: [Value], _ evaluation: Evaluation) throws {
        for argument in arguments {
            if case .string(let text) = argument { try evaluation.charge(utf8: text.utf8.count) }
        }
    }

    private func compileNewObject(_ type: TypeRef, _ arguments: [Argument], _ initializer: [InitializerElement]?, offset: Int) -> Code {
        let codes = arguments.map { compile($0.value) }
        let typeName = KnownTypes.resolve(type.name) ?? type.simpleName
        let isKnown = KnownTypes.resolve(type.name) != nil
        enum Element { case add([Code]), indexed([Code], Code), member(String, Code) }
        let elements: [Element]? = initializer?.map { element in
            switch element {
            case .add(let values): return .add(values.map { compile($0) })
            case .indexed(let keys, let value): return .indexed(keys.map { compile($0) }, compile(value))
            case .member(let name, let value, _): return .member(name, compile(value))
            }
        }
        return located(offset) { evaluation in
            guard isKnown else { throw ExpressionRuntimeError("PolicyCheck.UnknownTypeException", "type '\(type.name)' is not allowed in policy expressions", isCatchable: false) }
            var args: [Value] = []
            for code in codes { args.append(try code(evaluation)) }
            try evaluation.step()
            try Compiler.chargeTextArguments(args, evaluation)
            let object = try Library.construct(typeName, type, args, evaluation)
            try evaluation.charge(object)
            for element in elements ?? [] {
                switch element {
                case .add(let valueCodes):
                    var values: [Value] = []
                    for code in valueCodes { values.append(try code(evaluation)) }
                    _ = try Library.call(object, "Add", values, [], evaluation)
                case .indexed(let keyCodes, let valueCode):
                    var keys: [Value] = []
                    for code in keyCodes { keys.append(try code(evaluation)) }
                    try Library.setIndex(object, keys, try valueCode(evaluation), evaluation)
                case .member(let name, let valueCode):
                    try Library.setProperty(object, name, try valueCode(evaluation), evaluation)
                }
            }
            return object
        }
    }

    private func compileLambda(_ parameters: [LambdaParameter], _ body: LambdaBody) -> Code {
        let function = compileFunction(parameters, body)
        return { _ in .function(function) }
    }

    /// Compiles a lambda or local function body. Its parameters and locals own a contiguous
    /// range of slots, saved and restored around each call so recursion works.
    private func compileFunction(_ parameters: [LambdaParameter], _ body: LambdaBody) -> FunctionValue {
        withScope {
            let firstSlot = maxSlots
            let slots = parameters.map { declare($0.name) }
            let run: Code
            switch body {
            case .expression(let expr):
                run = compile(expr)
            case .block(let statements):
                let block = compileBlock(statements)
                run = { evaluation in
                    if case .returned(let value) = try block(evaluation) { return value }
                    return .null
                }
            }
            let count = parameters.count
            let owned = firstSlot..<maxSlots
            return FunctionValue(parameterCount: count) { evaluation, arguments in
                let saved = Array(evaluation.slots[owned])
                defer { evaluation.slots.replaceSubrange(owned, with: saved) }
                for (index, slot) in slots.enumerated() {
                    evaluation.slots[slot] = index < arguments.count ? arguments[index] : .null
                }
                return try run(evaluation)
            }
        }
    }

    // MARK: Statements

    func compileBlock(_ statements: [Stmt]) -> StatementCode {
        withScope {
            // Local functions are visible in the whole block, before their declaration too.
            var functions: [(Int, Stmt)] = []
            if statements.contains(where: { if case .localFunction = $0.kind { true } else { false } }) {
                // Locals of the block that local functions may capture get their slots first.
                for statement in statements {
                    if case .declaration(_, let declarators) = statement.kind {
                        for declarator in declarators where scopes[scopes.count - 1][declarator.name] == nil { _ = declare(declarator.name) }
                    }
                }
            }
            for statement in statements {
                if case .localFunction(let name, _, _, _) = statement.kind { functions.append((declare(name), statement)) }
            }
            var initializers: [(Int, FunctionValue)] = []
            for (slot, statement) in functions {
                if case .localFunction(_, let parameters, _, let body) = statement.kind {
                    initializers.append((slot, compileFunction(parameters, body)))
                }
            }
            let body = statements.map { compileStatement($0) }
            let hoisted = initializers
            let codes: [StatementCode] = hoisted.isEmpty ? body : [{ evaluation in
                for (slot, function) in hoisted { evaluation.slots[slot] = .function(function) }
                return .normal
            }] + body
            if codes.count == 1, let only = codes.first { return only }
            return { evaluation in
                for code in codes {
                    let flow = try code(evaluation)
                    if case .normal = flow { continue }
                    return flow
                }
                return .normal
            }
        }
    }

    private func compileStatement(_ statement: Stmt) -> StatementCode {
        switch statement.kind {
        case .expression(let expr):
            let code = compile(expr)
            return { evaluation in
                try evaluation.step()
                _ = try code(evaluation)
                return .normal
            }
        case .declaration(let type, let declarators):
            var stores: [(Int, Code?)] = []
            for declarator in declarators {
                // The initialiser is compiled before the name is in scope.
                let initializer = declarator.initializer.map { compile($0) }
                stores.append((scopes[scopes.count - 1][declarator.name] ?? declare(declarator.name), initializer))
            }
            let typeName = type?.description
            let declared = stores
            return { evaluation in
                try evaluation.step()
                for (slot, initializer) in declared {
                    if let initializer {
                        var value = try initializer(evaluation)
                        if let typeName { value = try Conversions.coerce(value, toElement: typeName) }
                        evaluation.slots[slot] = value
                    } else {
                        evaluation.slots[slot] = typeName.map { Conversions.defaultValue($0) } ?? .null
                    }
                }
                return .normal
            }
        case .block(let statements):
            return compileBlock(statements)
        case .ifElse(let condition, let then, let otherwise):
            let test = compile(condition)
            let yes = withScope { compileStatement(then) }
            let no = otherwise.map { other in withScope { compileStatement(other) } }
            return { evaluation in
                try evaluation.step()
                if try Operators.truth(try test(evaluation)) { return try yes(evaluation) }
                return try no?(evaluation) ?? .normal
            }
        case .whileLoop(let condition, let body):
            let test = compile(condition)
            let run = withScope { compileStatement(body) }
            return { evaluation in
                while true {
                    try evaluation.step()
                    guard try Operators.truth(try test(evaluation)) else { return .normal }
                    switch try run(evaluation) {
                    case .breakLoop: return .normal
                    case .returned(let value): return .returned(value)
                    default: continue
                    }
                }
            }
        case .doWhile(let body, let condition):
            let test = compile(condition)
            let run = withScope { compileStatement(body) }
            return { evaluation in
                while true {
                    try evaluation.step()
                    switch try run(evaluation) {
                    case .breakLoop: return .normal
                    case .returned(let value): return .returned(value)
                    default: break
                    }
                    guard try Operators.truth(try test(evaluation)) else { return .normal }
                }
            }
        case .forLoop(let initializers, let condition, let iterators, let body):
            return withScope {
                let inits = initializers.map { compileStatement($0) }
                let test = condition.map { compile($0) }
                let steps = iterators.map { compile($0) }
                let run = withScope { compileStatement(body) }
                return { evaluation in
                    for code in inits { _ = try code(evaluation) }
                    while true {
                        try evaluation.step()
                        if let test, !(try Operators.truth(try test(evaluation))) { return .normal }
                        switch try run(evaluation) {
                        case .breakLoop: return .normal
                        case .returned(let value): return .returned(value)
                        default: break
                        }
                        for code in steps { _ = try code(evaluation) }
                    }
                }
            }
        case .forEach(let type, let name, let collection, let body):
            let source = compile(collection)
            return withScope {
                let slot = declare(name)
                let run = withScope { compileStatement(body) }
                let typeName = type?.description
                let offset = collection.offset
                return { evaluation in
                    let value = try source(evaluation)
                    if value.isNull { throw ExpressionRuntimeError("System.NullReferenceException", ExpressionRuntimeError.nullReference.message, offset: offset) }
                    guard let items = Library.enumerate(value) else {
                        throw ExpressionRuntimeError("PolicyCheck.NotEnumerableException", "foreach cannot iterate a value of type '\(value.typeName)'", offset: offset, isCatchable: false)
                    }
                    for item in items {
                        try evaluation.step()
                        evaluation.slots[slot] = typeName.map { (try? Conversions.cast(item, toName: $0)) ?? item } ?? item
                        switch try run(evaluation) {
                        case .breakLoop: return .normal
                        case .returned(let value): return .returned(value)
                        default: continue
                        }
                    }
                    return .normal
                }
            }
        case .switchStatement(let subject, let sections):
            let test = compile(subject)
            let compiled: [([Code?], StatementCode)] = withScope {
                sections.map { section in
                    (section.labels.map { $0.map { compile($0) } }, compileBlockInCurrentScope(section.body))
                }
            }
            return { evaluation in
                try evaluation.step()
                let value = try test(evaluation)
                var chosen: Int?
                var defaultIndex: Int?
                search: for (index, section) in compiled.enumerated() {
                    for label in section.0 {
                        guard let label else { defaultIndex = index; continue }
                        if Operators.equals(value, try label(evaluation)) { chosen = index; break search }
                    }
                }
                guard let start = chosen ?? defaultIndex else { return .normal }
                switch try compiled[start].1(evaluation) {
                case .breakLoop, .normal: return .normal
                case .continueLoop: return .continueLoop
                case .returned(let value): return .returned(value)
                }
            }
        case .returnStatement(let expr):
            let code = expr.map { compile($0) }
            return { evaluation in .returned(try code?(evaluation) ?? .null) }
        case .throwStatement(let expr):
            let code = expr.map { compile($0) }
            let offset = statement.offset
            let rethrowSlot = lookup("$exception")
            return { evaluation in
                if let code {
                    var error = Conversions.exception(from: try code(evaluation))
                    if error.offset == nil { error.offset = offset }
                    throw error
                }
                if let rethrowSlot, case .object(let object) = evaluation.slots[rethrowSlot], let exception = object as? ExceptionObject {
                    throw exception.error
                }
                throw ExpressionRuntimeError("System.Exception", "Exception of type 'System.Exception' was thrown.", offset: offset)
            }
        case .tryStatement(let body, let catches, let finallyBody):
            let run = compileBlock(body)
            let handlers: [(TypeRef?, Int, Code?, StatementCode)] = catches.map { clause in
                withScope {
                    let slot = declare(clause.name ?? "$exception")
                    if clause.name != nil { scopes[scopes.count - 1]["$exception"] = slot }
                    let filter = clause.filter.map { compile($0) }
                    return (clause.type, slot, filter, compileBlock(clause.body))
                }
            }
            let cleanup = finallyBody.map { compileBlock($0) }
            return { evaluation in
                func runFinally() throws -> Flow? {
                    guard let cleanup else { return nil }
                    let flow = try cleanup(evaluation)
                    if case .normal = flow { return nil }
                    return flow
                }
                let flow: Flow
                do {
                    flow = try run(evaluation)
                } catch let error as ExpressionRuntimeError where error.isCatchable {
                    var handled: Flow?
                    for (type, slot, filter, handler) in handlers {
                        guard ExceptionObject.matches(error, type) else { continue }
                        evaluation.slots[slot] = .object(ExceptionObject(error))
                        if let filter, !(try Operators.truth(try filter(evaluation))) { continue }
                        do {
                            handled = try handler(evaluation)
                        } catch {
                            _ = try runFinally()
                            throw error
                        }
                        break
                    }
                    guard let handled else {
                        _ = try runFinally()
                        throw error
                    }
                    if let override = try runFinally() { return override }
                    return handled
                } catch {
                    _ = try runFinally()
                    throw error
                }
                if let override = try runFinally() { return override }
                return flow
            }
        case .using(let resource, let body):
            return withScope {
                let acquire = compileStatement(resource)
                let run = compileStatement(body)
                return { evaluation in
                    _ = try acquire(evaluation)
                    return try run(evaluation)
                }
            }
        case .localFunction:
            return { _ in .normal } // hoisted by compileBlock
        case .breakStatement:
            return { _ in .breakLoop }
        case .continueStatement:
            return { _ in .continueLoop }
        case .empty:
            return { _ in .normal }
        }
    }

    /// A switch section's statements share the switch block's scope.
    private func compileBlockInCurrentScope(_ statements: [Stmt]) -> StatementCode {
        let codes = statements.map { compileStatement($0) }
        return { evaluation in
            for code in codes {
                let flow = try code(evaluation)
                if case .normal = flow { continue }
                return flow
            }
            return .normal
        }
    }
}
