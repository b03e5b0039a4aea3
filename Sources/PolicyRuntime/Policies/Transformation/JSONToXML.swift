import DotNet
import PolicyExpressions
import PolicyModel
import PolicySource
import PolicyXML

// The simulation of `<json-to-xml>`; its catalog entry and typed reading: PolicyModel/Policies/Transformation/JSONToXML.swift.

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

extension RequestExecution {
    func jsonToXml(_ conversion: JSONToXML, _ policy: Policy) throws {
        let apply = (try text(conversion.apply, in: policy) ?? "always").lowercased()
        guard let body = try bodyToConvert(policy, apply: apply, considerAcceptHeader: conversion.considerAcceptHeader, from: "JSON", to: "XML") else { return }
        let options = JsonToXml.Options(
            parseDate: try bool(conversion.parseDate, default: true, in: policy),
            namespaceSeparator: try text(conversion.namespaceSeparator, in: policy) ?? "_",
            namespacePrefix: try text(conversion.namespacePrefix, in: policy),
            attributeBlock: try text(conversion.attributeBlockName, in: policy))
        let xml: String
        do {
            xml = try JsonToXml.convert(String(decoding: body.bytes, as: UTF8.self), options)
        } catch {
            throw PolicyFailure(source: policy.name, reason: "JsonToXmlConversionFailure",
                message: "The body could not be converted: it is not valid JSON (\(error))")
        }
        sectionBody = MessageBody(text: xml)
        sectionHeaders.set("Content-Type", ["application/xml"])
        record(.policy, policy, "\(onRequestSide ? "request" : "response") body converted from JSON to XML (\(xml.utf8.count) bytes)")
    }
}
