/// Limits that keep hostile input from hanging or crashing the parser and evaluator.
public enum ExpressionLimits {
    /// Deepest nesting of expressions and statements the parser accepts.
    public static let maxNestingDepth = 200
    /// Most tokens one expression may have.
    public static let maxTokens = 1_000_000
    /// Deepest nesting of lambda and local-function calls during evaluation.
    public static let maxCallDepth = 200
    /// Default evaluation step budget.
    public static let defaultStepBudget = 1_000_000
    /// Largest string (in UTF-16 code units) an evaluation may build: 16 Mi.
    public static let maxStringLength = 16 * 1024 * 1024
    /// Largest collection an evaluation may build.
    public static let maxCollectionCount = 1_000_000
    /// Wall-clock time one evaluation may run (monotonic clock, looked at every
    /// ``clockCheckInterval`` steps and after every regex match).
    public static let maxEvaluationTime: Duration = .seconds(2)
    /// Steps between two looks at the clock.
    public static let clockCheckInterval = 4_096
    /// Text work charged as one step: a call, concatenation or interpolation costs one step per
    /// this many UTF-8 bytes it reads or builds.
    public static let bytesPerStep = 64
    /// JSON parsing charged as one step (on top of reading the text): `JToken.Parse`,
    /// `JObject.Parse`, `JArray.Parse`, `JsonConvert.DeserializeObject`, `Body.As<JObject>()`.
    public static let jsonBytesPerStep = 8
    /// Collection work charged as one step: one step per this many elements built or walked.
    public static let elementsPerStep = 16
}

/// Parses policy expressions: `@(expression)` and `@{ statements }`.
public enum ExpressionParser {
    /// Parses the whole expression source, including the leading `@(` / `@{` and the closing
    /// bracket. `source` must already have XML entities decoded.
    public static func parse(_ source: String) throws(ExpressionSyntaxError) -> ParsedExpression {
        let bytes = Array(source.utf8)
        var lexer = Lexer(bytes: bytes)
        let tokens = try lexer.tokenize()
        var parser = Parser(tokens: tokens, bytes: bytes)
        let body = try parser.parseRoot()
        return ParsedExpression(source: source, body: body)
    }

    /// Parses a type as written in C# (`string[]`, `Dictionary<string, int>`).
    public static func parseTypeName(_ source: String) throws(ExpressionSyntaxError) -> TypeRef {
        let bytes = Array(source.utf8)
        var lexer = Lexer(bytes: bytes)
        let tokens = try lexer.tokenize()
        var parser = Parser(tokens: tokens, bytes: bytes)
        let type = try parser.parseType()
        try parser.expectEnd()
        return type
    }

    /// Parses a bare C# expression (no `@(...)` around it), e.g. for tests and tools.
    public static func parseBareExpression(_ source: String) throws(ExpressionSyntaxError) -> Expr {
        let bytes = Array(source.utf8)
        var lexer = Lexer(bytes: bytes)
        let tokens = try lexer.tokenize()
        var parser = Parser(tokens: tokens, bytes: bytes)
        let expr = try parser.parseExpression()
        try parser.expectEnd()
        return expr
    }
}

struct Parser {
    private var tokens: [Token]
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(tokens: [Token], bytes: [UInt8]) {
        self.tokens = tokens
        self.bytes = bytes
    }

    // MARK: Token helpers

    private var current: Token { tokens[min(index, tokens.count - 1)] }
    private func peek(_ ahead: Int) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func at(_ punct: Punct) -> Bool { current.isPunct(punct) }
    private func atKeyword(_ word: String) -> Bool { current.isKeyword(word) }

    private mutating func accept(_ punct: Punct) -> Bool {
        if at(punct) { index += 1; return true }
        return false
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        if atKeyword(word) { index += 1; return true }
        return false
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: return "end of expression"
        case .identifier(let name, _): return "'\(name)'"
        case .punct(let p): return "'\(p.text)'"
        case .string, .interpolated: return "string literal"
        case .char: return "character literal"
        case .integer, .real: return "number"
        }
    }

    private func error(_ message: String, at token: Token? = nil) -> ExpressionSyntaxError {
        ExpressionSyntaxError(offset: (token ?? current).offset, message: message)
    }

    /// Valid C# that this parser does not model.
    private func unsupported(_ what: String, at token: Token? = nil) -> ExpressionSyntaxError {
        ExpressionSyntaxError(offset: (token ?? current).offset, message: "\(what) are not supported by policycheck", isUnsupportedConstruct: true)
    }

    private mutating func expect(_ punct: Punct) throws(ExpressionSyntaxError) {
        guard accept(punct) else { throw error("expected '\(punct.text)' but found \(describe(current))") }
    }

    mutating func expectEnd() throws(ExpressionSyntaxError) {
        guard current.isEnd else { throw error("unexpected \(describe(current)) after the end of the expression") }
    }

    private mutating func expectIdentifier() throws(ExpressionSyntaxError) -> (String, Int) {
        let token = current
        guard case .identifier(let name, let verbatim) = token.kind, verbatim || !token.isKeywordSpelling else {
            throw error("expected an identifier but found \(describe(token))")
        }
        index += 1
        return (name, token.offset)
    }

    /// One level deeper; on failure the depth is left as it was (callers that backtrack with `try?` rely on it).
    private mutating func enter() throws(ExpressionSyntaxError) {
        if depth >= ExpressionLimits.maxNestingDepth {
            throw error("expression is nested too deeply (more than \(ExpressionLimits.maxNestingDepth) levels)")
        }
        depth += 1
    }

    private mutating func leave() { depth -= 1 }

    private func isIdentifierToken(_ token: Token) -> Bool {
        if case .identifier(_, let verbatim) = token.kind { return verbatim || !token.isKeywordSpelling }
        return false
    }

    // MARK: Root

    mutating func parseRoot() throws(ExpressionSyntaxError) -> ParsedExpression.Body {
        guard at(.atSign) else { throw error("a policy expression starts with '@(' or '@{'") }
        let at = advance()
        if self.at(.openParen) , current.offset == at.end {
            index += 1
            let expr = try parseExpression()
            try expect(.closeParen)
            try expectEnd()
            return .expression(expr)
        }
        if self.at(.openBrace), current.offset == at.end {
            index += 1
            let statements = try parseStatementsUntilBrace()
            try expect(.closeBrace)
            try expectEnd()
            return .block(statements)
        }
        throw error("a policy expression starts with '@(' or '@{'", at: at)
    }

    private mutating func parseStatementsUntilBrace() throws(ExpressionSyntaxError) -> [Stmt] {
        var statements: [Stmt] = []
        while !at(.closeBrace) && !current.isEnd {
            statements.append(try parseStatement())
        }
        return statements
    }

    // MARK: Statements

    private mutating func parseBlock() throws(ExpressionSyntaxError) -> [Stmt] {
        try expect(.openBrace)
        let statements = try parseStatementsUntilBrace()
        try expect(.closeBrace)
        return statements
    }

    private mutating func parseEmbeddedStatement() throws(ExpressionSyntaxError) -> Stmt {
        try parseStatement()
    }

    mutating func parseStatement() throws(ExpressionSyntaxError) -> Stmt {
        try enter()
        defer { leave() }
        let start = current.offset
        if at(.openBrace) {
            return Stmt(.block(try parseBlock()), at: start)
        }
        if accept(.semicolon) { return Stmt(.empty, at: start) }
        // Every statement keyword is reserved: the test spares ordinary names the string compares.
        if case .identifier(let word, false) = current.kind, current.isKeywordSpelling {
            switch word {
            case "if":
                index += 1
                try expect(.openParen)
                let condition = try parseExpression()
                try expect(.closeParen)
                let then = try parseEmbeddedStatement()
                var otherwise: Stmt?
                if acceptKeyword("else") { otherwise = try parseEmbeddedStatement() }
                return Stmt(.ifElse(condition, then, otherwise), at: start)
            case "while":
                index += 1
                try expect(.openParen)
                let condition = try parseExpression()
                try expect(.closeParen)
                return Stmt(.whileLoop(condition, try parseEmbeddedStatement()), at: start)
            case "do":
                index += 1
                let body = try parseEmbeddedStatement()
                guard acceptKeyword("while") else { throw error("expected 'while' after the body of 'do'") }
                try expect(.openParen)
                let condition = try parseExpression()
                try expect(.closeParen)
                try expect(.semicolon)
                return Stmt(.doWhile(body, condition), at: start)
            case "for":
                index += 1
                try expect(.openParen)
                var initializers: [Stmt] = []
                if !at(.semicolon) {
                    if let declaration = try parseDeclarationIfPresent() {
                        initializers.append(declaration)
                    } else {
                        repeat {
                            let expr = try parseExpression()
                            initializers.append(Stmt(.expression(expr), at: expr.offset))
                        } while accept(.comma)
                    }
                }
                try expect(.semicolon)
                let condition = at(.semicolon) ? nil : try parseExpression()
                try expect(.semicolon)
                var iterators: [Expr] = []
                if !at(.closeParen) {
                    repeat { iterators.append(try parseExpression()) } while accept(.comma)
                }
                try expect(.closeParen)
                let body = try parseEmbeddedStatement()
                return Stmt(.forLoop(initializers: initializers, condition: condition, iterators: iterators, body: body), at: start)
            case "foreach":
                index += 1
                try expect(.openParen)
                var type: TypeRef?
                if atKeyword("var") && isIdentifierToken(peek(1)) && peek(2).isKeyword("in") {
                    index += 1
                } else {
                    type = try parseType()
                }
                let (name, _) = try expectIdentifier()
                guard acceptKeyword("in") else { throw error("expected 'in' in foreach") }
                let collection = try parseExpression()
                try expect(.closeParen)
                let body = try parseEmbeddedStatement()
                return Stmt(.forEach(type, name, collection, body), at: start)
            case "switch":
                index += 1
                return try parseSwitch(start: start)
            case "return":
                index += 1
                if accept(.semicolon) { return Stmt(.returnStatement(nil), at: start) }
                let value = try parseExpression()
                try expect(.semicolon)
                return Stmt(.returnStatement(value), at: start)
            case "throw":
                index += 1
                if accept(.semicolon) { return Stmt(.throwStatement(nil), at: start) }
                let value = try parseExpression()
                try expect(.semicolon)
                return Stmt(.throwStatement(value), at: start)
            case "break":
                index += 1
                try expect(.semicolon)
                return Stmt(.breakStatement, at: start)
            case "continue":
                index += 1
                try expect(.semicolon)
                return Stmt(.continueStatement, at: start)
            case "try":
                index += 1
                return try parseTry(start: start)
            case "using":
                index += 1
                if accept(.openParen) {
                    let resource: Stmt
                    if let declaration = try parseDeclarationIfPresent() {
                        resource = declaration
                    } else {
                        let expr = try parseExpression()
                        resource = Stmt(.expression(expr), at: expr.offset)
                    }
                    try expect(.closeParen)
                    let body = try parseEmbeddedStatement()
                    return Stmt(.using(resource, body), at: start)
                }
                // `using var x = …;` — a declaration whose disposal does not matter here.
                guard let declaration = try parseDeclarationIfPresent() else { throw error("expected a declaration after 'using'") }
                try expect(.semicolon)
                return declaration
            case "checked", "unchecked":
                if peek(1).isPunct(.openBrace) {
                    index += 1
                    return Stmt(.block(try parseBlock()), at: start)
                }
            case "const":
                index += 1
                guard let declaration = try parseDeclarationIfPresent() else { throw error("expected a declaration after 'const'") }
                try expect(.semicolon)
                return declaration
            case "else":
                throw error("'else' without a matching 'if'")
            case "case":
                throw error("'case' outside a switch statement")
            case "default" where peek(1).isPunct(.colon):
                throw error("'default' outside a switch statement")
            default:
                break
            }
        }
        if let function = try parseLocalFunctionIfPresent() { return function }
        if let declaration = try parseDeclarationIfPresent() {
            try expect(.semicolon)
            return declaration
        }
        let expr = try parseExpression()
        try expect(.semicolon)
        return Stmt(.expression(expr), at: start)
    }

    /// `T Name(T a, U b) { … }` or `=> expr;` — a local function declaration.
    private mutating func parseLocalFunctionIfPresent() throws(ExpressionSyntaxError) -> Stmt? {
        let start = current.offset
        let saved = index
        while atKeyword("static") || atKeyword("async") { index += 1 }
        guard case .identifier = current.kind, let returnType = try? parseType(), isIdentifierToken(current), peek(1).isPunct(.openParen) else {
            index = saved
            return nil
        }
        // The parameter list must be followed by a body.
        var scan = index + 2
        var nesting = 1
        while scan < tokens.count, nesting > 0, !tokens[scan].isEnd {
            if tokens[scan].isPunct(.openParen) { nesting += 1 }
            if tokens[scan].isPunct(.closeParen) { nesting -= 1 }
            scan += 1
        }
        guard scan < tokens.count, tokens[scan].isPunct(.openBrace) || tokens[scan].isPunct(.arrow) else {
            index = saved
            return nil
        }
        let (name, _) = try expectIdentifier()
        try expect(.openParen)
        var parameters: [LambdaParameter] = []
        if !at(.closeParen) {
            repeat {
                let type = try parseType()
                let (parameterName, offset) = try expectIdentifier()
                if accept(.assign) { _ = try parseExpression() } // default values are not modelled
                parameters.append(LambdaParameter(name: parameterName, type: type, offset: offset))
            } while accept(.comma)
        }
        try expect(.closeParen)
        let body: LambdaBody
        if accept(.arrow) {
            body = .expression(try parseExpression())
            try expect(.semicolon)
        } else {
            body = .block(try parseBlock())
        }
        return Stmt(.localFunction(name: name, parameters: parameters, returnType: returnType, body: body), at: start)
    }

    /// Parses `var x = …` or `T x = …, y = …` when the tokens form a declaration; otherwise
    /// leaves the position unchanged and returns nil. Does not consume the terminator.
    private mutating func parseDeclarationIfPresent() throws(ExpressionSyntaxError) -> Stmt? {
        let start = current.offset
        let saved = index
        var type: TypeRef?
        if atKeyword("var"), isIdentifierToken(peek(1)), peek(2).isPunct(.assign) || peek(2).isPunct(.semicolon) || peek(2).isKeyword("in") {
            index += 1
        } else {
            guard case .identifier = current.kind, let parsed = try? parseType() else {
                index = saved
                return nil
            }
            guard isIdentifierToken(current) else {
                index = saved
                return nil
            }
            let after = peek(1)
            guard after.isPunct(.assign) || after.isPunct(.semicolon) || after.isPunct(.comma) || after.isKeyword("in") || after.isPunct(.closeParen) else {
                index = saved
                return nil
            }
            type = parsed
        }
        var declarators: [Declarator] = []
        repeat {
            let (name, offset) = try expectIdentifier()
            var initializer: Expr?
            if accept(.assign) {
                if at(.openBrace) {
                    // `int[] a = { 1, 2 };` — an array initialiser.
                    let braceOffset = current.offset
                    let elements = try parseBracedExpressions()
                    initializer = Expr(.newArray(type.map(\.elementType), size: nil, elements: elements), at: braceOffset)
                } else {
                    initializer = try parseExpression()
                }
            }
            declarators.append(Declarator(name: name, offset: offset, initializer: initializer))
        } while accept(.comma)
        return Stmt(.declaration(type, declarators), at: start)
    }

    private mutating func parseSwitch(start: Int) throws(ExpressionSyntaxError) -> Stmt {
        try expect(.openParen)
        let subject = try parseExpression()
        try expect(.closeParen)
        try expect(.openBrace)
        var sections: [SwitchSection] = []
        while !at(.closeBrace) && !current.isEnd {
            var labels: [Expr?] = []
            while true {
                if acceptKeyword("case") {
                    let value = try parseExpression()
                    if atKeyword("when") || isIdentifierToken(current) { throw unsupported("pattern 'case' labels") }
                    try expect(.colon)
                    labels.append(value)
                } else if atKeyword("default"), peek(1).isPunct(.colon) {
                    index += 2
                    labels.append(nil)
                } else {
                    break
                }
            }
            if labels.isEmpty { throw error("expected 'case' or 'default' but found \(describe(current))") }
            var body: [Stmt] = []
            while !at(.closeBrace) && !current.isEnd && !atKeyword("case") && !(atKeyword("default") && peek(1).isPunct(.colon)) {
                body.append(try parseStatement())
            }
            sections.append(SwitchSection(labels: labels, body: body))
        }
        try expect(.closeBrace)
        return Stmt(.switchStatement(subject, sections), at: start)
    }

    private mutating func parseTry(start: Int) throws(ExpressionSyntaxError) -> Stmt {
        let body = try parseBlock()
        var catches: [CatchClause] = []
        while atKeyword("catch") {
            let catchOffset = advance().offset
            var type: TypeRef?
            var name: String?
            if accept(.openParen) {
                type = try parseType()
                if isIdentifierToken(current) { name = try expectIdentifier().0 }
                try expect(.closeParen)
            }
            var filter: Expr?
            if acceptKeyword("when") {
                try expect(.openParen)
                filter = try parseExpression()
                try expect(.closeParen)
            }
            let catchBody = try parseBlock()
            catches.append(CatchClause(type: type, name: name, filter: filter, body: catchBody, offset: catchOffset))
        }
        var finallyBody: [Stmt]?
        if acceptKeyword("finally") { finallyBody = try parseBlock() }
        if catches.isEmpty && finallyBody == nil { throw error("expected 'catch' or 'finally' after the try block") }
        return Stmt(.tryStatement(body, catches, finally: finallyBody), at: start)
    }

    // MARK: Types

    /// Parses a type: predefined keyword or dotted name, optional type arguments, `?`, `[]`.
    mutating func parseType(allowNullable: Bool = true) throws(ExpressionSyntaxError) -> TypeRef {
        try enter()
        defer { leave() }
        let token = current
        let start = token.offset
        guard case .identifier(let first, let verbatim) = token.kind else {
            throw error("expected a type but found \(describe(token))")
        }
        var name = first
        let isPredefined = token.isKeywordSpelling && predefinedTypeKeywords[first] != nil
        if !verbatim, token.isKeywordSpelling, !isPredefined {
            throw error("expected a type but found \(describe(token))")
        }
        index += 1
        var arguments: [TypeRef] = []
        if !isPredefined || verbatim {
            while true {
                if at(.less) {
                    arguments = try parseTypeArguments()
                }
                if at(.dot), isIdentifierToken(peek(1)) {
                    // Namespaces and nested types (`Dictionary<K,V>.KeyCollection` keeps the outer arguments).
                    index += 1
                    name += "." + (advance().identifier ?? "")
                    continue
                }
                break
            }
        }
        var type = TypeRef(name: name, arguments: arguments, offset: start)
        if allowNullable, at(.question) {
            // `T?` only when what follows cannot continue a conditional expression.
            let next = peek(1)
            if isIdentifierToken(next) || next.isPunct(.closeParen) || next.isPunct(.comma) || next.isPunct(.openBracket) || next.isPunct(.greater) {
                index += 1
                type.isNullable = true
            }
        }
        while at(.openBracket), peek(1).isPunct(.closeBracket) {
            index += 2
            type.arrayRank += 1
        }
        return type
    }

    private mutating func parseTypeArguments() throws(ExpressionSyntaxError) -> [TypeRef] {
        try expect(.less)
        var arguments: [TypeRef] = []
        repeat { arguments.append(try parseType()) } while accept(.comma)
        try expect(.greater)
        return arguments
    }

    /// Tries to read `<T, U>` as a generic argument list in an expression; restores on failure.
    private mutating func tryTypeArgumentsInExpression() -> [TypeRef]? {
        guard at(.less) else { return nil }
        let saved = index
        guard let arguments = try? parseTypeArguments() else {
            index = saved
            return nil
        }
        // C# disambiguation: the token after '>' decides.
        let next = current
        if next.isPunct(.openParen) || next.isPunct(.closeParen) || next.isPunct(.dot) || next.isPunct(.comma) || next.isPunct(.semicolon)
            || next.isPunct(.closeBracket) || next.isPunct(.closeBrace) || next.isPunct(.questionDot) || next.isPunct(.equalEqual) || next.isPunct(.bangEqual)
            || next.isPunct(.colon) || next.isEnd {
            return arguments
        }
        index = saved
        return nil
    }

    // MARK: Expressions

    mutating func parseExpression() throws(ExpressionSyntaxError) -> Expr {
        try enter()
        defer { leave() }
        if let lambda = try parseLambdaIfPresent() { return lambda }
        let target = try parseConditional()
        if case .punct(let p) = current.kind {
            if p == .assign {
                let opToken = advance()
                try checkAssignable(target, at: opToken)
                let value = try parseExpressionOrArrayInitializer()
                return Expr(.assign(target, nil, value), at: target.offset)
            }
            if let op = Self.compoundAssignment(p) {
                let opToken = advance()
                try checkAssignable(target, at: opToken)
                let value = try parseExpression()
                return Expr(.assign(target, op, value), at: target.offset)
            }
            if p == .greater, peek(1).isPunct(.greaterEqual), peek(1).offset == current.end {
                let opToken = advance()
                index += 1
                try checkAssignable(target, at: opToken)
                let value = try parseExpression()
                return Expr(.assign(target, .shiftRight, value), at: target.offset)
            }
        }
        return target
    }

    /// The operator of a compound assignment punctuator (`+=` → `+`).
    private static func compoundAssignment(_ punct: Punct) -> BinaryOperator? {
        switch punct {
        case .plusEqual: .add
        case .minusEqual: .subtract
        case .starEqual: .multiply
        case .slashEqual: .divide
        case .percentEqual: .remainder
        case .ampersandEqual: .bitAnd
        case .barEqual: .bitOr
        case .caretEqual: .bitXor
        case .lessLessEqual: .shiftLeft
        case .questionQuestionEqual: .coalesce
        default: nil
        }
    }

    private mutating func parseExpressionOrArrayInitializer() throws(ExpressionSyntaxError) -> Expr {
        try parseExpression()
    }

    private func checkAssignable(_ target: Expr, at token: Token) throws(ExpressionSyntaxError) {
        switch target.kind {
        case .name, .member, .index: return
        default: throw ExpressionSyntaxError(offset: token.offset, message: "the left-hand side of an assignment must be a variable, property or indexer")
        }
    }

    private mutating func parseLambdaIfPresent() throws(ExpressionSyntaxError) -> Expr? {
        let start = current.offset
        // x => …
        if peek(1).isPunct(.arrow), isIdentifierToken(current) {
            let (name, offset) = try expectIdentifier()
            index += 1
            let body = try parseLambdaBody()
            return Expr(.lambda([LambdaParameter(name: name, type: nil, offset: offset)], body), at: start)
        }
        // (a, b) => … / (string a) => … / () => …
        guard at(.openParen) else { return nil }
        var scan = index + 1
        var nesting = 1
        while scan < tokens.count, nesting > 0 {
            let token = tokens[scan]
            if token.isPunct(.openParen) { nesting += 1 }
            if token.isPunct(.closeParen) { nesting -= 1 }
            if token.isEnd { return nil }
            scan += 1
        }
        guard scan < tokens.count, tokens[scan].isPunct(.arrow) else { return nil }
        index += 1
        var parameters: [LambdaParameter] = []
        if !at(.closeParen) {
            repeat {
                var type: TypeRef?
                if !(isIdentifierToken(current) && (peek(1).isPunct(.comma) || peek(1).isPunct(.closeParen))) {
                    type = try parseType()
                }
                let (name, offset) = try expectIdentifier()
                parameters.append(LambdaParameter(name: name, type: type, offset: offset))
            } while accept(.comma)
        }
        try expect(.closeParen)
        try expect(.arrow)
        return Expr(.lambda(parameters, try parseLambdaBody()), at: start)
    }

    private mutating func parseLambdaBody() throws(ExpressionSyntaxError) -> LambdaBody {
        if at(.openBrace) { return .block(try parseBlock()) }
        return .expression(try parseExpression())
    }

    private mutating func parseConditional() throws(ExpressionSyntaxError) -> Expr {
        let condition = try parseCoalesce()
        if at(.question) {
            index += 1
            let whenTrue = try parseExpression()
            try expect(.colon)
            let whenFalse = try parseExpression()
            return Expr(.conditional(condition, whenTrue, whenFalse), at: condition.offset)
        }
        return condition
    }

    private mutating func parseCoalesce() throws(ExpressionSyntaxError) -> Expr {
        let left = try parseBinary(minLevel: 0)
        if accept(.questionQuestion) {
            try enter()
            defer { leave() }
            let right: Expr
            if atKeyword("throw") {
                let throwOffset = advance().offset
                right = Expr(.throwExpression(try parseExpression()), at: throwOffset)
            } else {
                right = try parseCoalesce()
            }
            return Expr(.binary(.coalesce, left, right), at: left.offset)
        }
        return left
    }

    /// An operator that can continue a binary chain after an operand.
    private struct InfixOperator {
        /// nil for `is` / `as`, which take a type rather than a right operand.
        var binary: BinaryOperator?
        /// Binding strength, loosest first: `||` is 0, `*` is 9.
        var level: Int
        /// Tokens the operator spans (`>>` is lexed as two `>`).
        var tokens = 1
    }

    private static let tightestLevel = 9

    /// The binary operator (or `is` / `as`) at the current token, if any.
    private func infixOperator() -> InfixOperator? {
        let token = current
        switch token.kind {
        case .identifier(let word, false) where word == "is" || word == "as":
            return InfixOperator(binary: nil, level: 6)
        case .punct(let p):
            switch p {
            case .barBar: return InfixOperator(binary: .or, level: 0)
            case .ampersandAmpersand: return InfixOperator(binary: .and, level: 1)
            case .bar: return InfixOperator(binary: .bitOr, level: 2)
            case .caret: return InfixOperator(binary: .bitXor, level: 3)
            case .ampersand: return InfixOperator(binary: .bitAnd, level: 4)
            case .equalEqual: return InfixOperator(binary: .equal, level: 5)
            case .bangEqual: return InfixOperator(binary: .notEqual, level: 5)
            case .less: return InfixOperator(binary: .less, level: 6)
            case .lessEqual: return InfixOperator(binary: .lessOrEqual, level: 6)
            case .greaterEqual: return InfixOperator(binary: .greaterOrEqual, level: 6)
            case .lessLess: return InfixOperator(binary: .shiftLeft, level: 7)
            case .plus: return InfixOperator(binary: .add, level: 8)
            case .minus: return InfixOperator(binary: .subtract, level: 8)
            case .star: return InfixOperator(binary: .multiply, level: 9)
            case .slash: return InfixOperator(binary: .divide, level: 9)
            case .percent: return InfixOperator(binary: .remainder, level: 9)
            case .greater:
                let next = peek(1)
                guard next.offset == token.end else { return InfixOperator(binary: .greater, level: 6) }
                if next.isPunct(.greater) {
                    // `>>`, unless the second `>` starts a `>=` written apart (`> >=` is `>>=`).
                    let after = peek(2)
                    return !after.isPunct(.assign) || after.offset != next.end ? InfixOperator(binary: .shiftRight, level: 7, tokens: 2) : nil
                }
                // `>` directly followed by `>=` is the compound assignment `>>=`.
                return next.isPunct(.greaterEqual) ? nil : InfixOperator(binary: .greater, level: 6)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// Parses a chain of binary operators of `minLevel` or tighter by precedence climbing: one
    /// loop per chain instead of one recursive call per level for every operand. The tree is the
    /// one a recursive descent through the levels builds (every level left-associative).
    private mutating func parseBinary(minLevel: Int) throws(ExpressionSyntaxError) -> Expr {
        var left = try parseUnary()
        // The loosest level met so far. Operators in one chain never get tighter: a binary
        // operator's right operand takes every tighter operator, and a tighter one after `is T`
        // belongs to no operand (`a is T * 2` stops before `*`).
        var ceiling = Self.tightestLevel
        // Each operator of a chain (`1 + 1 + …`) wraps `left` once more, so the chain counts
        // towards the nesting depth: the tree is as deep as the chain is long, and the checker,
        // compiler and evaluator walk it recursively. A looser operator ends the tighter chain
        // (it is complete as an operand) and gives its depth back.
        var chain = 0
        defer { depth -= chain }
        while let op = infixOperator(), op.level >= minLevel, op.level <= ceiling {
            if op.level < ceiling {
                depth -= chain
                chain = 0
                ceiling = op.level
            }
            guard let binary = op.binary else {
                left = try parseIsAs(left)
                continue
            }
            index += op.tokens
            try enter()
            chain += 1
            let right = try parseBinary(minLevel: op.level + 1)
            left = Expr(.binary(binary, left, right), at: left.offset)
        }
        return left
    }

    private mutating func parseIsAs(_ left: Expr) throws(ExpressionSyntaxError) -> Expr {
        if acceptKeyword("as") {
            return Expr(.asType(left, try parseType(allowNullable: false)), at: left.offset)
        }
        index += 1 // is
        var negated = false
        if atKeyword("not") { index += 1; negated = true }
        // Constant patterns: null, literals.
        switch current.kind {
        case .integer, .real, .string, .char:
            let constant = try parsePrimary()
            return Expr(.isConstant(left, constant, negated: negated), at: left.offset)
        case .identifier(let word, false) where word == "null" || word == "true" || word == "false":
            let constant = try parsePrimary()
            return Expr(.isConstant(left, constant, negated: negated), at: left.offset)
        default:
            break
        }
        let type = try parseType(allowNullable: false)
        var binding: String?
        if isIdentifierToken(current), !atKeyword("and"), !atKeyword("or") {
            binding = try expectIdentifier().0
        }
        let test = Expr(.isType(left, type, binding: binding), at: left.offset)
        if negated { return Expr(.unary(.not, test), at: left.offset) }
        return test
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expr {
        try enter()
        defer { leave() }
        let start = current.offset
        if case .punct(let p) = current.kind {
            switch p {
            case .plus, .minus, .bang, .tilde:
                index += 1
                let operand = try parseUnary()
                // Fold `-2147483648` and `-9223372036854775808` the way C# does.
                if p == .minus, case .literal(let literal) = operand.kind {
                    switch literal {
                    case .uint(2_147_483_648): return Expr(.literal(.int(Int32.min)), at: start)
                    case .ulong(9_223_372_036_854_775_808): return Expr(.literal(.long(Int64.min)), at: start)
                    default: break
                    }
                }
                let op: UnaryOperator = switch p {
                case .minus: .minus
                case .bang: .not
                case .tilde: .complement
                default: .plus
                }
                return Expr(.unary(op, operand), at: start)
            case .plusPlus, .minusMinus:
                index += 1
                let operand = try parseUnary()
                return Expr(.increment(operand, isIncrement: p == .plusPlus, isPrefix: true), at: start)
            case .openParen:
                if let cast = try parseCastIfPresent() { return cast }
            default:
                break
            }
        }
        return try parsePostfix(try parsePrimary())
    }

    /// `(T)x` — a cast when the parenthesised tokens form a type and what follows can start an operand.
    private mutating func parseCastIfPresent() throws(ExpressionSyntaxError) -> Expr? {
        let start = current.offset
        let saved = index
        index += 1
        let first = current
        guard case .identifier(let firstName, _) = first.kind, let type = try? parseType(), accept(.closeParen) else {
            index = saved
            return nil
        }
        let isPredefined = first.isKeywordSpelling && predefinedTypeKeywords[firstName] != nil
        let next = current
        var castFollows: Bool
        switch next.kind {
        case .identifier(let word, let verbatim):
            castFollows = verbatim || !["is", "as", "and", "or", "when", "in", "switch", "with"].contains(word)
        case .integer, .real, .string, .interpolated, .char:
            castFollows = true
        case .punct(let p):
            castFollows = p == .openParen || p == .bang || p == .tilde || p == .atSign
            if isPredefined || type.arrayRank > 0 || !type.arguments.isEmpty || type.isNullable {
                castFollows = castFollows || p == .minus || p == .plus || p == .plusPlus || p == .minusMinus
            }
        case .end:
            castFollows = false
        }
        guard castFollows else {
            index = saved
            return nil
        }
        let operand = try parseUnary()
        return Expr(.cast(type, operand), at: start)
    }

    private mutating func parsePostfix(_ base: Expr) throws(ExpressionSyntaxError) -> Expr {
        var expr = base
        // Every member access, call or index wraps `expr` once more: the chain counts towards the
        // nesting depth (see parseBinary).
        var steps = 0
        defer { depth -= steps }
        while true {
            try enter()
            steps += 1
            if at(.dot) || at(.questionDot) {
                let nullConditional = at(.questionDot)
                index += 1
                let (name, nameOffset) = try expectMemberName()
                expr = Expr(.member(expr, name, nullConditional: nullConditional, nameOffset: nameOffset), at: expr.offset)
                if let typeArguments = tryTypeArgumentsInExpression() {
                    guard at(.openParen) else { throw error("expected '(' after generic method name") }
                    expr = Expr(.call(expr, typeArguments: typeArguments, arguments: try parseArguments(close: .closeParen)), at: expr.offset)
                }
                continue
            }
            if at(.openParen) {
                expr = Expr(.call(expr, typeArguments: [], arguments: try parseArguments(close: .closeParen)), at: expr.offset)
                continue
            }
            if at(.openBracket) || at(.questionBracket) {
                let nullConditional = at(.questionBracket)
                expr = Expr(.index(expr, try parseArguments(close: .closeBracket), nullConditional: nullConditional), at: expr.offset)
                continue
            }
            if at(.plusPlus) || at(.minusMinus) {
                let isIncrement = at(.plusPlus)
                index += 1
                expr = Expr(.increment(expr, isIncrement: isIncrement, isPrefix: false), at: expr.offset)
                continue
            }
            if at(.bang), case .punct = peek(1).kind, !peek(1).isPunct(.openParen) {
                // Null-forgiving `x!` (C# 8): no effect at run time.
                if peek(1).isPunct(.dot) || peek(1).isPunct(.closeParen) || peek(1).isPunct(.semicolon) || peek(1).isPunct(.openBracket) {
                    index += 1
                    continue
                }
            }
            return expr
        }
    }

    private mutating func expectMemberName() throws(ExpressionSyntaxError) -> (String, Int) {
        let token = current
        if case .identifier(let name, _) = token.kind {
            index += 1
            return (name, token.offset)
        }
        throw error("expected a member name but found \(describe(token))")
    }

    /// Parses `( args )` or `[ args ]`; the opening bracket is the current token.
    private mutating func parseArguments(close: Punct) throws(ExpressionSyntaxError) -> [Argument] {
        index += 1
        var arguments: [Argument] = []
        if accept(close) { return arguments }
        repeat {
            var name: String?
            if peek(1).isPunct(.colon), !peek(2).isPunct(.colon), isIdentifierToken(current) {
                name = current.identifier
                index += 2
            }
            var modifier = Argument.Modifier.none
            if atKeyword("out") { modifier = .out; index += 1 }
            else if atKeyword("ref") { modifier = .ref; index += 1 }
            else if atKeyword("in") { modifier = .in; index += 1 }
            let value: Expr
            if modifier == .out, let declaration = try parseOutDeclarationIfPresent() {
                value = declaration
            } else {
                value = try parseExpression()
            }
            arguments.append(Argument(name: name, modifier: modifier, value: value))
        } while accept(.comma)
        try expect(close)
        return arguments
    }

    private mutating func parseOutDeclarationIfPresent() throws(ExpressionSyntaxError) -> Expr? {
        let start = current.offset
        if atKeyword("var"), isIdentifierToken(peek(1)) {
            index += 1
            let (name, _) = try expectIdentifier()
            return Expr(.declaration(nil, name), at: start)
        }
        let saved = index
        if case .identifier = current.kind, let type = try? parseType(), isIdentifierToken(current),
           peek(1).isPunct(.closeParen) || peek(1).isPunct(.comma) {
            let (name, _) = try expectIdentifier()
            return Expr(.declaration(type, name), at: start)
        }
        index = saved
        return nil
    }

    private mutating func parseBracedExpressions() throws(ExpressionSyntaxError) -> [Expr] {
        try expect(.openBrace)
        var elements: [Expr] = []
        while !at(.closeBrace) {
            if at(.openBrace) {
                let offset = current.offset
                elements.append(Expr(.newArray(nil, size: nil, elements: try parseBracedExpressions()), at: offset))
            } else {
                elements.append(try parseExpression())
            }
            if !accept(.comma) { break }
        }
        try expect(.closeBrace)
        return elements
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expr {
        let token = current
        let start = token.offset
        switch token.kind {
        case .integer(let value, let suffix):
            index += 1
            return Expr(.literal(try integerLiteral(value, suffix: suffix, at: token)), at: start)
        case .real(let text, let suffix):
            index += 1
            switch suffix {
            case .m: return Expr(.literal(.decimal(text)), at: start)
            case .f: return Expr(.literal(.float(Float(text) ?? 0)), at: start)
            case .d, .none: return Expr(.literal(.double(Double(text) ?? 0)), at: start)
            }
        case .string(let text):
            index += 1
            return Expr(.literal(.string(text)), at: start)
        case .char(let unit):
            index += 1
            return Expr(.literal(.char(unit)), at: start)
        case .interpolated(let pieces):
            index += 1
            return Expr(.interpolated(try parseInterpolation(pieces)), at: start)
        case .punct(let p):
            if p == .openParen {
                index += 1
                let inner = try parseExpression()
                if at(.comma) { throw unsupported("tuple literals") }
                try expect(.closeParen)
                return inner
            }
            throw error("expected an expression but found \(describe(token))")
        case .end:
            throw error("expected an expression but found end of expression")
        case .identifier(let name, let verbatim):
            if verbatim {
                index += 1
                return Expr(.name(name), at: start)
            }
            // Only keywords and the contextual `nameof` and `await` start special forms: the test
            // spares ordinary names the string compares.
            if token.isKeywordSpelling || name == "nameof" || name == "await" {
                switch name {
                case "true": index += 1; return Expr(.literal(.bool(true)), at: start)
                case "false": index += 1; return Expr(.literal(.bool(false)), at: start)
                case "null": index += 1; return Expr(.literal(.null), at: start)
                case "new": return try parseNew()
                case "typeof":
                    index += 1
                    try expect(.openParen)
                    let type = try parseType()
                    try expect(.closeParen)
                    return Expr(.typeOf(type), at: start)
                case "default":
                    index += 1
                    if accept(.openParen) {
                        let type = try parseType()
                        try expect(.closeParen)
                        return Expr(.defaultValue(type), at: start)
                    }
                    return Expr(.defaultValue(nil), at: start)
                case "checked", "unchecked":
                    let isChecked = name == "checked"
                    index += 1
                    try expect(.openParen)
                    let inner = try parseExpression()
                    try expect(.closeParen)
                    return Expr(isChecked ? .checkedExpression(inner) : .uncheckedExpression(inner), at: start)
                case "nameof" where peek(1).isPunct(.openParen):
                    index += 2
                    var last = try expectMemberName().0
                    while accept(.dot) { last = try expectMemberName().0 }
                    try expect(.closeParen)
                    return Expr(.nameOf(last), at: start)
                case "this", "base":
                    throw error("'\(name)' is not available in policy expressions")
                case "await":
                    throw error("'await' is not supported in policy expressions")
                default:
                    break
                }
            }
            if token.isKeywordSpelling, predefinedTypeKeywords[name] != nil {
                index += 1
                // `string[]`, `int?` are not expressions; `string.Join` is.
                return Expr(.predefinedType(name), at: start)
            }
            if token.isKeywordSpelling {
                throw error("unexpected keyword '\(name)'")
            }
            if name == "from", isIdentifierToken(peek(1)), peek(2).isKeyword("in") {
                throw unsupported("LINQ query expressions")
            }
            index += 1
            let nameExpr = Expr(.name(name), at: start)
            if let typeArguments = tryTypeArgumentsInExpression() {
                if at(.openParen) {
                    return Expr(.call(nameExpr, typeArguments: typeArguments, arguments: try parseArguments(close: .closeParen)), at: start)
                }
                // A generic type used as an expression target: `List<int>.Something` — rare; keep the name.
                return nameExpr
            }
            return nameExpr
        }
    }

    private func integerLiteral(_ value: UInt64, suffix: IntegerSuffix, at token: Token) throws(ExpressionSyntaxError) -> Literal {
        switch suffix {
        case .none:
            if value <= UInt64(Int32.max) { return .int(Int32(value)) }
            if value <= UInt64(UInt32.max) { return .uint(UInt32(value)) }
            if value <= UInt64(Int64.max) { return .long(Int64(value)) }
            return .ulong(value)
        case .u:
            if value <= UInt64(UInt32.max) { return .uint(UInt32(value)) }
            return .ulong(value)
        case .l:
            if value <= UInt64(Int64.max) { return .long(Int64(value)) }
            return .ulong(value)
        case .ul:
            return .ulong(value)
        }
    }

    private mutating func parseInterpolation(_ pieces: [InterpolationPiece]) throws(ExpressionSyntaxError) -> [InterpolatedPart] {
        var parts: [InterpolatedPart] = []
        for piece in pieces {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case .hole(let start, let end, let alignment, let format):
                let expr = try parseSubExpression(start: start, end: end)
                var alignmentExpr: Expr?
                if let alignment {
                    alignmentExpr = try parseSubExpression(start: alignment.start, end: alignment.end)
                }
                parts.append(.hole(expr, alignment: alignmentExpr, format: format))
            }
        }
        return parts
    }

    private mutating func parseSubExpression(start: Int, end: Int) throws(ExpressionSyntaxError) -> Expr {
        var lexer = Lexer(bytes: bytes, start: start, end: end)
        let subTokens = try lexer.tokenize()
        if subTokens.count == 1 {
            throw ExpressionSyntaxError(offset: start, message: "empty interpolation hole")
        }
        var sub = Parser(tokens: subTokens, bytes: bytes)
        sub.depth = depth
        let expr = try sub.parseExpression()
        try sub.expectEnd()
        return expr
    }

    private mutating func parseNew() throws(ExpressionSyntaxError) -> Expr {
        let start = advance().offset
        // new[] { … }
        if at(.openBracket), peek(1).isPunct(.closeBracket) {
            index += 2
            let elements = try parseBracedExpressions()
            return Expr(.newArray(nil, size: nil, elements: elements), at: start)
        }
        // new { a = 1, b }
        if at(.openBrace) {
            index += 1
            var members: [(String, Expr)] = []
            while !at(.closeBrace) {
                let value = try parseExpression()
                switch value.kind {
                case .assign(let target, nil, let assigned):
                    if case .name(let name) = target.kind { members.append((name, assigned)) }
                    else { throw error("invalid anonymous type member", at: tokens[index]) }
                case .name(let name):
                    members.append((name, value))
                case .member(_, let name, _, _):
                    members.append((name, value))
                default:
                    throw ExpressionSyntaxError(offset: value.offset, message: "invalid anonymous type member declarator")
                }
                if !accept(.comma) { break }
            }
            try expect(.closeBrace)
            return Expr(.newAnonymous(members), at: start)
        }
        var type = try parseTypeWithoutArrayRank()
        if at(.openBracket) {
            // new T[n] or new T[] { … }
            index += 1
            var size: Expr?
            if !at(.closeBracket) { size = try parseExpression() }
            try expect(.closeBracket)
            while at(.openBracket), peek(1).isPunct(.closeBracket) {
                index += 2
                type.arrayRank += 1
            }
            var elements: [Expr]?
            if at(.openBrace) { elements = try parseBracedExpressions() }
            if size == nil && elements == nil { throw error("array creation needs a size or an initialiser") }
            return Expr(.newArray(type, size: size, elements: elements), at: start)
        }
        var arguments: [Argument] = []
        if at(.openParen) { arguments = try parseArguments(close: .closeParen) }
        var initializer: [InitializerElement]?
        if at(.openBrace) { initializer = try parseObjectInitializer() }
        if arguments.isEmpty && initializer == nil && !tokens[index - 1].isPunct(.closeParen) {
            throw error("expected '(' or '{' after 'new \(type)'")
        }
        return Expr(.newObject(type, arguments, initializer), at: start)
    }

    private mutating func parseTypeWithoutArrayRank() throws(ExpressionSyntaxError) -> TypeRef {
        let saved = index
        var type = try parseType()
        if type.arrayRank > 0 {
            // `new int[] {…}`: give back the `[]` so the caller sees the array creation.
            index = saved
            type = try parseType(allowNullable: true)
            var rank = type.arrayRank
            while rank > 0 { index -= 2; rank -= 1 }
            type.arrayRank = 0
        }
        return type
    }

    private mutating func parseObjectInitializer() throws(ExpressionSyntaxError) -> [InitializerElement] {
        try expect(.openBrace)
        var elements: [InitializerElement] = []
        while !at(.closeBrace) {
            if at(.openBrace) {
                index += 1
                var values: [Expr] = []
                while !at(.closeBrace) {
                    values.append(try parseExpression())
                    if !accept(.comma) { break }
                }
                try expect(.closeBrace)
                elements.append(.add(values))
            } else if at(.openBracket) {
                let keys = try parseArguments(close: .closeBracket).map(\.value)
                try expect(.assign)
                elements.append(.indexed(keys, try parseInitializerValue()))
            } else if isIdentifierToken(current), peek(1).isPunct(.assign) {
                let (name, offset) = try expectIdentifier()
                index += 1
                elements.append(.member(name, try parseInitializerValue(), offset: offset))
            } else {
                elements.append(.add([try parseExpression()]))
            }
            if !accept(.comma) { break }
        }
        try expect(.closeBrace)
        return elements
    }

    private mutating func parseInitializerValue() throws(ExpressionSyntaxError) -> Expr {
        if at(.openBrace) {
            let offset = current.offset
            return Expr(.newArray(nil, size: nil, elements: try parseBracedExpressions()), at: offset)
        }
        return try parseExpression()
    }
}
