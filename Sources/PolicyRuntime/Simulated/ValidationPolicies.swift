import DotNet
import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

/// One validation error in APIM's format (`Name`, `Type`, `ValidationRule`, `Details`, `Action`),
/// with the public message the caller sees when the action is `prevent`.
struct ValidationError {
    var name: String
    var type: String
    var rule: String
    var details: String
    var publicMessage: String
    var action: String

    var json: String {
        func field(_ key: String, _ value: String) -> String { "\"\(key)\": \"\(JSONText.escaped(value))\"" }
        return "{" + [field("Name", name), field("Type", type), field("ValidationRule", rule), field("Details", details), field("Action", action)]
            .joined(separator: ", ") + "}"
    }
}

/// The validation policies (validate-content, -parameters, -headers, -status-code, -odata-request).
/// What needs the API's schema cannot be checked offline; an event says exactly what was not checked.
extension RequestExecution {
    static let internalErrorMessage = "The request could not be processed due to an internal error. Contact the API owner."

    /// Applies the actions of the errors found: `detect` records them, `prevent` stops with 400
    /// (inbound) or 502 (outbound, on-error). The errors go to `errors-variable-name` either way.
    func applyValidationErrors(_ errors: [ValidationError], _ policy: Policy, variableAttribute: String = "errors-variable-name") throws {
        let reported = errors.filter { $0.action != "ignore" }
        guard !reported.isEmpty else { return }
        let variable = (policy.element[variableAttribute] ?? policy.element["error-variable-name"] ?? policy.element["errors-variable-name"])?.text
        if let variable, !variable.isEmpty {
            let json = "[" + reported.map(\.json).joined(separator: ", ") + "]"
            if let token = try? JToken.parse(json, parseDates: false) {
                context.variables.set(variable, .object(JTokenObject(token)))
            }
        }
        for error in reported where error.action == "detect" {
            record(.policy, policy, "detected (not blocked): \(error.details)")
        }
        guard let first = reported.first(where: { $0.action == "prevent" }) else { return }
        let onRequest = section == .inbound
        let status = onRequest ? 400 : 502
        throw accessFailure(policy, status: status, reason: onRequest ? "Bad request" : "Response not allowed",
            message: first.details, publicMessage: onRequest ? first.publicMessage : Self.internalErrorMessage)
    }

    func action(_ value: PolicyValue?, default fallback: String, in policy: Policy) throws -> String {
        (try text(value, in: policy) ?? fallback).lowercased()
    }

    // MARK: validate-content

    func validateContent(_ policy: Policy) throws {
        let element = policy.element
        let onRequest = section == .inbound
        let side = onRequest ? "Request" : "Response"
        let kind = onRequest ? "RequestBody" : "ResponseBody"
        let headers = onRequest ? context.request.headers : context.response.headers
        let body = (onRequest ? context.request.body : context.response.body)?.bytes ?? []
        let maxSize = try integer(element["max-size"], default: 102_400, in: policy)
        let sizeAction = try action(element["size-exceeded-action"], default: "prevent", in: policy)
        let unspecifiedAction = try action(element["unspecified-content-type-action"], default: "prevent", in: policy)
        var errors: [ValidationError] = []
        var notes: [String] = []

        let declaredLength = headers.values("Content-Length")?.first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let size = declaredLength ?? body.count
        if size > maxSize {
            errors.append(ValidationError(name: "", type: kind, rule: "SizeLimit",
                details: "\(side)'s body is \(size) bytes long and it exceeds the configured limit of \(maxSize) bytes.",
                publicMessage: onRequest ? "Request's body is \(size) bytes long and it exceeds the limit of \(maxSize) bytes." : Self.internalErrorMessage,
                action: sizeAction))
        }

        let written = headers.values("Content-Type")?.first ?? ""
        let incoming = written.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var contentType = incoming
        if let map = element.elements(named: "content-type-map").first {
            var mapped: String?
            for type in map.elements(named: "type") {
                if let from = try text(type["from"], in: policy), from.lowercased() == incoming {
                    mapped = try text(type["to"], in: policy)
                } else if type["when"] != nil, try bool(type["when"], default: false, in: policy) {
                    mapped = try text(type["to"], in: policy)
                }
                if mapped != nil { break }
            }
            if mapped == nil, let any = try text(map["any-content-type-value"], in: policy) { mapped = any }
            if mapped == nil, incoming.isEmpty, let missing = try text(map["missing-content-type-value"], in: policy) { mapped = missing }
            if let mapped, mapped.lowercased() != incoming {
                contentType = mapped.lowercased()
                notes.append("content type \(incoming.isEmpty ? "(none)" : incoming) mapped to \(contentType)")
            }
        }

        if body.isEmpty && incoming.isEmpty && contentType.isEmpty {
            notes.append("no body to validate")
        } else {
            let contents = element.elements(named: "content")
            var typed: [(type: String, element: Element)] = []
            var untyped: [Element] = []
            for content in contents {
                if let type = try text(content["type"], in: policy) { typed.append((type.lowercased(), content)) } else { untyped.append(content) }
            }
            let shownType = contentType.isEmpty ? "(none)" : contentType
            if let match = typed.first(where: { $0.type == contentType })?.element ?? untyped.first {
                let contentAction = try action(match["action"], default: "prevent", in: policy)
                let validateAs = (try text(match["validate-as"], in: policy) ?? "json").lowercased()
                if contentAction != "ignore" {
                    if validateAs == "json" {
                        do {
                            _ = try JToken.parse(String(decoding: body, as: UTF8.self), parseDates: false)
                        } catch {
                            let message = "\(error)"
                            errors.append(ValidationError(name: shownType, type: kind, rule: "IncorrectMessage",
                                details: "Body of the \(side.lowercased()) is not valid JSON for the content type \(shownType). \(message)",
                                publicMessage: onRequest ? "Body of the request is not valid JSON for the content type \(shownType). \(message)" : Self.internalErrorMessage,
                                action: contentAction))
                        }
                    }
                    let schema = try text(match["schema-id"], in: policy).map { "schema '\($0)'" } ?? "the API definition's schema"
                    let reference = try text(match["schema-ref"], in: policy).map { " (\($0))" } ?? ""
                    let wellFormed = validateAs == "json" ? "JSON syntax checked; " : ""
                    notes.append("\(wellFormed)body not validated against \(schema)\(reference) as \(validateAs) for \(shownType): policycheck has no API schemas")
                }
            } else if !untyped.isEmpty || typed.isEmpty {
                notes.append("content type \(shownType) not checked against the API schema's content types (unknown offline)")
            } else {
                errors.append(ValidationError(name: shownType, type: kind, rule: "Unspecified",
                    details: "Unspecified content type \(shownType) is not allowed.",
                    publicMessage: onRequest ? "Unspecified content type \(shownType) is not allowed." : Self.internalErrorMessage,
                    action: unspecifiedAction))
                notes.append("the content types named in <content> (\(typed.map(\.type).joined(separator: ", "))) are taken as the API schema's")
            }
        }
        record(.policy, policy, "\(side.lowercased()) body \(size) bytes (max-size \(maxSize))\(notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))")
        try applyValidationErrors(errors, policy)
    }

    // MARK: validate-parameters

    func validateParameters(_ policy: Policy) throws {
        let element = policy.element
        let specified = try action(element["specified-parameter-action"], default: "prevent", in: policy)
        let unspecified = try action(element["unspecified-parameter-action"], default: "prevent", in: policy)
        var parts: [String] = []
        for (location, names) in [
            ("headers", context.request.headers.entries.map(\.name)),
            ("query", context.request.url.query.map { $0.0 }),
            ("path", context.request.matchedParameters.map { $0.0 }),
        ] {
            let override = element.elements(named: location).first
            let locationSpecified = try override.map { try action($0["specified-parameter-action"], default: specified, in: policy) } ?? specified
            let locationUnspecified = try override.map { try action($0["unspecified-parameter-action"], default: unspecified, in: policy) } ?? unspecified
            var named: [String] = []
            for parameter in override?.elements(named: "parameter") ?? [] {
                let name = try text(parameter["name"], in: policy) ?? ""
                let parameterAction = try action(parameter["action"], default: locationSpecified, in: policy)
                named.append("\(name): \(parameterAction)")
            }
            let shown = names.isEmpty ? "none" : names.joined(separator: ", ")
            var part = "\(location) [\(shown)] (specified: \(locationSpecified), unspecified: \(location == "path" ? "-" : locationUnspecified)"
            if !named.isEmpty { part += "; \(named.joined(separator: ", "))" }
            parts.append(part + ")")
        }
        record(.policy, policy, "not checked: whether each parameter is in the API schema and its value conforms needs the API definition, which policycheck does not have; \(parts.joined(separator: "; "))")
    }

    // MARK: validate-headers

    func validateHeaders(_ policy: Policy) throws {
        let element = policy.element
        let specified = try action(element["specified-header-action"], default: "prevent", in: policy)
        let unspecified = try action(element["unspecified-header-action"], default: "prevent", in: policy)
        var named: [String] = []
        for header in element.elements(named: "header") {
            let name = try text(header["name"], in: policy) ?? ""
            let headerAction = try action(header["action"], default: specified, in: policy)
            named.append("\(name): \(headerAction)")
        }
        let names = context.response.headers.entries.map(\.name)
        record(.policy, policy, "not checked: whether the response headers [\(names.isEmpty ? "none" : names.joined(separator: ", "))] are in the API schema and conform needs the API definition, which policycheck does not have (specified: \(specified), unspecified: \(unspecified)\(named.isEmpty ? "" : "; " + named.joined(separator: ", ")))")
    }

    // MARK: validate-status-code

    func validateStatusCode(_ policy: Policy) throws {
        let element = policy.element
        let code = Int(context.response.statusCode)
        let unspecified = try action(element["unspecified-status-code-action"], default: "prevent", in: policy)
        for listed in element.elements(named: "status-code") {
            let listedCode = try integer(listed["code"], default: 0, in: policy)
            guard listedCode == code else { continue }
            let listedAction = try action(listed["action"], default: unspecified, in: policy)
            record(.policy, policy, "status \(code) is listed with action \(listedAction)")
            try applyValidationErrors([ValidationError(name: "\(code)", type: "StatusCode", rule: "Unspecified",
                details: "Response status code \(code) is not allowed.", publicMessage: Self.internalErrorMessage, action: listedAction)], policy)
            return
        }
        record(.policy, policy, "not checked: whether status \(code) is in the API schema needs the API definition, which policycheck does not have; unspecified-status-code-action \(unspecified) not applied")
    }

    // MARK: validate-odata-request

    func validateODataRequest(_ policy: Policy) throws {
        let element = policy.element
        let defaultVersion = try text(element["default-odata-version"], in: policy) ?? "4.0"
        var errors: [ValidationError] = []
        func invalid(_ name: String, _ type: String, _ message: String) {
            errors.append(ValidationError(name: name, type: type, rule: "IncorrectMessage", details: message, publicMessage: message, action: "prevent"))
        }
        let header = context.request.headers.values("OData-Version")?.first?.trimmingCharacters(in: .whitespaces)
        let versionText = header ?? defaultVersion
        let version = Self.odataVersion(versionText)
        if version == nil {
            invalid("OData-Version", "RequestHeader", "OData-Version '\(versionText)' is not a valid OData version.")
        }
        if let version, let minimum = try text(element["min-odata-version"], in: policy), let low = Self.odataVersion(minimum), version < low {
            invalid("OData-Version", "RequestHeader", "OData version \(versionText) is lower than the minimum version \(minimum).")
        }
        if let version, let maximum = try text(element["max-odata-version"], in: policy), let high = Self.odataVersion(maximum), version > high {
            invalid("OData-Version", "RequestHeader", "OData version \(versionText) is higher than the maximum version \(maximum).")
        }
        let size = context.request.body?.bytes.count ?? 0
        if element["max-size"] != nil {
            let maxSize = try integer(element["max-size"], default: 0, in: policy)
            if size > maxSize {
                invalid("", "RequestBody", "Request's body is \(size) bytes long and it exceeds the limit of \(maxSize) bytes.")
            }
        }
        let lenient = (version ?? 4) >= 4.01
        let known = ["$filter", "$expand", "$select", "$orderby", "$top", "$skip", "$count", "$search", "$format", "$compute",
                     "$index", "$schemaversion", "$skiptoken", "$deltatoken", "$apply", "$id", "$levels"]
        for (name, values) in context.request.url.query where name.hasPrefix("$") {
            let canonical = lenient ? known.first { $0 == name.lowercased() } : known.first { $0 == name }
            guard let canonical else {
                invalid(name, "QueryParameter", "The query parameter '\(name)' is not a supported OData system query option.")
                continue
            }
            let value = values.first ?? ""
            switch canonical {
            case "$top", "$skip":
                if Int(value).map({ $0 < 0 }) ?? true {
                    invalid(name, "QueryParameter", "The value '\(value)' of \(canonical) is not a non-negative integer.")
                }
            case "$count":
                if !["true", "false"].contains(lenient ? value.lowercased() : value) {
                    invalid(name, "QueryParameter", "The value '\(value)' of $count is not true or false.")
                }
            default:
                break
            }
        }
        let source = header == nil ? "default-odata-version" : "OData-Version header"
        record(.policy, policy, "OData version \(versionText) (\(source)); system query options and sizes checked; the request URL and parameters were not checked against the service's $metadata, which policycheck does not have")
        try applyValidationErrors(errors, policy, variableAttribute: "error-variable-name")
    }

    /// `4.0`, `4.01` → 4.0, 4.01 (compared as decimals); nil when not a version.
    static func odataVersion(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.count <= 3 }) else { return nil }
        return Double(text)
    }
}
