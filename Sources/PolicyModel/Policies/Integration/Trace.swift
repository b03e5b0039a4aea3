import PolicySource

// `<trace>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Integration/Trace.swift.

extension PolicyCatalog {
    static let trace = PolicySpec(
        "trace", category: .integration, sections: .all,
        attributes: [
            .req("source"),
            .opt("severity", .enumeration(["verbose", "information", "error"]), expressions: false, default: "verbose"),
        ],
        // Learn: one <message> and any number of <metadata name value/>. The older form with the
        // message as the element's own text (`<trace source="x">text</trace>`) is still accepted
        // by APIM and common in real policies, so the content is not checked.
        content: .any,
        reference: learn("trace-policy"),
        summary: "Adds a custom trace to the request trace, Application Insights and resource logs."
    )
}

/// `<trace source severity>` with `<message>` and `<metadata name value>`.
public struct Trace: Sendable {
    public var source: PolicyValue?
    public var severity: PolicyValue?
    public var message: PolicyValue?
    public var metadata: [(name: PolicyValue?, value: PolicyValue?)]

    public static func == (lhs: Trace, rhs: Trace) -> Bool {
        lhs.source == rhs.source && lhs.severity == rhs.severity && lhs.message == rhs.message
            && lhs.metadata.count == rhs.metadata.count
            && zip(lhs.metadata, rhs.metadata).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(message)
    }
}

extension PolicyUnit {
    /// `<trace>`: its catalog entry and typed reading.
    static let trace = PolicyUnit(PolicyCatalog.trace) { element in
        let message = element.elements(named: "message").first?.text
        let metadata = element.elements(named: "metadata").map { (name: $0["name"], value: $0["value"]) }
        return .trace(Trace(source: element["source"], severity: element["severity"], message: message, metadata: metadata))
    }
}
