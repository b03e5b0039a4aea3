import PolicySource

// The expression language shared by Bicep and ARM template expressions (`[concat(...)]`): a small
// AST and an evaluator that computes what can be known offline and turns everything else into a
// readable `${…}` placeholder.

/// One expression with its byte range in the original file.
struct TemplateExpr: Sendable {
    indirect enum Kind: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        /// `'a${x}b'`: literal pieces and expressions, alternating as written.
        case interpolated([InterpolationPart])
        case identifier(String)
        /// `a.b`; `optional` for `a.?b` (a missing property is null instead of unknown).
        case member(TemplateExpr, String, optional: Bool)
        case index(TemplateExpr, TemplateExpr)
        case call(namespace: String?, name: String, arguments: [TemplateExpr])
        case object([ObjectItem])
        case array([TemplateExpr])
        /// `[for item in source: body]`, `[for (item, index) in source: if (cond) body]`.
        case forLoop(item: String, index: String?, source: TemplateExpr, condition: TemplateExpr?, body: TemplateExpr)
        /// `if (cond) body` (a resource or module condition).
        case conditional(condition: TemplateExpr, body: TemplateExpr)
        case unary(String, TemplateExpr)
        case binary(String, TemplateExpr, TemplateExpr)
        case ternary(TemplateExpr, TemplateExpr, TemplateExpr)
        /// Something the evaluator does not compute (a lambda, `::` access): shown as its source.
        case opaque
    }

    enum InterpolationPart: Sendable {
        case literal(String)
        case expression(TemplateExpr)
    }

    enum ObjectItem: Sendable {
        case property(key: String, keyOffset: Int, value: TemplateExpr)
        /// `'${name}': value`
        case computedProperty(key: TemplateExpr, value: TemplateExpr)
        case spread(TemplateExpr)
        /// A nested `resource` declaration (Bicep); not part of the object's value.
        case nestedResource(Int)
    }

    var kind: Kind
    var start: Int
    var end: Int
}

/// What the evaluator asks its language about names and language-specific functions.
protocol TemplateEnvironment: AnyObject {
    /// The value of a global name (Bicep param, var or resource symbol), or nil when unknown.
    func global(_ name: String, evaluator: TemplateEvaluator) -> ConfigValue?
    /// A language-specific function (ARM `parameters`, `variables`, `copyIndex`), or nil.
    func call(_ name: String, _ arguments: [ConfigValue], at location: SourceLocation, evaluator: TemplateEvaluator) -> ConfigValue?
}

/// Hidden key that marks an object as a resource reference (value: the symbol as displayed).
let resourceSymbolKey = "$symbol"

/// Evaluates template expressions. Never fails: what cannot be known becomes `.unresolved`.
final class TemplateEvaluator {
    /// The file the expressions' byte offsets refer to.
    var file: SourceFile
    /// When set, every value is located here (ARM: the JSON string that held the expression).
    var fixedLocation: SourceLocation?
    weak var environment: (any TemplateEnvironment)?
    /// Loop variables, innermost last.
    var locals: [(String, ConfigValue)] = []
    private var depth = 0

    init(file: SourceFile) {
        self.file = file
    }

    func location(_ offset: Int) -> SourceLocation { fixedLocation ?? file.location(at: offset) }

    func source(_ expr: TemplateExpr) -> String {
        guard expr.start >= 0, expr.end <= file.bytes.count, expr.start < expr.end else { return "?" }
        return String(decoding: file.bytes[expr.start..<expr.end], as: UTF8.self)
    }

    func evaluate(_ expr: TemplateExpr) -> ConfigValue {
        let at = location(expr.start)
        depth += 1
        defer { depth -= 1 }
        if depth > maximumNestingDepth * 2 {
            return ConfigValue(.unresolved("${\(source(expr))}"), at: at)
        }
        switch expr.kind {
        case .string(let s): return ConfigValue(.string(s), at: at)
        case .number(let n): return ConfigValue(.number(n), at: at)
        case .bool(let b): return ConfigValue(.bool(b), at: at)
        case .null: return ConfigValue(.null, at: at)
        case .interpolated(let parts):
            var text = ""
            var unresolved = false
            for part in parts {
                switch part {
                case .literal(let s): text += s
                case .expression(let e):
                    let v = evaluate(e)
                    if case .unresolved = v.kind { unresolved = true }
                    text += Self.stringForm(v)
                }
            }
            return ConfigValue(unresolved ? .unresolved(text) : .string(text), at: at)
        case .identifier, .member, .index:
            return evaluateChain(expr)
        case .call(let namespace, let name, let arguments):
            let args = arguments.map(evaluate)
            if namespace == nil || namespace == "sys" || namespace == "az",
               let value = environment?.call(name, args, at: at, evaluator: self) {
                return value
            }
            return TemplateFunctions.call(name, args, at: at)
        case .object(let items):
            var entries: [ConfigEntry] = []
            for item in items {
                switch item {
                case .property(let key, let keyOffset, let value):
                    let v = evaluate(value)
                    entries.removeAll { $0.key == key }
                    entries.append(ConfigEntry(key: key, keyLocation: location(keyOffset), value: v))
                case .computedProperty(let keyExpr, let value):
                    let key = Self.stringForm(evaluate(keyExpr))
                    let v = evaluate(value)
                    entries.removeAll { $0.key == key }
                    entries.append(ConfigEntry(key: key, keyLocation: location(keyExpr.start), value: v))
                case .spread(let e):
                    let v = evaluate(e)
                    for entry in v.entries ?? [] {
                        entries.removeAll { $0.key == entry.key }
                        entries.append(entry)
                    }
                case .nestedResource:
                    break
                }
            }
            return ConfigValue(.object(entries), at: at)
        case .array(let items):
            var out: [ConfigValue] = []
            for item in items {
                out.append(evaluate(item))
            }
            return ConfigValue(.array(out), at: at)
        case .forLoop:
            return ConfigValue(.array(expandLoop(expr).map(\.value)), at: at)
        case .conditional(let condition, let body):
            let c = evaluate(condition)
            if c.bool == false { return ConfigValue(.null, at: at) }
            return evaluate(body)
        case .unary(let op, let operand):
            let v = evaluate(operand)
            switch (op, v.kind) {
            case ("!", .bool(let b)): return ConfigValue(.bool(!b), at: at)
            case ("-", .number(let n)): return ConfigValue(.number(-n), at: at)
            default: return ConfigValue(.unresolved("${\(op)\(Self.display(v))}"), at: at)
            }
        case .binary(let op, let lhs, let rhs):
            return TemplateFunctions.binary(op, evaluate(lhs), evaluate(rhs), at: at)
        case .ternary(let condition, let yes, let no):
            let c = evaluate(condition)
            switch c.bool {
            case true?: return evaluate(yes)
            case false?: return evaluate(no)
            case nil:
                return ConfigValue(.unresolved("${\(Self.display(c)) ? \(Self.display(evaluate(yes))) : \(Self.display(evaluate(no)))}"), at: at)
            }
        case .opaque:
            return ConfigValue(.unresolved("${\(source(expr))}"), at: at)
        }
    }

    /// Expands `[for …]` into one (value, bindings) per iteration whose condition holds (or is unknown).
    /// A source that is not a known array gives no iterations.
    func expandLoop(_ expr: TemplateExpr) -> [(value: ConfigValue, bindings: [(String, ConfigValue)])] {
        guard case .forLoop(let item, let index, let sourceExpr, let condition, let body) = expr.kind else { return [] }
        let source = evaluate(sourceExpr)
        var elements: [ConfigValue]
        switch source.kind {
        case .array(let a): elements = a
        case .object(let entries):
            // Bicep loops over objects need items(); accept an object as its items() list.
            elements = entries.map { ConfigValue(.object([
                ConfigEntry(key: "key", keyLocation: $0.keyLocation, value: ConfigValue(.string($0.key), at: $0.keyLocation)),
                ConfigEntry(key: "value", keyLocation: $0.keyLocation, value: $0.value),
            ]), at: $0.keyLocation) }
        default: elements = []
        }
        var out: [(ConfigValue, [(String, ConfigValue)])] = []
        for (i, element) in elements.enumerated() {
            var bindings = [(item, element)]
            if let index { bindings.append((index, ConfigValue(.number(Double(i)), at: element.location))) }
            let saved = locals
            locals += bindings
            defer { locals = saved }
            if let condition, evaluate(condition).bool == false { continue }
            out.append((evaluate(body), bindings))
        }
        return out
    }

    // MARK: Member access chains

    private func evaluateChain(_ expr: TemplateExpr) -> ConfigValue {
        let at = location(expr.start)
        switch expr.kind {
        case .identifier(let name):
            if let local = locals.last(where: { $0.0 == name }) { return local.1 }
            if let value = environment?.global(name, evaluator: self) { return value }
            return ConfigValue(.unresolved("${\(name)}"), at: at)
        case .member(let baseExpr, let name, let optional):
            let base = evaluateChain(baseExpr)
            if let value = base[name] { return value }
            if optional, base.entries != nil, base[resourceSymbolKey] == nil { return ConfigValue(.null, at: at) }
            if optional, base.isNull { return ConfigValue(.null, at: at) }
            return ConfigValue(.unresolved(Self.extend(base, baseExpr: baseExpr, evaluator: self, with: ".\(name)")), at: at)
        case .index(let baseExpr, let indexExpr):
            let base = evaluateChain(baseExpr)
            let index = evaluate(indexExpr)
            switch (base.kind, index.kind) {
            case (.array(let a), .number):
                if let i = index.integer, i >= 0, i < a.count { return a[i] }
            case (.object, .string(let key)):
                if let v = base[key] { return v }
            default: break
            }
            return ConfigValue(.unresolved(Self.extend(base, baseExpr: baseExpr, evaluator: self, with: "[\(Self.display(index))]")), at: at)
        default:
            return evaluate(expr)
        }
    }

    /// The placeholder for `base<suffix>`: `${sym.properties.endpoint}`, `${uniqueString(...).x}`.
    private static func extend(_ base: ConfigValue, baseExpr: TemplateExpr, evaluator: TemplateEvaluator, with suffix: String) -> String {
        if let symbol = base[resourceSymbolKey]?.string { return "${\(symbol)\(suffix)}" }
        if case .unresolved(let text) = base.kind, text.hasPrefix("${"), text.hasSuffix("}"), singlePlaceholder(text) {
            return String(text.dropLast()) + suffix + "}"
        }
        // A path below a resource: re-render from the expression.
        return "${\(pathDisplay(baseExpr, evaluator))\(suffix)}"
    }

    private static func pathDisplay(_ expr: TemplateExpr, _ evaluator: TemplateEvaluator) -> String {
        switch expr.kind {
        case .identifier(let name):
            let v = evaluator.evaluateChain(expr)
            if let symbol = v[resourceSymbolKey]?.string { return symbol }
            return name
        case .member(let base, let name, _):
            let v = evaluator.evaluateChain(base)
            if let symbol = v[resourceSymbolKey]?.string { return "\(symbol).\(name)" }
            return "\(pathDisplay(base, evaluator)).\(name)"
        case .index(let base, let index):
            let v = evaluator.evaluateChain(base)
            if let symbol = v[resourceSymbolKey]?.string { return "\(symbol)[\(display(evaluator.evaluate(index)))]" }
            return "\(pathDisplay(base, evaluator))[\(display(evaluator.evaluate(index)))]"
        default:
            return evaluator.source(expr)
        }
    }

    /// Whether `text` is exactly one `${…}` (no literal text around it).
    static func singlePlaceholder(_ text: String) -> Bool {
        var depth = 0
        var index = text.startIndex
        var closedAtEnd = false
        while index < text.endIndex {
            let c = text[index]
            if c == "{" { depth += 1 }
            if c == "}" {
                depth -= 1
                if depth == 0 {
                    closedAtEnd = text.index(after: index) == text.endIndex
                    if !closedAtEnd { return false }
                }
            }
            index = text.index(after: index)
        }
        return closedAtEnd
    }

    /// A value as it appears inside an interpolated string.
    static func stringForm(_ value: ConfigValue) -> String {
        switch value.kind {
        case .string(let s), .unresolved(let s): return s
        case .number(let n): return formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .object, .array: return jsonText(value)
        }
    }

    /// A value as it appears inside a placeholder: strings quoted, placeholders unwrapped.
    static func display(_ value: ConfigValue) -> String {
        switch value.kind {
        case .string(let s): return "'\(s)'"
        case .unresolved(let s):
            if s.hasPrefix("${"), s.hasSuffix("}"), singlePlaceholder(s) { return String(s.dropFirst(2).dropLast()) }
            return "'\(s)'"
        case .null: return "null"
        default: return stringForm(value)
        }
    }

    static func jsonText(_ value: ConfigValue) -> String {
        switch value.kind {
        case .object(let entries):
            return "{" + entries.filter { $0.key != resourceSymbolKey }.map { "\"\($0.key)\":\(jsonText($0.value))" }.joined(separator: ",") + "}"
        case .array(let a): return "[" + a.map(jsonText).joined(separator: ",") + "]"
        case .string(let s), .unresolved(let s): return "\"\(s)\""
        case .number(let n): return formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
