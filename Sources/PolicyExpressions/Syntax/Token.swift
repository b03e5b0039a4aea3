/// One lexical token of a policy expression. `offset` and `end` are UTF-8 byte offsets into the
/// expression source (the whole `@(...)` / `@{...}` text).
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// An identifier or keyword; `verbatim` for `@name`, which is never a keyword.
        case identifier(String, verbatim: Bool)
        case integer(UInt64, suffix: IntegerSuffix)
        /// A real literal kept as text (so `1.10m` keeps its digits) with its suffix.
        case real(String, suffix: RealSuffix)
        case string(String)
        case interpolated([InterpolationPiece])
        case char(UInt16)
        case punct(Punct)
        case end
    }

    var kind: Kind
    var offset: Int
    var end: Int
    /// For an identifier: its text is a reserved C# keyword (`new`, `int`), even written `@int`.
    /// The lexer looks it up once; the parser asks for most tokens, often several times.
    var isKeywordSpelling = false

    var isEnd: Bool { if case .end = kind { true } else { false } }

    func isPunct(_ punct: Punct) -> Bool {
        if case .punct(let p) = kind { return p == punct }
        return false
    }

    /// The identifier text when this token is a (non-verbatim or verbatim) identifier.
    var identifier: String? {
        if case .identifier(let name, _) = kind { return name }
        return nil
    }

    /// True for an identifier token spelled `word` that is not a verbatim `@word`.
    func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name, let verbatim) = kind { return !verbatim && name == word }
        return false
    }
}

/// A punctuator or operator. An enum rather than its text so that the parser's many "is the
/// current token `x`?" tests are integer compares, not string compares.
enum Punct: UInt8, Sendable {
    case openParen, closeParen, openBrace, closeBrace, openBracket, closeBracket, semicolon, comma, dot, colon
    case plus, minus, star, slash, percent, ampersand, bar, caret, bang, tilde, assign, less, greater, question
    case atSign, numberSign
    case arrow, equalEqual, bangEqual, lessEqual, greaterEqual, ampersandAmpersand, barBar, questionQuestion
    case questionDot, questionBracket, plusPlus, minusMinus, plusEqual, minusEqual, starEqual, slashEqual
    case percentEqual, ampersandEqual, barEqual, caretEqual, lessLess, colonColon
    case questionQuestionEqual, lessLessEqual, ellipsis

    /// The punctuator as written, for messages.
    var text: String {
        switch self {
        case .openParen: "("
        case .closeParen: ")"
        case .openBrace: "{"
        case .closeBrace: "}"
        case .openBracket: "["
        case .closeBracket: "]"
        case .semicolon: ";"
        case .comma: ","
        case .dot: "."
        case .colon: ":"
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .ampersand: "&"
        case .bar: "|"
        case .caret: "^"
        case .bang: "!"
        case .tilde: "~"
        case .assign: "="
        case .less: "<"
        case .greater: ">"
        case .question: "?"
        case .atSign: "@"
        case .numberSign: "#"
        case .arrow: "=>"
        case .equalEqual: "=="
        case .bangEqual: "!="
        case .lessEqual: "<="
        case .greaterEqual: ">="
        case .ampersandAmpersand: "&&"
        case .barBar: "||"
        case .questionQuestion: "??"
        case .questionDot: "?."
        case .questionBracket: "?["
        case .plusPlus: "++"
        case .minusMinus: "--"
        case .plusEqual: "+="
        case .minusEqual: "-="
        case .starEqual: "*="
        case .slashEqual: "/="
        case .percentEqual: "%="
        case .ampersandEqual: "&="
        case .barEqual: "|="
        case .caretEqual: "^="
        case .lessLess: "<<"
        case .colonColon: "::"
        case .questionQuestionEqual: "??="
        case .lessLessEqual: "<<="
        case .ellipsis: "..."
        }
    }
}

enum IntegerSuffix: Sendable, Equatable { case none, l, u, ul }
enum RealSuffix: Sendable, Equatable { case none, d, f, m }

/// A piece of an interpolated string: literal text, or a hole `{expr,alignment:format}` whose
/// expression text spans `start..<end` in the expression source.
enum InterpolationPiece: Sendable, Equatable {
    case text(String)
    case hole(start: Int, end: Int, alignment: (start: Int, end: Int)?, format: String?)

    static func == (lhs: InterpolationPiece, rhs: InterpolationPiece) -> Bool {
        switch (lhs, rhs) {
        case (.text(let a), .text(let b)): return a == b
        case (.hole(let s1, let e1, let a1, let f1), .hole(let s2, let e2, let a2, let f2)):
            return s1 == s2 && e1 == e2 && a1?.start == a2?.start && a1?.end == a2?.end && f1 == f2
        default: return false
        }
    }
}

/// C# keywords that can never be identifiers (contextual keywords such as `var` are excluded).
let reservedKeywords: Set<String> = [
    "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
    "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
    "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
    "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
    "object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
    "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
    "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
    "ushort", "using", "virtual", "void", "volatile", "while",
]

/// The C# keywords that name predefined types, mapped to the .NET type name they alias.
let predefinedTypeKeywords: [String: String] = [
    "bool": "Boolean", "byte": "Byte", "sbyte": "SByte", "char": "Char", "short": "Int16",
    "ushort": "UInt16", "int": "Int32", "uint": "UInt32", "long": "Int64", "ulong": "UInt64",
    "float": "Single", "double": "Double", "decimal": "Decimal", "string": "String", "object": "Object",
    "void": "Void",
]
