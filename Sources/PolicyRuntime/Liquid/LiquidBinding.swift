import DotNet
import PolicyExpressions
import PolicyModel
import PolicySource
import PolicyXML

/// `set-body template="liquid"`: the template is the element's inner XML as written; `body` is
/// the message body read as JSON or XML by its Content-Type, `context` the request and response
/// (Learn's list) plus `context.Variables`.
extension RequestExecution {
    func renderLiquid(_ body: SetBody, _ policy: Policy, onRequest: Bool) throws -> String {
        var source = liquidSource(body.element, fallback: body.body?.text ?? "")
        // Named values defined for the run are substituted first; other {{…}} are liquid output.
        for (offset, name) in PolicyValue.namedValueReferences(in: source.text).reversed() {
            var known = program.namedValues[name]
            if known == nil, program.unknownNamedValues.contains(name) {
                known = name
                if missingNamedValues.insert(name).inserted {
                    record(.warning, policy, "named value '\(name)' is a secret whose value is not known offline; stubbed with \"\(name)\" (give it with --named-values or the environment file)")
                }
            }
            guard let value = known else { continue }
            var bytes = Array(source.text.utf8)
            let end = min(bytes.count, offset + name.utf8.count + 4)
            bytes.replaceSubrange(offset..<end, with: Array(value.utf8))
            source.text = String(decoding: bytes, as: UTF8.self)
        }
        let template: LiquidTemplate
        do {
            template = try LiquidTemplate(parsing: source.text)
        } catch {
            throw liquidFailure(error, source: source, policy: policy)
        }
        let xsiNil = (try text(body.xsiNil, in: policy) ?? "blank").lowercased()
        let parseDate = try bool(body.parseDate, default: true, in: policy)
        let message: (headers: HeaderDictionary, body: MessageBody?) = onRequest
            ? (context.request.headers, context.request.body) : (context.response.headers, context.response.body)
        let bound = bindBody(message.body, contentType: message.headers.values("Content-Type")?.joined(separator: ",") ?? "",
                             xsiNil: xsiNil, parseDate: parseDate, policy: policy)
        let globals: [String: LiquidValue] = ["body": bound, "context": liquidContext()]
        let now = (try? DotNetDateTime(ticks: context.now.ticks, kind: .utc)) ?? DotNetDateTime.unixEpoch
        do {
            return try template.render(globals, now: now)
        } catch {
            throw liquidFailure(error, source: source, policy: policy)
        }
    }

    func liquidFailure(_ error: LiquidError, source: LiquidSource, policy: Policy) -> PolicyFailure {
        let line = source.line(at: error.offset) ?? policy.location.line
        var failure = PolicyFailure(source: policy.name, reason: "LiquidTemplateError",
            message: "Liquid template error at line \(line): \(error.message)")
        failure.line = line
        return failure
    }

    /// The message body as liquid's `body`: JSON or XML by Content-Type; otherwise nothing bound.
    func bindBody(_ message: MessageBody?, contentType: String, xsiNil: String, parseDate: Bool, policy: Policy) -> LiquidValue {
        guard let message, !message.bytes.isEmpty else { return .null }
        let type = contentType.lowercased()
        let text = String(decoding: message.bytes, as: UTF8.self)
        if type.contains("json") {
            do {
                return LiquidValue.from(try JToken.parse(text, parseDates: parseDate))
            } catch {
                record(.warning, policy, "the body is not valid JSON (\(error)); liquid's 'body' is empty")
                return .null
            }
        }
        if type.contains("xml") {
            let result = PolicyXMLParser().parse(SourceFile(path: "body", text: text))
            guard let document = result.document, !result.diagnostics.contains(where: { $0.severity == .error }) else {
                record(.warning, policy, "the body is not well-formed XML; liquid's 'body' is empty")
                return .null
            }
            let root = Self.liquid(document.root, xsiNil: xsiNil)
            return .object(LiquidObject([(XMLNames.local(document.root.name), root)], elementChildren: [root]))
        }
        record(.warning, policy, "liquid binds 'body' only for JSON or XML content types (Content-Type is '\(contentType)'); 'body' is empty")
        return .null
    }

    /// An XML element for liquid: text when it has no child elements or attributes, else an object
    /// of attributes and child elements by local name (repeated names become an array).
    static func liquid(_ element: PolicyXML.XMLElement, xsiNil: String) -> LiquidValue {
        let attributes = element.attributes.filter { $0.name != "xmlns" && !$0.name.hasPrefix("xmlns:") }
        if attributes.contains(where: { XMLNames.local($0.name) == "nil" && $0.name.contains(":") && $0.value.text.trimmingSpaces() == "true" }) {
            return xsiNil == "null" ? .null : .string("")
        }
        let children = element.elements
        if children.isEmpty && attributes.isEmpty { return .string(element.textContent) }
        var entries: [(String, LiquidValue)] = attributes.map { (XMLNames.local($0.name), .string($0.value.text)) }
        var order: [String] = []
        var grouped: [String: [LiquidValue]] = [:]
        var values: [LiquidValue] = []
        for child in children {
            let name = XMLNames.local(child.name)
            let value = liquid(child, xsiNil: xsiNil)
            if grouped[name] == nil { order.append(name) }
            grouped[name, default: []].append(value)
            values.append(value)
        }
        for name in order {
            let items = grouped[name] ?? []
            entries.append((name, items.count == 1 ? items[0] : .array(items)))
        }
        if children.isEmpty {
            entries.append(("#text", .string(element.textContent)))
        }
        return .object(LiquidObject(entries, elementChildren: values))
    }

    /// `context` as the template sees it.
    func liquidContext() -> LiquidValue {
        func headers(_ dictionary: HeaderDictionary) -> LiquidValue {
            .object(LiquidObject(dictionary.entries.map { ($0.name, .string($0.values.joined(separator: ","))) }))
        }
        func url(_ url: RequestUrl) -> LiquidValue {
            .object(LiquidObject([
                ("Scheme", .string(url.scheme)), ("Host", .string(url.host)), ("Port", .int(Int64(url.port))),
                ("Path", .string(url.path)),
                ("Query", .object(LiquidObject(url.query.map { ($0.0, .string($0.1.joined(separator: ","))) }))),
                ("QueryString", .string(url.queryString)), ("ToString", .string(url.absoluteString)),
                ("ToUri", .string(url.absoluteString)),
            ], display: url.absoluteString))
        }
        let request = context.request
        let response = context.response
        let hasBody = !(request.body?.bytes.isEmpty ?? true)
        let requestObject = LiquidValue.object(LiquidObject([
            ("Url", url(request.url)), ("Method", .string(request.method)), ("OriginalMethod", .string(originalMethod)),
            ("OriginalUrl", url(request.originalUrl)), ("IpAddress", .string(request.ipAddress)),
            ("MatchedParameters", .object(LiquidObject(request.matchedParameters.map { ($0.0, .string($0.1)) }))),
            ("HasBody", .bool(hasBody)), ("ClientCertificates", .array([])), ("Headers", headers(request.headers)),
        ]))
        let responseObject = LiquidValue.object(LiquidObject([
            ("StatusCode", .int(Int64(response.statusCode))), ("StatusReason", .string(response.statusReason)),
            ("Method", .string(request.method)), ("Headers", headers(response.headers)),
        ]))
        let variables = LiquidValue.object(LiquidObject(context.variables.all.map { ($0.0, LiquidValue.from($0.1)) }))
        return .object(LiquidObject([("Request", requestObject), ("Response", responseObject), ("Variables", variables)]))
    }

    /// The template text: the set-body element's inner XML exactly as written in its file
    /// (child elements included, comments dropped, CDATA unwrapped), with a way back to lines.
    func liquidSource(_ element: Element, fallback: String) -> LiquidSource {
        guard let file = sourceFile(position.file) else { return LiquidSource(text: fallback, file: nil, pieces: []) }
        let bytes = file.bytes
        let start = element.location.offset
        let end = min(element.endOffset, bytes.count)
        guard start >= 0, start < end else { return LiquidSource(text: fallback, file: nil, pieces: []) }
        var cursor = start
        var quote: UInt8?
        while cursor < end {
            let byte = bytes[cursor]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            cursor += 1
        }
        guard cursor < end, bytes[cursor - 1] != UInt8(ascii: "/") else { return LiquidSource(text: "", file: file, pieces: []) }
        let innerStart = cursor + 1
        var innerEnd = end
        while innerEnd > innerStart, !(bytes[innerEnd - 1] == UInt8(ascii: "<") && innerEnd < end && bytes[innerEnd] == UInt8(ascii: "/")) {
            innerEnd -= 1
        }
        innerEnd = max(innerStart, innerEnd - 1)
        return LiquidSource.make(bytes: bytes, range: innerStart..<innerEnd, file: file)
    }

    func sourceFile(_ path: String) -> SourceFile? {
        if let scope = program.scopes.first(where: { $0.document.file.path == path }) { return scope.document.file }
        return program.fragments.values.first { $0.file.path == path }?.file
    }
}

/// A liquid template cut from a policy file, with the pieces that map its offsets back.
struct LiquidSource {
    var text: String
    var file: SourceFile?
    /// (offset in `text`, offset in the file) at the start of each kept piece.
    var pieces: [(template: Int, original: Int)]

    func line(at offset: Int) -> Int? {
        guard let file, offset >= 0 else { return nil }
        guard let piece = pieces.last(where: { $0.template <= offset }) else { return nil }
        return file.location(at: piece.original + (offset - piece.template)).line
    }

    /// Keeps the bytes of `range`, dropping `<!-- … -->` and the `<![CDATA[` / `]]>` markers.
    static func make(bytes: [UInt8], range: Range<Int>, file: SourceFile) -> LiquidSource {
        var kept: [UInt8] = []
        var pieces: [(Int, Int)] = [(0, range.lowerBound)]
        var index = range.lowerBound
        func starts(_ text: String, at position: Int) -> Bool {
            let pattern = Array(text.utf8)
            guard position + pattern.count <= range.upperBound else { return false }
            return Array(bytes[position..<(position + pattern.count)]) == pattern
        }
        func find(_ text: String, from position: Int) -> Int? {
            var cursor = position
            while cursor < range.upperBound {
                if starts(text, at: cursor) { return cursor }
                cursor += 1
            }
            return nil
        }
        while index < range.upperBound {
            if starts("<!--", at: index) {
                let close = find("-->", from: index + 4).map { $0 + 3 } ?? range.upperBound
                index = close
                pieces.append((kept.count, index))
            } else if starts("<![CDATA[", at: index) {
                index += 9
                pieces.append((kept.count, index))
                let close = find("]]>", from: index) ?? range.upperBound
                kept += bytes[index..<close]
                index = min(range.upperBound, close + 3)
                pieces.append((kept.count, index))
            } else {
                kept.append(bytes[index])
                index += 1
            }
        }
        return LiquidSource(text: String(decoding: kept, as: UTF8.self), file: file, pieces: pieces)
    }
}

/// XML name helpers.
enum XMLNames {
    static func local(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
