import PolicyExpressions
import PolicyModel

/// emit-metric, log-to-eventhub, send-service-bus-message, publish-to-dapr and invoke-dapr-binding:
/// nothing leaves the simulator; each records a trace event with what it would send.
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
            switch backendTarget {
            case .backend(let id): id
            case .url(let url): Self.host(of: url)
            case nil: ""
            }
        default: nil
        }
    }

    /// `<dimension name value>` children, evaluated; a default dimension may omit its value.
    func metricDimensions(_ policy: Policy) throws -> [(name: String, value: String)] {
        var dimensions: [(name: String, value: String)] = []
        for dimension in policy.element.elements(named: "dimension") {
            let name = try text(dimension["name"], in: policy) ?? ""
            if let value = dimension["value"] {
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

    /// `<emit-metric name value namespace>`: one custom metric (value default 1).
    func runEmitMetric(_ policy: Policy) throws {
        let name = try text(policy.element["name"], in: policy) ?? ""
        let namespace = try text(policy.element["namespace"], in: policy) ?? "API Management"
        let value = try self.seconds(policy.element["value"], default: 1, in: policy)
        let dimensions = try metricDimensions(policy)
        let shown = dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        record(.policy, policy, "metric \(namespace)/\(name) = \(Value.double(value).dotNetString) {\(shown)}")
    }

    /// `<log-to-eventhub logger-id partition-id partition-key>message</log-to-eventhub>`.
    func runLogToEventHub(_ policy: Policy) throws {
        let logger = try text(policy.element["logger-id"], in: policy) ?? ""
        var target = "event hub logger '\(logger)'"
        if let partition = try text(policy.element["partition-id"], in: policy) { target += " partition-id \(partition)" }
        if let key = try text(policy.element["partition-key"], in: policy) { target += " partition-key \"\(key)\"" }
        let message = try text(policy.element.text, in: policy) ?? ""
        record(.policy, policy, "\(target) ← \(Self.oneLine(message))")
    }

    /// `<send-service-bus-message queue-name | topic-name namespace client-id>` with
    /// `<message-properties>` and `<payload>`.
    func runSendServiceBusMessage(_ policy: Policy) throws {
        let element = policy.element
        let namespace = try text(element["namespace"], in: policy) ?? ""
        var target = ""
        if let queue = try text(element["queue-name"], in: policy) { target = "queue \(queue)" }
        if let topic = try text(element["topic-name"], in: policy) { target = "topic \(topic)" }
        let properties = try keyedTexts(element, group: "message-properties", item: "message-property", key: "name", policy)
        let payload = try childText(element, "payload", policy)
        let shownProperties = properties.isEmpty ? "" : " {\(properties.joined(separator: ", "))}"
        record(.policy, policy, "service bus \(namespace.isEmpty ? "" : namespace + " ")\(target)\(shownProperties) ← \(Self.oneLine(payload))")
    }

    /// `<publish-to-dapr pubsub-name topic …>message</publish-to-dapr>`; the sidecar answers 204.
    func runPublishToDapr(_ policy: Policy) throws {
        let element = policy.element
        let pubsub = try text(element["pubsub-name"], in: policy) ?? ""
        let topic = try text(element["topic"], in: policy) ?? ""
        let contentType = try text(element["content-type"], in: policy) ?? "application/json"
        let message = try text(element.text, in: policy) ?? ""
        if let variable = try text(element["response-variable-name"], in: policy) {
            context.variables.set(variable, .object(ResponseData(statusCode: 204, statusReason: "No Content", headers: HeaderDictionary(), body: nil)))
        }
        record(.policy, policy, "dapr pub/sub \(pubsub) topic \(topic) (\(contentType)) ← \(Self.oneLine(message))")
    }

    /// `<invoke-dapr-binding name operation …>` with `<metadata><item key>` and `<data>`. The
    /// binding answers with the scenario's script for its name, else 200 with no body.
    func runInvokeDaprBinding(_ policy: Policy) throws {
        let element = policy.element
        let name = try text(element["name"], in: policy) ?? ""
        let operation = try text(element["operation"], in: policy) ?? ""
        let ignoreError = try bool(element["ignore-error"], default: false, in: policy)
        let metadata = try keyedTexts(element, group: "metadata", item: "item", key: "key", policy)
        let data = try childText(element, "data", policy)
        let shownMetadata = metadata.isEmpty ? "" : " {\(metadata.joined(separator: ", "))}"
        let scripted = gateway.responses[name] != nil || gateway.responses[name.lowercased()] != nil
        var outcome = CallOutcome(status: 200, reason: "OK", headers: [], body: nil, error: nil, durationMilliseconds: 0)
        if scripted {
            let timeout = Int64(try seconds(element["timeout"], default: 5, in: policy) * 1000)
            let start = now
            outcome = call(name, timeout: timeout, policy: policy)
            advance(by: outcome.durationMilliseconds)
            attempts.append(BackendAttempt(atMilliseconds: start, backend: name, method: "POST", url: "http://localhost:3500/v1.0/bindings/\(name)",
                status: outcome.status, error: outcome.error, durationMilliseconds: outcome.durationMilliseconds))
        }
        let result = outcome.error ?? "\(outcome.status ?? 200)\(scripted ? "" : " (not scripted)")"
        record(.policy, policy, "dapr binding \(name) operation \(operation)\(shownMetadata) ← \(Self.oneLine(data)) → \(result)")
        if let error = outcome.error {
            if ignoreError { return }
            throw PolicyFailure(source: policy.name, reason: error, message: Self.message(forError: error, timeout: 5000))
        }
        if let variable = try text(element["response-variable-name"], in: policy) {
            context.variables.set(variable, .object(ResponseData(
                statusCode: Int32(clamping: outcome.status ?? 200), statusReason: outcome.reason,
                headers: HeaderDictionary(outcome.headers.map { ($0.name, [$0.value]) }),
                body: outcome.body.map { MessageBody(text: $0) })))
        }
    }

    /// A payload on one trace line: line breaks shown as `\n`.
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// `key=text` of every `<item key="…">text</item>` inside every `<group>` child, in order.
    func keyedTexts(_ element: Element, group: String, item: String, key: String, _ policy: Policy) throws(PolicyFailure) -> [String] {
        var pairs: [String] = []
        for container in element.elements(named: group) {
            for entry in container.elements(named: item) {
                pairs.append("\(try text(entry[key], in: policy) ?? "")=\(try text(entry.text, in: policy) ?? "")")
            }
        }
        return pairs
    }

    /// The text of the first `<name>` child ("" when there is none).
    func childText(_ element: Element, _ name: String, _ policy: Policy) throws(PolicyFailure) -> String {
        try element.elements(named: name).first.map { child throws(PolicyFailure) in try text(child.text, in: policy) ?? "" } ?? ""
    }
}
