/// The syntax tree of a policy expression. Every node carries `offset`, the UTF-8 byte offset of
/// its first character in the expression source (the whole `@(...)` / `@{...}` text).

/// A parsed `@(expression)` or `@{ statements }`, ready to be checked or prepared for evaluation.
public struct ParsedExpression: Sendable {
    /// The expression source exactly as given to the parser.
    public let source: String
    /// The expression (for `@(...)`) or the statements (for `@{...}`).
    public let body: Body

    public enum Body: Sendable {
        case expression(Expr)
        case block([Stmt])
    }

    /// True for a `@{ ... }` block.
    public var isBlock: Bool { if case .block = body { true } else { false } }
}

/// A syntax error: where (UTF-8 byte offset in the expression source) and what.
public struct ExpressionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    /// True when the text is valid C# that policycheck does not support: report it as a
    /// warning ("not supported by policycheck"), never as an error.
    public var isUnsupportedConstruct: Bool

    public init(offset: Int, message: String, isUnsupportedConstruct: Bool = false) {
        self.offset = offset
        self.message = message
        self.isUnsupportedConstruct = isUnsupportedConstruct
    }

    public var description: String { "\(offset): \(message)" }
}

/// A type as written in source: `string`, `JObject`, `Dictionary<string, int>`, `byte[]`, `int?`,
/// `System.Text.Encoding`. `name` is the dotted name as written (keywords stay lower-case).
public struct TypeRef: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var arguments: [TypeRef]
    /// Number of `[]` suffixes (jagged arrays count each pair once).
    public var arrayRank: Int
    public var isNullable: Bool
    public var offset: Int

    public init(name: String, arguments: [TypeRef] = [], arrayRank: Int = 0, isNullable: Bool = false, offset: Int) {
        self.name = name
        self.arguments = arguments
        self.arrayRank = arrayRank
        self.isNullable = isNullable
        self.offset = offset
    }

    /// The last component of the dotted name (`System.Text.Encoding` → `Encoding`).
    public var simpleName: String {
        if let dot = name.lastIndex(of: ".") { return String(name[name.index(after: dot)...]) }
        return name
    }

    /// The element type of an array type.
    public var elementType: TypeRef {
        var copy = self
        copy.arrayRank = max(0, arrayRank - 1)
        return copy
    }

    public var description: String {
        var text = name
        if !arguments.isEmpty { text += "<" + arguments.map(\.description).joined(separator: ", ") + ">" }
        if isNullable { text += "?" }
        for _ in 0..<arrayRank { text += "[]" }
        return text
    }
}

/// A literal value as written.
public enum Literal: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int32)
    case uint(UInt32)
    case long(Int64)
    case ulong(UInt64)
    case double(Double)
    case float(Float)
    /// Decimal literals keep their text so scale survives (`1.50m`).
    case decimal(String)
    case string(String)
    case char(UInt16)
}

/// An argument of a call or indexer: `x`, `name: x`, `out var x`, `out x`, `ref x`.
public struct Argument: Sendable {
    public enum Modifier: Sendable, Hashable { case none, out, ref, `in` }
    public var name: String?
    public var modifier: Modifier
    public var value: Expr

    public init(name: String? = nil, modifier: Modifier = .none, value: Expr) {
        self.name = name
        self.modifier = modifier
        self.value = value
    }
}

/// A part of an interpolated string.
public enum InterpolatedPart: Sendable {
    case text(String)
    case hole(Expr, alignment: Expr?, format: String?)
}

/// A lambda parameter: `x` or `string x`.
public struct LambdaParameter: Sendable {
    public var name: String
    public var type: TypeRef?
    public var offset: Int
}

/// An element of an object or collection initialiser.
public enum InitializerElement: Sendable {
    /// `{ a, b }` or a single value: calls `Add(a, b)`.
    case add([Expr])
    /// `[key] = value`
    case indexed([Expr], Expr)
    /// `Name = value` (object initialiser)
    case member(String, Expr, offset: Int)
}

/// An expression node.
public struct Expr: Sendable {
    public var offset: Int
    public var kind: Kind

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public indirect enum Kind: Sendable {
        case literal(Literal)
        case interpolated([InterpolatedPart])
        /// A simple name: a local, `context`, or a type / namespace.
        case name(String)
        /// `target.name` / `target?.name`. `nameOffset` points at the member name.
        case member(Expr, String, nullConditional: Bool, nameOffset: Int)
        /// A predefined type used as an expression target (`string.Empty`, `int.Parse`).
        case predefinedType(String)
        /// `target[args]` / `target?[args]`
        case index(Expr, [Argument], nullConditional: Bool)
        /// `callee(args)` where callee is a `.name` or `.member`; `typeArguments` from `F<T>(…)`.
        case call(Expr, typeArguments: [TypeRef], arguments: [Argument])
        case unary(UnaryOperator, Expr)
        /// `++x`, `--x`, `x++`, `x--`.
        case increment(Expr, isIncrement: Bool, isPrefix: Bool)
        case binary(BinaryOperator, Expr, Expr)
        /// `target = value`, or compound `target op= value` when `op` is set.
        case assign(Expr, BinaryOperator?, Expr)
        case conditional(Expr, Expr, Expr)
        case cast(TypeRef, Expr)
        /// `x is T`, `x is T name`
        case isType(Expr, TypeRef, binding: String?)
        /// `x is null`, `x is "a"`, `x is not null` (negated).
        case isConstant(Expr, Expr, negated: Bool)
        case asType(Expr, TypeRef)
        case lambda([LambdaParameter], LambdaBody)
        /// `new T(args) { initialiser }`
        case newObject(TypeRef, [Argument], [InitializerElement]?)
        /// `new T[n]`, `new T[] { … }`, `new[] { … }`
        case newArray(TypeRef?, size: Expr?, elements: [Expr]?)
        /// `new { a = 1, b }`
        case newAnonymous([(String, Expr)])
        case typeOf(TypeRef)
        case defaultValue(TypeRef?)
        case nameOf(String)
        /// `throw e` used as an expression (`x ?? throw new Exception()`).
        case throwExpression(Expr)
        /// `out var x` / `out T x` in an argument list: declares a local.
        case declaration(TypeRef?, String)
        /// `unchecked(e)`: integer arithmetic wraps (the default).
        case uncheckedExpression(Expr)
        /// `checked(e)`: integer overflow throws `System.OverflowException`.
        case checkedExpression(Expr)
    }
}

/// The body of a lambda: an expression or a block.
public enum LambdaBody: Sendable {
    case expression(Expr)
    case block([Stmt])
}

public enum UnaryOperator: String, Sendable {
    case plus = "+", minus = "-", not = "!", complement = "~"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case shiftLeft = "<<", shiftRight = ">>"
    case less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case bitAnd = "&", bitOr = "|", bitXor = "^"
    case and = "&&", or = "||", coalesce = "??"
}

/// A `catch` clause: `catch`, `catch (T)`, `catch (T name)`, optionally `when (filter)`.
public struct CatchClause: Sendable {
    public var type: TypeRef?
    public var name: String?
    public var filter: Expr?
    public var body: [Stmt]
    public var offset: Int
}

/// A section of a `switch` statement: one or more labels and the statements under them.
public struct SwitchSection: Sendable {
    /// Case values; `nil` stands for `default`.
    public var labels: [Expr?]
    public var body: [Stmt]
}

/// A variable declarator: `name = initialiser`.
public struct Declarator: Sendable {
    public var name: String
    public var offset: Int
    public var initializer: Expr?
}

/// A statement node.
public struct Stmt: Sendable {
    public var offset: Int
    public var kind: Kind

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public indirect enum Kind: Sendable {
        case expression(Expr)
        /// `var x = …;` (type nil) or `T x = …, y;`
        case declaration(TypeRef?, [Declarator])
        case block([Stmt])
        case ifElse(Expr, Stmt, Stmt?)
        case whileLoop(Expr, Stmt)
        case doWhile(Stmt, Expr)
        case forLoop(initializers: [Stmt], condition: Expr?, iterators: [Expr], body: Stmt)
        case forEach(TypeRef?, String, Expr, Stmt)
        case switchStatement(Expr, [SwitchSection])
        case returnStatement(Expr?)
        case throwStatement(Expr?)
        case tryStatement([Stmt], [CatchClause], finally: [Stmt]?)
        /// `using (resource) body`: the resource is a declaration or an expression.
        case using(Stmt, Stmt)
        /// A local function `T Name(params) { … }` (or `=> expr`); visible in its whole block.
        case localFunction(name: String, parameters: [LambdaParameter], returnType: TypeRef, body: LambdaBody)
        case breakStatement
        case continueStatement
        case empty
    }
}
