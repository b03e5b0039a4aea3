import Foundation
import PolicyExpressions
import PolicyModel
import PolicySource

// The simulation of `<validate-odata-request>`; its catalog entry and typed reading: PolicyModel/Policies/Validation/ValidateODataRequest.swift.

extension RequestExecution {
    func validateODataRequest(_ validation: ValidateODataRequest, _ policy: Policy) throws {
        let defaultVersion = try text(validation.defaultODataVersion, in: policy) ?? "4.0"
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
        if let version, let minimum = try text(validation.minODataVersion, in: policy), let low = Self.odataVersion(minimum), version < low {
            invalid("OData-Version", "RequestHeader", "OData version \(versionText) is lower than the minimum version \(minimum).")
        }
        if let version, let maximum = try text(validation.maxODataVersion, in: policy), let high = Self.odataVersion(maximum), version > high {
            invalid("OData-Version", "RequestHeader", "OData version \(versionText) is higher than the maximum version \(maximum).")
        }
        let size = context.request.body?.bytes.count ?? 0
        if validation.maxSize != nil {
            let maxSize = try integer(validation.maxSize, default: 0, in: policy)
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
        try applyValidationErrors(errors, policy, variable: validation.errorVariableName)
    }

    /// `4.0`, `4.01` → 4.0, 4.01 (compared as decimals); nil when not a version.
    static func odataVersion(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.count <= 3 }) else { return nil }
        return Double(text)
    }
}
