import PolicyExpressions
import PolicyModel

extension RequestExecution {
    /// The default dimensions of the metric policies and where their values come from.
    func defaultDimension(_ name: String) -> String? {
        switch name.lowercased() {
        case "api id": context.api?.id ?? ""
        case "operation id": context.operation?.id ?? ""
        case "product id": context.product?.id ?? ""
        case "user id": context.user?.id ?? ""
        case "subscription id": context.subscription?.id ?? ""
        case "location": context.deployment.region
        case "gateway id": context.deployment.gatewayId
        case "backend id":
            switch forwarding.target {
            case .backend(let id): id
            case .url(let url): Self.host(of: url)
            case nil: ""
            }
        default: nil
        }
    }

    /// `<dimension name value>` children, evaluated; a default dimension may omit its value.
    func metricDimensions(_ read: [MetricDimension], _ policy: Policy) throws -> [(name: String, value: String)] {
        var dimensions: [(name: String, value: String)] = []
        for dimension in read {
            let name = try text(dimension.name, in: policy) ?? ""
            if let value = dimension.value {
                dimensions.append((name, try text(value, in: policy) ?? ""))
            } else if let value = defaultDimension(name) {
                dimensions.append((name, value))
            } else {
                record(.warning, policy, "dimension '\(name)' has no value and is not a default dimension (API ID, Operation ID, Product ID, User ID, Subscription ID, Location, Gateway ID); emitted as N/A")
                dimensions.append((name, "N/A"))
            }
        }
        return dimensions
    }

    /// A payload on one trace line: line breaks shown as `\n`.
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// `key=text` of every keyed item, in order.
    func keyedTexts(_ items: [KeyedText], _ policy: Policy) throws(PolicyFailure) -> [String] {
        var pairs: [String] = []
        for entry in items {
            pairs.append("\(try text(entry.key, in: policy) ?? "")=\(try text(entry.text, in: policy) ?? "")")
        }
        return pairs
    }
}
