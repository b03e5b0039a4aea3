import PolicySource

/// Bicep/ARM functions and operators evaluated offline. Each computes its result when its
/// arguments are known and otherwise gives a readable placeholder such as `${toLower(x)}`.
enum TemplateFunctions {
    static func call(_ rawName: String, _ args: [ConfigValue], at: SourceLocation) -> ConfigValue {
        let name = rawName.lowercased()
        func value(_ kind: ConfigValue.Kind) -> ConfigValue { ConfigValue(kind, at: at) }
        func placeholder() -> ConfigValue {
            value(.unresolved("${\(rawName)(\(args.map(TemplateEvaluator.display).joined(separator: ", ")))}"))
        }
        let anyUnresolved = args.contains { $0.isUnresolved }
        switch name {
        case "true": return value(.bool(true))
        case "false": return value(.bool(false))
        case "null": return value(.null)
        case "concat":
            if !args.isEmpty, args.allSatisfy({ $0.elements != nil }) {
                return value(.array(args.flatMap { $0.elements ?? [] }))
            }
            let text = args.map(TemplateEvaluator.stringForm).joined()
            return value(anyUnresolved ? .unresolved(text) : .string(text))
        case "format":
            guard let first = args.first, let format = first.text else { return placeholder() }
            var unresolved = first.isUnresolved
            var out = ""
            var chars = Substring(format)
            while let c = chars.first {
                chars.removeFirst()
                if c == "{", chars.first == "{" { chars.removeFirst(); out.append("{"); continue }
                if c == "}", chars.first == "}" { chars.removeFirst(); out.append("}"); continue }
                if c == "{", let close = chars.firstIndex(of: "}") {
                    let spec = chars[..<close]
                    let digits = spec.prefix { $0.isNumber }
                    if let i = Int(digits), i + 1 < args.count {
                        let arg = args[i + 1]
                        if arg.isUnresolved { unresolved = true }
                        out += TemplateEvaluator.stringForm(arg)
                        chars = chars[chars.index(after: close)...]
                        continue
                    }
                }
                out.append(c)
            }
            return value(unresolved ? .unresolved(out) : .string(out))
        case "tolower", "toupper", "trim":
            guard args.count == 1 else { return placeholder() }
            guard let s = args[0].string else { return placeholder() }
            switch name {
            case "tolower": return value(.string(s.lowercased()))
            case "toupper": return value(.string(s.uppercased()))
            default: return value(.string(String(s.trimmingSpaces)))
            }
        case "string":
            guard args.count == 1, !anyUnresolved else { return placeholder() }
            if case .object = args[0].kind { return value(.string(TemplateEvaluator.jsonText(args[0]))) }
            if case .array = args[0].kind { return value(.string(TemplateEvaluator.jsonText(args[0]))) }
            return value(.string(TemplateEvaluator.stringForm(args[0])))
        case "int":
            guard args.count == 1, let n = args[0].integer else { return placeholder() }
            return value(.number(Double(n)))
        case "bool":
            guard args.count == 1, let b = args[0].bool else { return placeholder() }
            return value(.bool(b))
        case "length":
            guard args.count == 1 else { return placeholder() }
            switch args[0].kind {
            case .string(let s): return value(.number(Double(s.count)))
            case .array(let a): return value(.number(Double(a.count)))
            case .object(let e): return value(.number(Double(e.count)))
            default: return placeholder()
            }
        case "empty":
            guard args.count == 1 else { return placeholder() }
            switch args[0].kind {
            case .string(let s): return value(.bool(s.isEmpty))
            case .array(let a): return value(.bool(a.isEmpty))
            case .object(let e): return value(.bool(e.isEmpty))
            case .null: return value(.bool(true))
            default: return placeholder()
            }
        case "range":
            guard args.count == 2, let start = args[0].integer, let count = args[1].integer,
                  count >= 0, count <= 10_000 else { return placeholder() }
            return value(.array((0..<count).map { ConfigValue(.number(Double(start + $0)), at: at) }))
        case "contains":
            guard args.count == 2, !anyUnresolved else { return placeholder() }
            switch (args[0].kind, args[1].kind) {
            case (.string(let s), .string(let t)): return value(.bool(s.contains(t)))
            case (.array(let a), _): return value(.bool(a.contains { $0.kind == args[1].kind }))
            case (.object, .string(let key)): return value(.bool(args[0][key] != nil))
            default: return placeholder()
            }
        case "startswith", "endswith":
            guard args.count == 2, let s = args[0].string, let t = args[1].string else { return placeholder() }
            return value(.bool(name == "startswith" ? s.lowercased().hasPrefix(t.lowercased()) : s.lowercased().hasSuffix(t.lowercased())))
        case "replace":
            guard args.count == 3, let s = args[0].string, let a = args[1].string, let b = args[2].string, !a.isEmpty else { return placeholder() }
            return value(.string(s.split(separator: a, omittingEmptySubsequences: false).joined(separator: b)))
        case "split":
            guard args.count == 2, let s = args[0].string, let d = args[1].string, !d.isEmpty else { return placeholder() }
            return value(.array(s.split(separator: d, omittingEmptySubsequences: false).map { ConfigValue(.string(String($0)), at: at) }))
        case "join":
            guard args.count == 2, let a = args[0].elements, let d = args[1].string else { return placeholder() }
            let parts = a.map(TemplateEvaluator.stringForm)
            return value(a.contains { $0.isUnresolved } ? .unresolved(parts.joined(separator: d)) : .string(parts.joined(separator: d)))
        case "substring":
            guard args.count >= 2, let s = args[0].string, let start = args[1].integer, start >= 0, start <= s.count else { return placeholder() }
            let length = args.count > 2 ? (args[2].integer ?? -1) : s.count - start
            guard length >= 0, start + length <= s.count else { return placeholder() }
            let chars = Array(s)
            return value(.string(String(chars[start..<(start + length)])))
        case "first", "last":
            guard args.count == 1 else { return placeholder() }
            if let a = args[0].elements { return (name == "first" ? a.first : a.last) ?? value(.null) }
            if let s = args[0].string { return value(.string((name == "first" ? s.first : s.last).map(String.init) ?? "")) }
            return placeholder()
        case "take", "skip":
            guard args.count == 2, let a = args[0].elements, let n = args[1].integer else { return placeholder() }
            let k = max(0, min(n, a.count))
            return value(.array(name == "take" ? Array(a.prefix(k)) : Array(a.dropFirst(k))))
        case "union":
            if !args.isEmpty, args.allSatisfy({ $0.entries != nil }) {
                var entries: [ConfigEntry] = []
                for arg in args {
                    for e in arg.entries ?? [] {
                        entries.removeAll { $0.key == e.key }
                        entries.append(e)
                    }
                }
                return value(.object(entries))
            }
            if !args.isEmpty, args.allSatisfy({ $0.elements != nil }) {
                var out: [ConfigValue] = []
                for e in args.flatMap({ $0.elements ?? [] }) where !out.contains(where: { $0.kind == e.kind }) { out.append(e) }
                return value(.array(out))
            }
            return placeholder()
        case "coalesce":
            for arg in args {
                if arg.isUnresolved { return placeholder() }
                if !arg.isNull { return arg }
            }
            return value(.null)
        case "min", "max":
            let numbers = (args.count == 1 ? (args[0].elements ?? []) : args).map(\.number)
            guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil }) else { return placeholder() }
            let ns = numbers.compactMap { $0 }
            return value(.number(name == "min" ? ns.min()! : ns.max()!))
        case "if":
            guard args.count == 3, let c = args[0].bool else { return placeholder() }
            return c ? args[1] : args[2]
        case "equals":
            guard args.count == 2, !anyUnresolved else { return placeholder() }
            return value(.bool(args[0].kind == args[1].kind))
        case "not":
            guard args.count == 1, let b = args[0].bool else { return placeholder() }
            return value(.bool(!b))
        case "and", "or":
            let bools = args.map(\.bool)
            guard !bools.isEmpty, bools.allSatisfy({ $0 != nil }) else { return placeholder() }
            return value(.bool(name == "and" ? bools.allSatisfy { $0 == true } : bools.contains { $0 == true }))
        case "add", "sub", "mul", "div", "mod", "greater", "greaterorequals", "less", "lessorequals":
            let ops = ["add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%", "greater": ">",
                       "greaterorequals": ">=", "less": "<", "lessorequals": "<="]
            guard args.count == 2, let op = ops[name] else { return placeholder() }
            return binary(op, args[0], args[1], at: at)
        case "tryget":
            guard args.count >= 2 else { return placeholder() }
            var current = args[0]
            for key in args.dropFirst() {
                if current.isUnresolved || key.isUnresolved { return placeholder() }
                if let name = key.string, current.entries != nil {
                    current = current[name] ?? value(.null)
                } else if let i = key.integer, let a = current.elements {
                    current = i >= 0 && i < a.count ? a[i] : value(.null)
                } else {
                    return value(.null)
                }
            }
            return current
        case "createarray":
            return value(.array(args))
        case "createobject":
            guard args.count % 2 == 0 else { return placeholder() }
            var entries: [ConfigEntry] = []
            for k in stride(from: 0, to: args.count, by: 2) {
                guard let key = args[k].string else { return placeholder() }
                entries.append(ConfigEntry(key: key, keyLocation: at, value: args[k + 1]))
            }
            return value(.object(entries))
        case "json":
            if args.count == 1, let s = args[0].string, s.trimmingSpaces == "null" { return value(.null) }
            return placeholder()
        case "resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid":
            return resourceID(args, at: at) ?? placeholder()
        default:
            return placeholder()
        }
    }

    /// `resourceId([sub], [rg], 'Provider/type/child', name1, name2)` → a resource id whose
    /// subscription and group are placeholders.
    static func resourceID(_ args: [ConfigValue], at: SourceLocation) -> ConfigValue? {
        guard let typeIndex = args.firstIndex(where: { ($0.string ?? "").contains("/") && ($0.string ?? "").contains(".") }),
              let type = args[typeIndex].string else { return nil }
        let segments = type.split(separator: "/").map(String.init)
        guard segments.count >= 2 else { return nil }
        let names = args[(typeIndex + 1)...].map(TemplateEvaluator.stringForm)
        var path = "/subscriptions/${subscription().subscriptionId}/resourceGroups/${resourceGroup().name}/providers/\(segments[0])"
        for (i, typeName) in segments.dropFirst().enumerated() {
            path += "/\(typeName)/\(i < names.count ? names[i] : "?")"
        }
        return ConfigValue(.unresolved(path), at: at)
    }

    /// A binary operator (both operands evaluated: evaluation has no side effects).
    static func binary(_ op: String, _ lhs: ConfigValue, _ rhs: ConfigValue, at: SourceLocation) -> ConfigValue {
        func value(_ kind: ConfigValue.Kind) -> ConfigValue { ConfigValue(kind, at: at) }
        func placeholder() -> ConfigValue {
            value(.unresolved("${\(TemplateEvaluator.display(lhs)) \(op) \(TemplateEvaluator.display(rhs))}"))
        }
        switch op {
        case "&&":
            if lhs.bool == false { return value(.bool(false)) }
            guard let a = lhs.bool, let b = rhs.bool else { return placeholder() }
            return value(.bool(a && b))
        case "||":
            if lhs.bool == true { return value(.bool(true)) }
            guard let a = lhs.bool, let b = rhs.bool else { return placeholder() }
            return value(.bool(a || b))
        case "??":
            if lhs.isUnresolved { return placeholder() }
            return lhs.isNull ? rhs : lhs
        case "==", "!=", "=~", "!~":
            if lhs.isUnresolved || rhs.isUnresolved { return placeholder() }
            var equal: Bool
            if op == "=~" || op == "!~", let a = lhs.string, let b = rhs.string {
                equal = a.lowercased() == b.lowercased()
            } else {
                equal = lhs.kind == rhs.kind
            }
            if op == "!=" || op == "!~" { equal.toggle() }
            return value(.bool(equal))
        default:
            break
        }
        if op == "+", let a = lhs.string, let b = rhs.string { return value(.string(a + b)) }
        guard let a = lhs.number, let b = rhs.number else { return placeholder() }
        switch op {
        case "+": return value(.number(a + b))
        case "-": return value(.number(a - b))
        case "*": return value(.number(a * b))
        case "/": return b == 0 ? placeholder() : value(.number((a / b).rounded(.towardZero)))
        case "%": return b == 0 ? placeholder() : value(.number(a.truncatingRemainder(dividingBy: b)))
        case "<": return value(.bool(a < b))
        case "<=": return value(.bool(a <= b))
        case ">": return value(.bool(a > b))
        case ">=": return value(.bool(a >= b))
        default: return placeholder()
        }
    }
}
