import DotNet
import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-content>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateContent.swift.

extension RequestExecution {
    func validateContent(_ validation: ValidateContent, _ policy: Policy) throws {
        let onRequest = position.section == .inbound
        let side = onRequest ? "Request" : "Response"
        let kind = onRequest ? "RequestBody" : "ResponseBody"
        let headers = onRequest ? context.request.headers : context.response.headers
        let body = (onRequest ? context.request.body : context.response.body)?.bytes ?? []
        let maxSize = try integer(validation.maxSize, default: 102_400, in: policy)
        let sizeAction = try action(validation.sizeExceededAction, default: "prevent", in: policy)
        let unspecifiedAction = try action(validation.unspecifiedContentTypeAction, default: "prevent", in: policy)
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
        if let map = validation.contentTypeMap {
            var mapped: String?
            for type in map.types {
                if let from = try text(type.from, in: policy), from.lowercased() == incoming {
                    mapped = try text(type.to, in: policy)
                } else if type.when != nil, try bool(type.when, default: false, in: policy) {
                    mapped = try text(type.to, in: policy)
                }
                if mapped != nil { break }
            }
            if mapped == nil, let any = try text(map.anyContentTypeValue, in: policy) { mapped = any }
            if mapped == nil, incoming.isEmpty, let missing = try text(map.missingContentTypeValue, in: policy) { mapped = missing }
            if let mapped, mapped.lowercased() != incoming {
                contentType = mapped.lowercased()
                notes.append("content type \(incoming.isEmpty ? "(none)" : incoming) mapped to \(contentType)")
            }
        }

        if body.isEmpty && incoming.isEmpty && contentType.isEmpty {
            notes.append("no body to validate")
        } else {
            var typed: [(type: String, content: ValidateContent.Content)] = []
            var untyped: [ValidateContent.Content] = []
            for content in validation.contents {
                if let type = try text(content.type, in: policy) { typed.append((type.lowercased(), content)) } else { untyped.append(content) }
            }
            let shownType = contentType.isEmpty ? "(none)" : contentType
            if let match = typed.first(where: { $0.type == contentType })?.content ?? untyped.first {
                let contentAction = try action(match.action, default: "prevent", in: policy)
                let validateAs = (try text(match.validateAs, in: policy) ?? "json").lowercased()
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
                    let schema = try text(match.schemaId, in: policy).map { "schema '\($0)'" } ?? "the API definition's schema"
                    let reference = try text(match.schemaRef, in: policy).map { " (\($0))" } ?? ""
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
        try applyValidationErrors(errors, policy, variable: validation.errorsVariableName)
    }
}
