import PolicySource

/// The declarations of a Bicep file that matter for backends.
struct BicepDeclarations {
    struct Param {
        var name: String
        var offset: Int
        var defaultValue: TemplateExpr?
    }

    struct Resource {
        var symbol: String
        var offset: Int
        /// As written: `Microsoft.ApiManagement/service/backends@2023-05-01-preview`, or `backends@…` when nested.
        var type: String
        var existing: Bool
        var body: TemplateExpr
        /// The enclosing resource, for nested declarations.
        var enclosing: Int?
    }

    /// `module symbol 'path.bicep' = { params: {…} }` (policy extraction follows relative paths).
    struct Module {
        var symbol: String
        var offset: Int
        /// The path string as written, and where it stands.
        var path: String
        var pathOffset: Int
        var body: TemplateExpr
    }

    var params: [String: Param] = [:]
    var variables: [String: TemplateExpr] = [:]
    var resources: [Resource] = []
    var modules: [Module] = []
}

/// Parses the Bicep subset backend declarations use. Declarations it does not need (modules,
/// outputs, types, functions, imports) are read and skipped; real syntax errors throw an
/// `InputError` at their line and column.
struct BicepParser {
    let file: SourceFile
    private var tokens: [BicepToken]
    private var position = 0
    /// Above zero inside parentheses, where newlines do not end an expression.
    private var parenthesisDepth = 0
    private var nesting = 0
    private var enclosingResources: [Int] = []
    private(set) var declarations = BicepDeclarations()

    init(file: SourceFile) throws(InputError) {
        self.file = file
        var lexer = BicepLexer(file: file)
        self.tokens = try lexer.tokenize()
    }

    /// Parses an expression in a byte range (a `${…}` part of a string).
    private init(file: SourceFile, start: Int, end: Int, declarations: BicepDeclarations, nesting: Int) throws(InputError) {
        self.file = file
        var lexer = BicepLexer(file: file, start: start, end: end)
        self.tokens = try lexer.tokenize()
        self.declarations = declarations
        self.nesting = nesting
        self.parenthesisDepth = 1
    }

    // MARK: Token helpers

    private var current: BicepToken { tokens[position] }

    private func error(_ message: String, at offset: Int? = nil) -> InputError {
        InputError("syntax error: \(message)", at: file.location(at: offset ?? current.start))
    }

    private func describe(_ token: BicepToken) -> String {
        switch token.kind {
        case .identifier(let s): "'\(s)'"
        case .number(let n): "number \(formatNumber(n))"
        case .string, .multilineString: "a string"
        case .punctuation(let p): "'\(p)'"
        case .newline: "end of line"
        case .end: "end of file"
        }
    }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func skipNewlines() {
        while case .newline = current.kind { advance() }
    }

    /// Skips newlines when inside parentheses.
    private mutating func skipInsignificantNewlines() {
        if parenthesisDepth > 0 { skipNewlines() }
    }

    private func isPunctuation(_ p: String) -> Bool {
        if case .punctuation(let q) = current.kind { return p == q }
        return false
    }

    private func isIdentifier(_ name: String) -> Bool {
        if case .identifier(let s) = current.kind { return s == name }
        return false
    }

    private func peekPunctuationAfterNewlines(_ p: String) -> Bool {
        var i = position
        while case .newline = tokens[i].kind, i < tokens.count - 1 { i += 1 }
        if case .punctuation(let q) = tokens[i].kind { return q == p }
        return false
    }

    private mutating func expect(_ p: String, _ context: String) throws(InputError) -> BicepToken {
        guard isPunctuation(p) else { throw error("expected '\(p)' \(context), found \(describe(current))") }
        let token = current
        advance()
        return token
    }

    private mutating func identifier(_ context: String) throws(InputError) -> (String, Int) {
        guard case .identifier(let name) = current.kind else {
            throw error("expected \(context), found \(describe(current))")
        }
        let offset = current.start
        advance()
        return (name, offset)
    }

    private mutating func endOfStatement() throws(InputError) {
        switch current.kind {
        case .newline: advance()
        case .end: break
        default: throw error("expected end of line, found \(describe(current))")
        }
    }

    // MARK: Statements

    mutating func parseFile() throws(InputError) -> BicepDeclarations {
        while true {
            skipNewlines()
            if case .end = current.kind { return declarations }
            try statement()
        }
    }

    private mutating func statement() throws(InputError) {
        if isPunctuation("@") {
            advance()
            _ = try expression() // decorator: read, not used
            return
        }
        guard case .identifier(let keyword) = current.kind else {
            throw error("expected a declaration (param, var, resource, …), found \(describe(current))")
        }
        let keywordOffset = current.start
        advance()
        switch keyword {
        case "param":
            let (name, offset) = try identifier("a parameter name")
            try skipType()
            var value: TemplateExpr?
            if isPunctuation("=") {
                advance()
                value = try expression()
            }
            declarations.params[name] = .init(name: name, offset: offset, defaultValue: value)
            try endOfStatement()
        case "var":
            let (name, _) = try identifier("a variable name")
            _ = try expect("=", "after the variable name")
            declarations.variables[name] = try expression()
            try endOfStatement()
        case "resource":
            try resourceDeclaration(keywordOffset: keywordOffset)
            try endOfStatement()
        case "module" where isModuleHeader():
            let (symbol, offset) = try identifier("a module symbol name")
            guard case .string(let pieces) = current.kind else { throw error("expected the module path string") }
            let path = pieces.compactMap { if case .literal(let s) = $0 { s } else { nil } }.joined()
            let pathOffset = current.start
            advance()
            _ = try expect("=", "after the module path")
            let body = isIdentifier("if") ? try conditional() : try expression()
            declarations.modules.append(.init(symbol: symbol, offset: offset, path: path, pathOffset: pathOffset, body: body))
            try endOfStatement()
        case "module", "output", "metadata", "targetScope", "assert":
            // Read and ignore: `module m 'x.bicep' = {…}`, `output o string = …`, `targetScope = '…'`.
            while !isPunctuation("=") {
                if case .newline = current.kind { throw error("expected '=' in '\(keyword)' declaration") }
                if case .end = current.kind { throw error("expected '=' in '\(keyword)' declaration") }
                try skipBalancedToken()
            }
            advance()
            _ = isIdentifier("if") ? try conditional() : try expression()
            try endOfStatement()
        default:
            // `type`, `func`, `import`, `using`, `extension`, `provider` and anything newer: skip.
            try skipStatement()
        }
    }

    /// At `symbol 'path' =` after `module`.
    private func isModuleHeader() -> Bool {
        guard position + 2 < tokens.count, case .identifier = tokens[position].kind, case .string = tokens[position + 1].kind,
              case .punctuation("=") = tokens[position + 2].kind else { return false }
        return true
    }

    /// Skips a type annotation (`string`, `int[]`, `'a' | 'b'`, `{ … }`, `string?`) up to `=` or the end of the line.
    private mutating func skipType() throws(InputError) {
        while true {
            switch current.kind {
            case .newline, .end: return
            case .punctuation("="): return
            default: try skipBalancedToken()
            }
        }
    }

    private mutating func skipStatement() throws(InputError) {
        while true {
            switch current.kind {
            case .newline, .end: return
            default: try skipBalancedToken()
            }
        }
    }

    /// Skips one token, or a whole bracketed group when it opens one.
    private mutating func skipBalancedToken() throws(InputError) {
        guard case .punctuation(let p) = current.kind, p == "(" || p == "[" || p == "{" else {
            if case .punctuation(let p) = current.kind, p == ")" || p == "]" || p == "}" {
                throw error("unexpected '\(p)'")
            }
            advance()
            return
        }
        let close = p == "(" ? ")" : p == "[" ? "]" : "}"
        let open = current
        advance()
        nesting += 1
        defer { nesting -= 1 }
        if nesting > maximumNestingDepth { throw error("nesting deeper than \(maximumNestingDepth) levels", at: open.start) }
        while !isPunctuation(close) {
            if case .end = current.kind {
                throw error("'\(p)' opened at \(file.location(at: open.start).line):\(file.location(at: open.start).column) is never closed")
            }
            try skipBalancedToken()
        }
        advance()
    }

    private mutating func resourceDeclaration(keywordOffset: Int) throws(InputError) {
        let (symbol, offset) = try identifier("a resource symbol name")
        guard case .string(let pieces) = current.kind else {
            throw error("expected the resource type string ('Provider/type@version'), found \(describe(current))")
        }
        let type = pieces.compactMap { if case .literal(let s) = $0 { s } else { nil } }.joined()
        advance()
        var existing = false
        if isIdentifier("existing") {
            existing = true
            advance()
        }
        _ = try expect("=", "after the resource type")
        let index = declarations.resources.count
        declarations.resources.append(.init(symbol: symbol, offset: offset, type: type, existing: existing,
                                            body: TemplateExpr(kind: .null, start: offset, end: offset),
                                            enclosing: enclosingResources.last))
        enclosingResources.append(index)
        defer { enclosingResources.removeLast() }
        let body: TemplateExpr
        if isIdentifier("if") {
            body = try conditional()
        } else {
            body = try expression()
        }
        declarations.resources[index].body = body
    }

    /// `if (condition) body`
    private mutating func conditional() throws(InputError) -> TemplateExpr {
        let start = current.start
        advance()
        _ = try expect("(", "after 'if'")
        parenthesisDepth += 1
        skipNewlines()
        let condition = try expression()
        skipNewlines()
        parenthesisDepth -= 1
        _ = try expect(")", "to close the condition")
        let body = try expression()
        return TemplateExpr(kind: .conditional(condition: condition, body: body), start: start, end: body.end)
    }

    // MARK: Expressions

    mutating func expression() throws(InputError) -> TemplateExpr {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > maximumNestingDepth { throw error("nesting deeper than \(maximumNestingDepth) levels") }
        return try ternary()
    }

    private mutating func ternary() throws(InputError) -> TemplateExpr {
        let condition = try binary(0)
        if isPunctuation("?") || peekPunctuationAfterNewlines("?") {
            skipNewlines()
            advance()
            skipNewlines()
            let yes = try expression()
            skipNewlines()
            _ = try expect(":", "in a conditional expression (a ? b : c)")
            skipNewlines()
            let no = try expression()
            return TemplateExpr(kind: .ternary(condition, yes, no), start: condition.start, end: no.end)
        }
        return condition
    }

    private static let levels: [[String]] = [
        ["??"], ["||"], ["&&"], ["==", "!=", "=~", "!~"], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"],
    ]

    private mutating func binary(_ level: Int) throws(InputError) -> TemplateExpr {
        if level == Self.levels.count { return try unary() }
        var lhs = try binary(level + 1)
        while true {
            skipInsignificantNewlines()
            if level == 0, peekPunctuationAfterNewlines("??") { skipNewlines() }
            guard case .punctuation(let op) = current.kind, Self.levels[level].contains(op) else { return lhs }
            advance()
            skipNewlines()
            let rhs = try binary(level + 1)
            lhs = TemplateExpr(kind: .binary(op, lhs, rhs), start: lhs.start, end: rhs.end)
        }
    }

    private mutating func unary() throws(InputError) -> TemplateExpr {
        if case .punctuation(let op) = current.kind, op == "!" || op == "-" {
            let start = current.start
            advance()
            nesting += 1
            defer { nesting -= 1 }
            if nesting > maximumNestingDepth { throw error("nesting deeper than \(maximumNestingDepth) levels") }
            let operand = try unary()
            return TemplateExpr(kind: .unary(op, operand), start: start, end: operand.end)
        }
        return try postfix(try primary())
    }

    private mutating func postfix(_ base: TemplateExpr) throws(InputError) -> TemplateExpr {
        var expr = base
        while true {
            if parenthesisDepth > 0 { skipNewlines() }
            if isPunctuation(".") || isPunctuation("?.") || isPunctuation(".?") {
                let optional = !isPunctuation(".")
                advance()
                let (name, _) = try identifier("a property name after '.'")
                let end = tokens[position - 1].end
                if isPunctuation("(") {
                    // A namespaced function: `az.resourceGroup()`, `sys.concat(…)`.
                    let namespace = String(decoding: file.bytes[expr.start..<expr.end], as: UTF8.self)
                    let (args, close) = try arguments()
                    expr = TemplateExpr(kind: .call(namespace: namespace, name: name, arguments: args), start: expr.start, end: close)
                } else {
                    expr = TemplateExpr(kind: .member(expr, name, optional: optional), start: expr.start, end: end)
                }
            } else if isPunctuation("::") {
                advance()
                let (child, _) = try identifier("a nested resource name after '::'")
                // `parent::child` names a nested resource; nested symbols are looked up globally.
                if case .identifier = expr.kind {
                    expr = TemplateExpr(kind: .identifier(child), start: expr.start, end: tokens[position - 1].end)
                } else {
                    expr = TemplateExpr(kind: .opaque, start: expr.start, end: tokens[position - 1].end)
                }
            } else if isPunctuation("[") {
                advance()
                if isPunctuation("?") { advance() }
                parenthesisDepth += 1
                skipNewlines()
                let index = try expression()
                skipNewlines()
                parenthesisDepth -= 1
                let close = try expect("]", "to close the index")
                expr = TemplateExpr(kind: .index(expr, index), start: expr.start, end: close.end)
            } else if isPunctuation("!") {
                // Non-null assertion `x!`: no effect offline.
                advance()
            } else {
                return expr
            }
        }
    }

    private mutating func arguments() throws(InputError) -> ([TemplateExpr], Int) {
        _ = try expect("(", "to start the arguments")
        parenthesisDepth += 1
        defer { parenthesisDepth -= 1 }
        var args: [TemplateExpr] = []
        skipNewlines()
        while !isPunctuation(")") {
            args.append(try expression())
            skipNewlines()
            if isPunctuation(",") {
                advance()
                skipNewlines()
            } else if !isPunctuation(")") {
                throw error("expected ',' or ')' in the arguments, found \(describe(current))")
            }
        }
        let close = current.end
        advance()
        return (args, close)
    }

    private mutating func primary() throws(InputError) -> TemplateExpr {
        let token = current
        switch token.kind {
        case .number(let n):
            advance()
            return TemplateExpr(kind: .number(n), start: token.start, end: token.end)
        case .multilineString(let s):
            advance()
            return TemplateExpr(kind: .string(s), start: token.start, end: token.end)
        case .string(let pieces):
            advance()
            return try stringExpression(pieces, token)
        case .identifier(let name):
            advance()
            switch name {
            case "true": return TemplateExpr(kind: .bool(true), start: token.start, end: token.end)
            case "false": return TemplateExpr(kind: .bool(false), start: token.start, end: token.end)
            case "null": return TemplateExpr(kind: .null, start: token.start, end: token.end)
            default: break
            }
            if isPunctuation("=>") {
                // A lambda `x => …`: parsed, not evaluated.
                advance()
                let body = try expression()
                return TemplateExpr(kind: .opaque, start: token.start, end: body.end)
            }
            if isPunctuation("(") {
                let (args, close) = try arguments()
                return TemplateExpr(kind: .call(namespace: nil, name: name, arguments: args), start: token.start, end: close)
            }
            return TemplateExpr(kind: .identifier(name), start: token.start, end: token.end)
        case .punctuation("("):
            advance()
            parenthesisDepth += 1
            skipNewlines()
            // A lambda with a parameter list `(a, b) => …` is skipped as opaque.
            var items: [TemplateExpr] = []
            while !isPunctuation(")") {
                items.append(try expression())
                skipNewlines()
                if isPunctuation(",") { advance(); skipNewlines() } else if !isPunctuation(")") {
                    throw error("expected ')' to close '(', found \(describe(current))")
                }
            }
            parenthesisDepth -= 1
            let close = current
            advance()
            if isPunctuation("=>") {
                advance()
                let body = try expression()
                return TemplateExpr(kind: .opaque, start: token.start, end: body.end)
            }
            guard items.count == 1, var inner = items.first else {
                throw error("expected one expression in parentheses", at: token.start)
            }
            inner.start = token.start
            inner.end = close.end
            return inner
        case .punctuation("{"):
            return try object()
        case .punctuation("["):
            return try array()
        case .punctuation, .newline, .end:
            throw error("expected a value, found \(describe(token))")
        }
    }

    private func stringExpression(_ pieces: [BicepToken.StringPiece], _ token: BicepToken) throws(InputError) -> TemplateExpr {
        if pieces.count == 1, case .literal(let s) = pieces[0] {
            return TemplateExpr(kind: .string(s), start: token.start, end: token.end)
        }
        var parts: [TemplateExpr.InterpolationPart] = []
        for piece in pieces {
            switch piece {
            case .literal(let s): parts.append(.literal(s))
            case .expression(let start, let end):
                var sub = try BicepParser(file: file, start: start, end: end, declarations: BicepDeclarations(), nesting: nesting + 1)
                sub.skipNewlines()
                let expr = try sub.expression()
                sub.skipNewlines()
                guard case .end = sub.current.kind else {
                    throw sub.error("unexpected \(sub.describe(sub.current)) in '${…}'")
                }
                parts.append(.expression(expr))
            }
        }
        return TemplateExpr(kind: .interpolated(parts), start: token.start, end: token.end)
    }

    private mutating func object() throws(InputError) -> TemplateExpr {
        let open = current
        advance()
        let savedDepth = parenthesisDepth
        parenthesisDepth = 0
        defer { parenthesisDepth = savedDepth }
        var items: [TemplateExpr.ObjectItem] = []
        while true {
            skipNewlines()
            if isPunctuation("}") { break }
            if case .end = current.kind {
                let at = file.location(at: open.start)
                throw error("'{' opened at \(at.line):\(at.column) is never closed")
            }
            if isPunctuation("...") {
                advance()
                items.append(.spread(try expression()))
            } else if isPunctuation("@") {
                // A decorator on a property or nested resource: read and ignore.
                advance()
                _ = try expression()
                continue
            } else if isIdentifier("resource"), case .identifier = tokens[position + 1].kind {
                let keywordOffset = current.start
                advance()
                try resourceDeclaration(keywordOffset: keywordOffset)
                items.append(.nestedResource(declarations.resources.count - 1))
            } else {
                let keyToken = current
                switch keyToken.kind {
                case .identifier(let name):
                    advance()
                    _ = try expect(":", "after property name '\(name)'")
                    items.append(.property(key: name, keyOffset: keyToken.start, value: try expression()))
                case .string(let pieces):
                    advance()
                    let keyExpr = try stringExpression(pieces, keyToken)
                    _ = try expect(":", "after the property name")
                    let value = try expression()
                    if case .string(let key) = keyExpr.kind {
                        items.append(.property(key: key, keyOffset: keyToken.start, value: value))
                    } else {
                        items.append(.computedProperty(key: keyExpr, value: value))
                    }
                default:
                    throw error("expected a property name, found \(describe(keyToken))")
                }
            }
            // Properties end at a newline, a comma or the closing brace.
            if isPunctuation(",") { advance(); continue }
            if isPunctuation("}") { break }
            if case .newline = current.kind { continue }
            if case .end = current.kind { continue }
            throw error("expected a new line, ',' or '}' after the property, found \(describe(current))")
        }
        let close = current
        advance()
        return TemplateExpr(kind: .object(items), start: open.start, end: close.end)
    }

    private mutating func array() throws(InputError) -> TemplateExpr {
        let open = current
        advance()
        let savedDepth = parenthesisDepth
        parenthesisDepth = 0
        defer { parenthesisDepth = savedDepth }
        skipNewlines()
        if isIdentifier("for") {
            return try forLoop(open)
        }
        var items: [TemplateExpr] = []
        while true {
            skipNewlines()
            if isPunctuation("]") { break }
            if case .end = current.kind {
                let at = file.location(at: open.start)
                throw error("'[' opened at \(at.line):\(at.column) is never closed")
            }
            if isPunctuation("...") {
                advance()
                items.append(TemplateExpr(kind: .opaque, start: current.start, end: try expression().end))
            } else {
                items.append(try expression())
            }
            if isPunctuation(",") { advance(); continue }
            if isPunctuation("]") { break }
            if case .newline = current.kind { continue }
            if case .end = current.kind { continue }
            throw error("expected a new line, ',' or ']' after the array item, found \(describe(current))")
        }
        let close = current
        advance()
        return TemplateExpr(kind: .array(items), start: open.start, end: close.end)
    }

    /// `[for item in source: body]`, `[for (item, index) in source: if (cond) body]`
    private mutating func forLoop(_ open: BicepToken) throws(InputError) -> TemplateExpr {
        advance() // for
        var item: String
        var index: String?
        if isPunctuation("(") {
            advance()
            (item, _) = try identifier("a loop variable")
            if isPunctuation(",") {
                advance()
                (index, _) = try identifier("a loop index variable")
                index = index ?? nil
            }
            _ = try expect(")", "after the loop variables")
        } else {
            (item, _) = try identifier("a loop variable")
        }
        guard isIdentifier("in") else { throw error("expected 'in' in the for loop, found \(describe(current))") }
        advance()
        let source = try expression()
        _ = try expect(":", "after the loop source")
        skipNewlines()
        var condition: TemplateExpr?
        var body: TemplateExpr
        if isIdentifier("if") {
            let conditional = try conditional()
            guard case .conditional(let c, let b) = conditional.kind else { throw error("bad loop condition") }
            condition = c
            body = b
        } else {
            body = try expression()
        }
        skipNewlines()
        let close = try expect("]", "to close the for loop")
        return TemplateExpr(kind: .forLoop(item: item, index: index, source: source, condition: condition, body: body),
                            start: open.start, end: close.end)
    }
}
