import PolicySource

/// The policy documents of a Bicep file: resources of the APIM policy types (top level, nested,
/// relative child types, `[for]` loops, conditions) and of modules followed by relative path.
/// Values are assembled as `EmbeddedText`, so every byte of a policy knows its line in the `.bicep`
/// (escapes decoded, `'''` strings taken raw) or in the file `loadTextContent` read.
enum BicepPolicies {
    static func extract(_ file: SourceFile) throws(InputError) -> IaCExtraction {
        var extraction = IaCExtraction()
        var reader = try BicepPolicyReader(file: file, parameters: [:], modules: [realPathOrSelf(file.path)])
        try reader.collect(into: &extraction, prefix: "")
        return extraction
    }
}

func realPathOrSelf(_ path: String) -> String { FileTree.realPath(path) ?? path }

/// Reads one Bicep file (the one given or a module) with the parameter values its caller passed.
struct BicepPolicyReader {
    let file: SourceFile
    let declarations: BicepDeclarations
    let program: BicepProgram
    /// Module parameters as the calling file wrote them.
    let parameters: [String: EmbeddedText]
    /// Real paths of the files from the one given down to this one (cycle detection).
    let modules: [String]
    private var resolving: Set<String> = []

    init(file: SourceFile, parameters: [String: EmbeddedText], modules: [String]) throws(InputError) {
        self.file = file
        var parser = try BicepParser(file: file)
        self.declarations = try parser.parseFile()
        self.program = BicepProgram(file: file, declarations: declarations)
        self.parameters = parameters
        self.modules = modules
    }

    mutating func collect(into extraction: inout IaCExtraction, prefix: String) throws(InputError) {
        for (index, resource) in declarations.resources.enumerated() where !resource.existing {
            let type = program.fullType(index).type
            guard let scope = EmbeddedPolicyScope.ofResourceType(type) else { continue }
            var body = resource.body
            if case .conditional(_, let inner) = body.kind { body = inner }
            if case .forLoop(_, _, _, _, let inner) = body.kind { body = inner }
            if case .conditional(_, let inner) = body.kind { body = inner }
            guard let properties = Self.property("properties", of: body) else { continue }
            let format = Self.property("format", of: properties).flatMap { program.evaluator.evaluate($0).string }?.lowercased()
            guard let value = Self.property("value", of: properties) else { continue }
            let text = try self.text(value)
            extraction.policies.append(EmbeddedPolicy(name: prefix + resource.symbol, scope: scope, format: format, text: text,
                                                      location: file.location(at: value.start)))
        }
        for module in declarations.modules {
            try follow(module, into: &extraction, prefix: prefix)
        }
    }

    private mutating func follow(_ module: BicepDeclarations.Module, into extraction: inout IaCExtraction, prefix: String) throws(InputError) {
        let at = file.location(at: module.pathOffset)
        if module.path.contains(":") || module.path.isEmpty {
            extraction.notes.append(Diagnostic(.note, "iac-policy", "module '\(module.symbol)' comes from '\(module.path)', which policycheck does not fetch; its policies are not linted", at: at))
            return
        }
        let path = FileTree.join(folder(of: file.path), module.path)
        let real = realPathOrSelf(path)
        if modules.contains(real) {
            let chain = (modules + [real]).map { ($0 as String).split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " → ")
            throw InputError("module '\(module.symbol)' refers back to a file that includes it (\(chain))", at: at)
        }
        guard modules.count < 32 else { throw InputError("modules nested deeper than 32 levels", at: at) }
        let moduleFile: SourceFile
        do {
            moduleFile = try SourceFile.read(path)
        } catch {
            throw InputError("cannot read module '\(module.path)': \(error.message)", at: at)
        }
        var body = module.body
        if case .conditional(_, let inner) = body.kind { body = inner }
        if case .forLoop(_, _, _, _, let inner) = body.kind { body = inner }
        if case .conditional(_, let inner) = body.kind { body = inner }
        var passed: [String: EmbeddedText] = [:]
        if let params = Self.property("params", of: body), case .object(let items) = params.kind {
            for case .property(let key, _, let value) in items {
                passed[key] = try text(value)
            }
        }
        var reader = try BicepPolicyReader(file: moduleFile, parameters: passed, modules: modules + [real])
        try reader.collect(into: &extraction, prefix: prefix + module.symbol + ".")
    }

    static func property(_ name: String, of expr: TemplateExpr) -> TemplateExpr? {
        guard case .object(let items) = expr.kind else { return nil }
        for case .property(let key, _, let value) in items where key == name { return value }
        return nil
    }

    // MARK: Values

    /// A string-valued expression as positioned text; what cannot be known is a placeholder.
    mutating func text(_ expr: TemplateExpr) throws(InputError) -> EmbeddedText {
        switch expr.kind {
        case .string, .interpolated:
            return try literal(expr)
        case .identifier(let name):
            if let passed = parameters[name], declarations.params[name] != nil { return passed }
            if let variable = declarations.variables[name] {
                guard !resolving.contains(name) else { return unknown(expr) }
                resolving.insert(name)
                defer { resolving.remove(name) }
                return try text(variable)
            }
            if let param = declarations.params[name], let value = param.defaultValue {
                guard !resolving.contains(name) else { return unknown(expr) }
                resolving.insert(name)
                defer { resolving.remove(name) }
                return try text(value)
            }
            return unknown(expr)
        case .member(let base, let key, _):
            if let inner = try objectMember(base, key) { return try text(inner) }
            return unknown(expr)
        case .index(let base, let index):
            if case .string(let key) = index.kind, let inner = try objectMember(base, key) { return try text(inner) }
            return unknown(expr)
        case .call(let namespace, let name, let arguments) where namespace == nil || namespace == "sys":
            return try call(name, arguments, expr)
        case .ternary(let condition, let yes, let no):
            // An unknown condition: the first branch is linted.
            return try text(program.evaluator.evaluate(condition).bool == false ? no : yes)
        default:
            return unknown(expr)
        }
    }

    /// `obj.key` where `obj` is a variable (or parameter default) written as an object literal.
    private mutating func objectMember(_ base: TemplateExpr, _ key: String) throws(InputError) -> TemplateExpr? {
        var target: TemplateExpr?
        switch base.kind {
        case .identifier(let name):
            target = declarations.variables[name] ?? (parameters[name] == nil ? declarations.params[name]?.defaultValue : nil)
        case .member(let inner, let innerKey, _):
            target = try objectMember(inner, innerKey)
        case .object:
            target = base
        default:
            target = nil
        }
        guard let target else { return nil }
        return Self.property(key, of: target)
    }

    private func unknown(_ expr: TemplateExpr) -> EmbeddedText {
        .unknown(program.evaluator.source(expr), file: file, offset: expr.start)
    }

    private mutating func call(_ name: String, _ arguments: [TemplateExpr], _ expr: TemplateExpr) throws(InputError) -> EmbeddedText {
        switch name {
        case "loadTextContent":
            guard let first = arguments.first else { return unknown(expr) }
            let path = try text(first)
            guard path.unknowns.isEmpty else { return unknown(expr) }
            let loaded = try loadReferencedFile(path.text, from: file, at: expr.start)
            var start = 0
            if loaded.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
            return EmbeddedText(file: loaded, range: start..<loaded.bytes.count)
        case "replace":
            guard arguments.count == 3 else { return unknown(expr) }
            let original = try text(arguments[0])
            let target = try text(arguments[1])
            guard target.unknowns.isEmpty else { return original }
            return original.replacing(target.bytes, with: try text(arguments[2]))
        case "concat":
            var out = EmbeddedText()
            for argument in arguments { out.append(try text(argument)) }
            return out
        case "format":
            guard let first = arguments.first else { return unknown(expr) }
            let pattern = try text(first)
            var values: [EmbeddedText] = []
            for argument in arguments.dropFirst() { values.append(try text(argument)) }
            return pattern.formatted(values)
        case "trim":
            return arguments.count == 1 ? try text(arguments[0]) : unknown(expr)
        default:
            return unknown(expr)
        }
    }

    /// A `'…'` (escapes decoded, `${…}` evaluated or a placeholder) or `'''…'''` (raw, the first
    /// newline dropped) literal, read again from the file's bytes so that every byte has its offset.
    private mutating func literal(_ expr: TemplateExpr) throws(InputError) -> EmbeddedText {
        let bytes = file.bytes
        var out = EmbeddedText()
        let me = out.fileIndex(file)
        let start = expr.start
        let end = min(expr.end, bytes.count)
        guard end - start >= 2, bytes[start] == 0x27 else { return unknown(expr) }
        if end - start >= 6, bytes[start + 1] == 0x27, bytes[start + 2] == 0x27 {
            var i = start + 3
            if i < end, bytes[i] == 0x0D { i += 1 }
            if i < end, bytes[i] == 0x0A { i += 1 }
            let close = end - 3
            while i < close {
                out.append(bytes[i], file: me, offset: i)
                i += 1
            }
            return out
        }
        var parts: [TemplateExpr] = []
        if case .interpolated(let pieces) = expr.kind {
            for case .expression(let e) in pieces { parts.append(e) }
        }
        var nextPart = 0
        var i = start + 1
        let close = end - 1
        while i < close {
            let c = bytes[i]
            if c == 0x5C, i + 1 < close {
                let e = bytes[i + 1]
                switch e {
                case 0x6E: out.append(0x0A, file: me, offset: i)
                case 0x72: out.append(0x0D, file: me, offset: i)
                case 0x74: out.append(0x09, file: me, offset: i)
                case 0x5C, 0x27, 0x24: out.append(e, file: me, offset: i)
                case 0x75 where i + 2 < close && bytes[i + 2] == 0x7B:
                    var j = i + 3
                    while j < close, bytes[j] != 0x7D { j += 1 }
                    if let code = UInt32(String(decoding: bytes[(i + 3)..<j], as: UTF8.self), radix: 16), let scalar = Unicode.Scalar(code) {
                        out.append(Array(String(Character(scalar)).utf8), file: me, offset: i)
                    }
                    i = j + 1
                    continue
                default: out.append(e, file: me, offset: i)
                }
                i += 2
                continue
            }
            if c == 0x24, i + 1 < close, bytes[i + 1] == 0x7B, nextPart < parts.count {
                let part = parts[nextPart]
                nextPart += 1
                out.append(try text(part))
                var j = part.end
                while j < close, bytes[j] != 0x7D { j += 1 }
                i = j + 1
                continue
            }
            out.append(c, file: me, offset: i)
            i += 1
        }
        return out
    }
}
