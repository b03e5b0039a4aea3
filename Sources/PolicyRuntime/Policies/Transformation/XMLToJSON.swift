import PolicyExpressions
import PolicyModel
import PolicySource
import PolicyXML

// The simulation of `<xml-to-json>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/XMLToJSON.swift.

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

extension RequestExecution {
    func xmlToJson(_ conversion: XMLToJSON, _ policy: Policy) throws {
        let kind = (try text(conversion.kind, in: policy) ?? "direct").lowercased()
        let apply = (try text(conversion.apply, in: policy) ?? "always").lowercased()
        let alwaysArray = try bool(conversion.alwaysArrayChildElements, default: false, in: policy)
        guard let body = try bodyToConvert(policy, apply: apply, considerAcceptHeader: conversion.considerAcceptHeader, from: "XML", to: "JSON") else { return }
        guard let json = XmlToJson.convert(String(decoding: body.bytes, as: UTF8.self), direct: kind == "direct", alwaysArray: alwaysArray) else {
            throw PolicyFailure(source: policy.name, reason: "XmlToJsonConversionFailure",
                message: "The body could not be converted: it is not well-formed XML")
        }
        sectionBody = MessageBody(text: json)
        sectionHeaders.set("Content-Type", ["application/json"])
        record(.policy, policy, "\(onRequestSide ? "request" : "response") body converted from XML to JSON (\(kind))")
    }
}
