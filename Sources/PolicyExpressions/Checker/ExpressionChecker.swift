import PolicySource

/// One finding of the expression checker. `offset` is a UTF-8 byte offset in the expression
/// source; the caller maps it to the original file.
public struct ExpressionIssue: Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    /// Bytes the finding covers (e.g. the misspelt member name), when known.
    public var length: Int?
    public var severity: Severity
    /// Rule id: `expression-unknown-member`, `expression-unknown-name`, `expression-disallowed-type`,
    /// `expression-unsupported`, `expression-missing-return`.
    public var rule: String
    public var message: String

    public init(offset: Int, length: Int? = nil, severity: Severity, rule: String, message: String) {
        self.offset = offset
        self.length = length
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(offset): \(severity.rawValue): \(message) [\(rule)]" }
}

/// Static checks of a parsed expression, for lint. Conservative: a finding is an error only
/// when the expression cannot be valid in APIM (a member that does not exist on a type known
/// statically, a name declared nowhere, a type APIM rejects); anything uncertain is a warning
/// or nothing.
public enum ExpressionChecker {
    /// Checks an expression and returns its findings ordered by offset.
    public static func check(_ parsed: ParsedExpression) -> [ExpressionIssue] {
        var walker = CheckWalker()
        switch parsed.body {
        case .expression(let expr):
            walker.collectDeclarations(expr)
            _ = walker.visit(expr)
        case .block(let statements):
            for statement in statements { walker.collectDeclarations(statement) }
            for statement in statements { walker.visit(statement) }
            if !statements.contains(where: CheckWalker.containsReturn) {
                walker.issues.append(ExpressionIssue(offset: 0, length: 2, severity: .error, rule: "expression-missing-return",
                                                     message: "a '@{ }' block must return a value on every path, but it has no 'return' statement"))
            }
        }
        return walker.issues.sorted { ($0.offset, $0.rule) < ($1.offset, $1.rule) }
    }

    /// Convenience: parses and checks `source`; a syntax error becomes one finding (a warning when
    /// the construct is valid C# that policycheck does not support).
    public static func check(source: String) -> [ExpressionIssue] {
        do {
            return check(try ExpressionParser.parse(source))
        } catch {
            return [ExpressionIssue(offset: error.offset, severity: error.isUnsupportedConstruct ? .warning : .error,
                                    rule: error.isUnsupportedConstruct ? "expression-unsupported" : "expression-syntax", message: error.message)]
        }
    }
}

/// A statically known type: a name from ``TypeCatalog`` or a .NET type name.
struct StaticType: Equatable {
    var name: String
    /// True when the expression denotes the type itself (`Math`, `string`), not a value of it.
    var isTypeReference = false
}

struct CheckWalker {
    var issues: [ExpressionIssue] = []
    /// Every name declared anywhere in the expression, with its declared type when known.
    var declared: [String: StaticType?] = [:]

    // MARK: Declarations (pre-pass; C# scoping is not modelled, to avoid false findings)

    mutating func declare(_ name: String, _ type: StaticType?) {
        if let existing = declared[name], existing != type { declared[name] = .some(nil) } else { declared[name] = type }
    }

    func staticType(of type: TypeRef?) -> StaticType? {
        guard let type else { return nil }
        if type.arrayRank > 0 { return StaticType(name: Self.normalizedName(type.elementType.description) + "[]") }
        return StaticType(name: Self.normalizedName(type.name))
    }

    /// `Conversions.normalizedName`, sparing its character-by-character searches for the common
    /// plain name (`JObject`, `string`): without `<`, `?` or `.` it is the keyword mapping alone.
    static func normalizedName(_ written: String) -> String {
        let plain = !written.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ".") }
        return plain ? dotNetTypeName(written) : Conversions.normalizedName(written)
    }

    /// The names `KnownTypes.isNamespace` accepts (`System`, `System.Text`, `Newtonsoft`), as a set:
    /// the check runs for every name and every member access on a type.
    private static let namespaceNames: Set<String> = {
        var names: Set<String> = ["Newtonsoft", "Microsoft"]
        for namespace in KnownTypes.namespaces {
            for dot in namespace.indices where namespace[dot] == "." { names.insert(String(namespace[..<dot])) }
        }
        return names
    }()

    static func isNamespace(_ name: String) -> Bool { namespaceNames.contains(name) }

    mutating func collectDeclarations(_ statement: Stmt) {
        switch statement.kind {
        case .declaration(let type, let declarators):
            for declarator in declarators {
                var inferred = staticType(of: type)
                if type == nil, let initializer = declarator.initializer {
                    var probe = CheckWalker(declared: declared)
                    inferred = probe.visit(initializer)
                    if inferred?.isTypeReference == true { inferred = nil }
                }
                declare(declarator.name, inferred)
                if let initializer = declarator.initializer { collectDeclarations(initializer) }
            }
        case .expression(let expr): collectDeclarations(expr)
        case .block(let statements): statements.forEach { collectDeclarations($0) }
        case .ifElse(let condition, let then, let otherwise):
            collectDeclarations(condition)
            collectDeclarations(then)
            if let otherwise { collectDeclarations(otherwise) }
        case .whileLoop(let condition, let body), .doWhile(let body, let condition):
            collectDeclarations(condition)
            collectDeclarations(body)
        case .forLoop(let initializers, let condition, let iterators, let body):
            initializers.forEach { collectDeclarations($0) }
            if let condition { collectDeclarations(condition) }
            iterators.forEach { collectDeclarations($0) }
            collectDeclarations(body)
        case .forEach(let type, let name, let collection, let body):
            declare(name, staticType(of: type))
            collectDeclarations(collection)
            collectDeclarations(body)
        case .switchStatement(let subject, let sections):
            collectDeclarations(subject)
            for section in sections { section.body.forEach { collectDeclarations($0) } }
        case .returnStatement(let expr), .throwStatement(let expr):
            if let expr { collectDeclarations(expr) }
        case .tryStatement(let body, let catches, let finallyBody):
            body.forEach { collectDeclarations($0) }
            for clause in catches {
                if let name = clause.name { declare(name, staticType(of: clause.type)) }
                clause.body.forEach { collectDeclarations($0) }
            }
            finallyBody?.forEach { collectDeclarations($0) }
        case .using(let resource, let body):
            collectDeclarations(resource)
            collectDeclarations(body)
        case .localFunction(let name, let parameters, _, let body):
            declare(name, nil)
            for parameter in parameters { declare(parameter.name, staticType(of: parameter.type)) }
            switch body {
            case .expression(let expr): collectDeclarations(expr)
            case .block(let statements): statements.forEach { collectDeclarations($0) }
            }
        case .breakStatement, .continueStatement, .empty:
            break
        }
    }

    mutating func collectDeclarations(_ expr: Expr) {
        switch expr.kind {
        case .declaration(let type, let name): declare(name, staticType(of: type))
        case .isType(let operand, let type, let binding):
            if let binding { declare(binding, staticType(of: type)) }
            collectDeclarations(operand)
        case .lambda(let parameters, let body):
            for parameter in parameters { declare(parameter.name, staticType(of: parameter.type)) }
            switch body {
            case .expression(let inner): collectDeclarations(inner)
            case .block(let statements): statements.forEach { collectDeclarations($0) }
            }
        default:
            Self.forEachChild(expr) { collectDeclarations($0) }
        }
    }

    /// Calls `body` on each direct sub-expression (lambda bodies excluded). Static, so that a
    /// mutating `body` can change the walker while the children are walked.
    static func forEachChild(_ expr: Expr, _ body: (Expr) -> Void) {
        switch expr.kind {
        case .literal, .name, .predefinedType, .typeOf, .defaultValue, .nameOf, .declaration, .lambda: break
        case .interpolated(let parts):
            for case .hole(let inner, let alignment, _) in parts {
                body(inner)
                if let alignment { body(alignment) }
            }
        case .member(let target, _, _, _): body(target)
        case .index(let target, let arguments, _):
            body(target)
            arguments.forEach { body($0.value) }
        case .call(let callee, _, let arguments):
            body(callee)
            arguments.forEach { body($0.value) }
        case .unary(_, let operand), .increment(let operand, _, _), .cast(_, let operand), .isType(let operand, _, _),
             .asType(let operand, _), .throwExpression(let operand), .uncheckedExpression(let operand), .checkedExpression(let operand):
            body(operand)
        case .binary(_, let left, let right), .assign(let left, _, let right), .isConstant(let left, let right, _):
            body(left)
            body(right)
        case .conditional(let a, let b, let c):
            body(a)
            body(b)
            body(c)
        case .newObject(_, let arguments, let initializer):
            arguments.forEach { body($0.value) }
            for element in initializer ?? [] {
                switch element {
                case .add(let values): values.forEach(body)
                case .indexed(let keys, let value):
                    keys.forEach(body)
                    body(value)
                case .member(_, let value, _): body(value)
                }
            }
        case .newArray(_, let size, let elements):
            if let size { body(size) }
            elements?.forEach(body)
        case .newAnonymous(let members): members.forEach { body($0.1) }
        }
    }

    static func containsReturn(_ statement: Stmt) -> Bool {
        switch statement.kind {
        case .returnStatement, .throwStatement: return true
        case .block(let statements): return statements.contains(where: containsReturn)
        case .ifElse(_, let then, let otherwise): return containsReturn(then) || otherwise.map(containsReturn) == true
        case .whileLoop(_, let body), .doWhile(let body, _), .forLoop(_, _, _, let body), .forEach(_, _, _, let body), .using(_, let body):
            return containsReturn(body)
        case .switchStatement(_, let sections): return sections.contains { $0.body.contains(where: containsReturn) }
        case .tryStatement(let body, let catches, let finallyBody):
            return body.contains(where: containsReturn) || catches.contains { $0.body.contains(where: containsReturn) }
                || finallyBody?.contains(where: containsReturn) == true
        default: return false
        }
    }

    // MARK: Findings

    mutating func report(_ offset: Int, _ length: Int?, _ severity: Severity, _ rule: String, _ message: String) {
        issues.append(ExpressionIssue(offset: offset, length: length, severity: severity, rule: rule, message: message))
    }

    /// Reports a type reference that APIM rejects or this simulator does not evaluate.
    mutating func checkType(_ type: TypeRef) {
        for argument in type.arguments { checkType(argument) }
        let name = type.name
        if predefinedTypeKeywords[name] != nil || name == "var" || name == "dynamic" { return }
        guard let resolved = KnownTypes.resolve(name) else {
            if TypeCatalog.members[name] != nil { return }
            report(type.offset, name.utf8.count, .warning, "expression-unknown-type",
                   "'\(name)' is not a type policycheck knows; APIM may reject it")
            return
        }
        if KnownTypes.disallowed.contains(resolved) {
            report(type.offset, name.utf8.count, .error, "expression-disallowed-type", "type '\(name)' is not allowed in policy expressions")
        } else if KnownTypes.allowedUnsupported.contains(resolved) {
            report(type.offset, name.utf8.count, .warning, "expression-unsupported", "type '\(name)' is not supported by policycheck (the expression cannot be simulated)")
        }
    }

    // MARK: Statements

    mutating func visit(_ statement: Stmt) {
        switch statement.kind {
        case .expression(let expr): _ = visit(expr)
        case .declaration(let type, let declarators):
            if let type { checkType(type) }
            for declarator in declarators { if let initializer = declarator.initializer { _ = visit(initializer) } }
        case .block(let statements): statements.forEach { visit($0) }
        case .ifElse(let condition, let then, let otherwise):
            _ = visit(condition)
            visit(then)
            if let otherwise { visit(otherwise) }
        case .whileLoop(let condition, let body), .doWhile(let body, let condition):
            _ = visit(condition)
            visit(body)
        case .forLoop(let initializers, let condition, let iterators, let body):
            initializers.forEach { visit($0) }
            if let condition { _ = visit(condition) }
            iterators.forEach { _ = visit($0) }
            visit(body)
        case .forEach(let type, _, let collection, let body):
            if let type { checkType(type) }
            _ = visit(collection)
            visit(body)
        case .switchStatement(let subject, let sections):
            _ = visit(subject)
            for section in sections {
                for case let label? in section.labels { _ = visit(label) }
                section.body.forEach { visit($0) }
            }
        case .returnStatement(let expr), .throwStatement(let expr):
            if let expr { _ = visit(expr) }
        case .tryStatement(let body, let catches, let finallyBody):
            body.forEach { visit($0) }
            for clause in catches {
                if let type = clause.type { checkType(type) }
                if let filter = clause.filter { _ = visit(filter) }
                clause.body.forEach { visit($0) }
            }
            finallyBody?.forEach { visit($0) }
        case .using(let resource, let body):
            visit(resource)
            visit(body)
        case .localFunction(_, let parameters, let returnType, let body):
            if returnType.name != "void" { checkType(returnType) }
            for parameter in parameters { if let type = parameter.type { checkType(type) } }
            switch body {
            case .expression(let expr): _ = visit(expr)
            case .block(let statements): statements.forEach { visit($0) }
            }
        case .breakStatement, .continueStatement, .empty:
            break
        }
    }

    // MARK: Expressions

    /// Visits an expression, reporting findings; returns its static type when known.
    mutating func visit(_ expr: Expr) -> StaticType? {
        switch expr.kind {
        case .literal(let literal):
            switch literal {
            case .null: return nil
            case .bool: return StaticType(name: "Boolean")
            case .int: return StaticType(name: "Int32")
            case .uint, .long: return StaticType(name: "Int64")
            case .ulong: return StaticType(name: "UInt64")
            case .double: return StaticType(name: "Double")
            case .float: return StaticType(name: "Single")
            case .decimal: return StaticType(name: "Decimal")
            case .string: return StaticType(name: "String")
            case .char: return StaticType(name: "Char")
            }
        case .interpolated:
            forEachChildVisit(expr)
            return StaticType(name: "String")
        case .name(let name):
            if let type = declared[name] { return type }
            if name == "context" { return StaticType(name: "IProxyRequestContext") }
            if let resolved = KnownTypes.resolve(name) {
                if KnownTypes.disallowed.contains(resolved) {
                    report(expr.offset, name.utf8.count, .error, "expression-disallowed-type", "type '\(name)' is not allowed in policy expressions")
                } else if KnownTypes.allowedUnsupported.contains(resolved) {
                    report(expr.offset, name.utf8.count, .warning, "expression-unsupported", "type '\(name)' is not supported by policycheck (the expression cannot be simulated)")
                }
                return StaticType(name: resolved, isTypeReference: true)
            }
            if Self.isNamespace(name) { return StaticType(name: name, isTypeReference: true) }
            let candidates = Array(declared.keys) + ["context"]
            var message = "the name '\(name)' does not exist in the current context"
            if let suggestion = closestMatch(to: name, in: candidates) { message += "; did you mean '\(suggestion)'?" }
            let looksLikeType = name.first?.isUppercase == true
            report(expr.offset, name.utf8.count, looksLikeType ? .warning : .error, "expression-unknown-name",
                   looksLikeType ? "'\(name)' is not a variable or a type policycheck knows" : message)
            return nil
        case .predefinedType(let keyword):
            return StaticType(name: dotNetTypeName(keyword), isTypeReference: true)
        case .member(let target, let name, _, let nameOffset):
            let targetType = visit(target)
            return member(of: targetType, name, at: nameOffset, isCall: false)
        case .call(let callee, let typeArguments, let arguments):
            typeArguments.forEach { checkType($0) }
            for argument in arguments {
                if case .declaration(let type, _) = argument.value.kind, let type { checkType(type) }
                _ = visit(argument.value)
            }
            guard case .member(let target, let name, _, let nameOffset) = callee.kind else {
                if case .name(let name) = callee.kind, declared[name] == nil {
                    report(callee.offset, name.utf8.count, .error, "expression-unknown-name", "the name '\(name)' does not exist in the current context")
                } else if case .name = callee.kind {
                } else {
                    _ = visit(callee)
                }
                return nil
            }
            let targetType = visit(target)
            let result = member(of: targetType, name, at: nameOffset, isCall: true)
            if let generic = typeArguments.first, ["GetValueOrDefault", "As", "Value", "ToObject", "DeserializeObject"].contains(name) {
                return staticType(of: generic)
            }
            return result
        case .index(let target, let arguments, _):
            let targetType = visit(target)
            arguments.forEach { _ = visit($0.value) }
            guard let targetType else { return nil }
            if targetType.name.hasSuffix("[]") { return StaticType(name: String(targetType.name.dropLast(2))) }
            return TypeCatalog.indexerResult[targetType.name].flatMap { $0.map { StaticType(name: $0) } }
        case .cast(let type, let operand):
            checkType(type)
            _ = visit(operand)
            return staticType(of: type)
        case .asType(let operand, let type):
            checkType(type)
            _ = visit(operand)
            return staticType(of: type)
        case .isType(let operand, let type, _):
            checkType(type)
            _ = visit(operand)
            return StaticType(name: "Boolean")
        case .newObject(let type, _, _):
            checkType(type)
            forEachChildVisit(expr)
            return staticType(of: type)
        case .newArray(let type, _, _):
            if let type { checkType(type) }
            forEachChildVisit(expr)
            return type.map { StaticType(name: Self.normalizedName($0.description) + "[]") }
        case .typeOf(let type), .defaultValue(let type?):
            checkType(type)
            return nil
        case .declaration(let type, _):
            if let type { checkType(type) }
            return nil
        case .lambda(_, let body):
            switch body {
            case .expression(let inner): _ = visit(inner)
            case .block(let statements): statements.forEach { visit($0) }
            }
            return nil
        case .binary(let op, let left, let right):
            let l = visit(left)
            let r = visit(right)
            switch op {
            case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual, .and, .or: return StaticType(name: "Boolean")
            case .add where l?.name == "String" || r?.name == "String": return StaticType(name: "String")
            case .coalesce: return l == r ? l : nil
            default: return l == r && l?.isTypeReference == false ? l : nil
            }
        case .conditional(let condition, let a, let b):
            _ = visit(condition)
            let x = visit(a)
            let y = visit(b)
            return x == y ? x : nil
        case .unary(.not, let operand):
            _ = visit(operand)
            return StaticType(name: "Boolean")
        default:
            forEachChildVisit(expr)
            return nil
        }
    }

    private mutating func forEachChildVisit(_ expr: Expr) {
        Self.forEachChild(expr) { _ = visit($0) }
    }

    /// Looks a member up on a statically known type; reports it when the type's member list is
    /// complete and the name is not in it.
    private mutating func member(of type: StaticType?, _ name: String, at offset: Int, isCall: Bool) -> StaticType? {
        guard let type else { return nil }
        if type.isTypeReference {
            if Self.isNamespace(type.name) {
                let dotted = type.name + "." + name
                if let resolved = KnownTypes.resolve(dotted) {
                    if KnownTypes.disallowed.contains(resolved) {
                        report(offset, name.utf8.count, .error, "expression-disallowed-type", "type '\(dotted)' is not allowed in policy expressions")
                    } else if KnownTypes.allowedUnsupported.contains(resolved) {
                        report(offset, name.utf8.count, .warning, "expression-unsupported", "type '\(dotted)' is not supported by policycheck (the expression cannot be simulated)")
                    }
                    return StaticType(name: resolved, isTypeReference: true)
                }
                return StaticType(name: dotted, isTypeReference: true)
            }
            guard let statics = TypeCatalog.staticMembers[type.name] else { return nil }
            if let result = statics[name] { return result.map { StaticType(name: $0) } }
            reportUnknown(name, on: TypeCatalog.displayName(type.name), candidates: statics.keys, at: offset)
            return nil
        }
        if type.name.hasSuffix("[]") {
            if name == "Length" || name == "LongLength" { return StaticType(name: "Int32") }
            return nil
        }
        guard let members = TypeCatalog.members[type.name] else { return nil }
        if let result = members[name] ?? TypeCatalog.objectMembers[name] { return result.map { StaticType(name: $0) } }
        if TypeCatalog.enumerableTypes.contains(type.name), Linq.methods.contains(name) { return nil }
        reportUnknown(name, on: TypeCatalog.displayName(type.name), candidates: Array(members.keys) + TypeCatalog.objectMembers.keys, at: offset)
        return nil
    }

    private mutating func reportUnknown(_ name: String, on typeName: String, candidates: some Collection<String>, at offset: Int) {
        var message = "'\(name)' is not a member of '\(typeName)'"
        if let suggestion = closestMatch(to: name, in: candidates) { message += "; did you mean '\(suggestion)'?" }
        report(offset, name.utf8.count, .error, "expression-unknown-member", message)
    }
}
