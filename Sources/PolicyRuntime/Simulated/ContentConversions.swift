import DotNet
import PolicyExpressions
import PolicySource
import PolicyXML

/// `json-to-xml`: a JSON object with one property whose value is an object becomes that element;
/// anything else is wrapped in `<Document>`. Arrays repeat their property's element; null is an
/// empty element; names that are not XML names have the offending characters replaced by `_`.
enum JsonToXml {
    struct Options {
        var parseDate: Bool
        var namespaceSeparator: String
        var namespacePrefix: String?
        var attributeBlock: String?
    }

    static let maxDepth = 64

    static func convert(_ json: String, _ options: Options) throws -> String {
        let token = try JToken.parse(json, parseDates: options.parseDate)
        var output = ""
        if let object = token as? JObject, object.properties().count == 1, let only = object.properties().first, only.value is JObject {
            write(name: only.name, only.value, options, depth: 0, into: &output)
        } else if let array = token as? JArray {
            output += "<Document>\n"
            for item in array.values { write(name: "Item", item, options, depth: 1, into: &output) }
            output += "</Document>"
        } else {
            write(name: "Document", token, options, depth: 0, into: &output)
        }
        if output.hasSuffix("\n") { output.removeLast() }
        return output
    }

    static func elementName(_ name: String, _ options: Options) -> String {
        var result = name
        let separator = options.namespaceSeparator
        if separator != ":", !separator.isEmpty, let range = name.range(of: separator), range.lowerBound != name.startIndex {
            result = name.replacingCharacters(in: range, with: ":")
        }
        var cleaned = ""
        for (index, character) in result.enumerated() {
            let ok = character.isLetter || character == "_" || (index > 0 && (character.isNumber || character == "-" || character == "." || character == ":"))
            cleaned.append(ok ? character : "_")
        }
        return cleaned.isEmpty ? "_" : cleaned
    }

    static func write(name: String, _ token: JToken, _ options: Options, depth: Int, into output: inout String) {
        let indent = String(repeating: "  ", count: depth)
        let tag = elementName(name, options)
        if let array = token as? JArray {
            for item in array.values { write(name: name, item, options, depth: depth, into: &output) }
            return
        }
        guard let object = token as? JObject else {
            let value = scalar(token)
            output += value.isEmpty && (token as? JValue)?.type == .null
                ? "\(indent)<\(tag) />\n" : "\(indent)<\(tag)>\(MarkupText.escaped(value))</\(tag)>\n"
            return
        }
        var attributes = ""
        var children: [JProperty] = []
        for property in object.properties() {
            if let prefix = options.namespacePrefix, !prefix.isEmpty, property.name.hasPrefix(prefix), !(property.value is JContainer) {
                attributes += " \(elementName(property.name, options))=\"\(MarkupText.escaped(scalar(property.value)))\""
            } else if let block = options.attributeBlock, property.name == block, let values = property.value as? JObject {
                for attribute in values.properties() {
                    attributes += " \(elementName(attribute.name, options))=\"\(MarkupText.escaped(scalar(attribute.value)))\""
                }
            } else {
                children.append(property)
            }
        }
        if children.isEmpty {
            output += "\(indent)<\(tag)\(attributes) />\n"
            return
        }
        guard depth < maxDepth else {
            output += "\(indent)<\(tag)\(attributes) />\n"
            return
        }
        output += "\(indent)<\(tag)\(attributes)>\n"
        for child in children { write(name: child.name, child.value, options, depth: depth + 1, into: &output) }
        output += "\(indent)</\(tag)>\n"
    }

    static func scalar(_ token: JToken) -> String {
        guard let value = token as? JValue else { return JToken.serializeObject(token) }
        switch value.content {
        case .null, .undefined: return ""
        case .boolean(let flag): return flag ? "true" : "false"
        case .date(let date): return (try? date.toString("yyyy-MM-ddTHH:mm:ss.FFFFFFFK")) ?? value.description
        default: return value.description
        }
    }
}

/// `xml-to-json`. `direct` keeps the document's shape as Newtonsoft's SerializeXmlNode does:
/// qualified names, attributes as `@name`, text beside attributes or elements as `#text`, repeated
/// elements as arrays, empty elements as null. `javascript-friendly` drops namespace prefixes
/// and declarations, writes attributes as plain properties and text beside them as `value`.
/// All values are strings, as XML has no types. Compact output.
enum XmlToJson {
    static func convert(_ xml: String, direct: Bool, alwaysArray: Bool) -> String? {
        let result = PolicyXMLParser().parse(SourceFile(path: "body", text: xml))
        guard let document = result.document, !result.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        let root = document.root
        return "{" + JSONText.quoted(name(root.name, direct)) + ":" + value(root, direct: direct, alwaysArray: alwaysArray, depth: 0) + "}"
    }

    static func name(_ qualified: String, _ direct: Bool) -> String { direct ? qualified : XMLNames.local(qualified) }

    static func value(_ element: PolicyXML.XMLElement, direct: Bool, alwaysArray: Bool, depth: Int) -> String {
        let attributes = element.attributes.filter { direct || ($0.name != "xmlns" && !$0.name.hasPrefix("xmlns:")) }
        let children = element.elements
        let text = element.textContent.trimmingSpaces()
        if children.isEmpty && attributes.isEmpty {
            return text.isEmpty ? "null" : JSONText.quoted(text)
        }
        var members: [String] = attributes.map {
            JSONText.quoted((direct ? "@" : "") + name($0.name, direct)) + ":" + JSONText.quoted($0.value.text)
        }
        if !text.isEmpty { members.append(JSONText.quoted(direct ? "#text" : "value") + ":" + JSONText.quoted(text)) }
        guard depth < 64 else { return "{" + members.joined(separator: ",") + "}" }
        var order: [String] = []
        var grouped: [String: [String]] = [:]
        for child in children {
            let key = name(child.name, direct)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(value(child, direct: direct, alwaysArray: alwaysArray, depth: depth + 1))
        }
        for key in order {
            let items = grouped[key] ?? []
            let rendered = items.count == 1 && !alwaysArray ? items[0] : "[" + items.joined(separator: ",") + "]"
            members.append(JSONText.quoted(key) + ":" + rendered)
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
