import PolicySource

// `<ip-filter>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Auth/IPFilter.swift.

extension PolicyCatalog {
    static let ipFilter = PolicySpec(
        "ip-filter", category: .auth, sections: .inbound,
        attributes: [.req("action", .enumeration(["allow", "forbid"]))],
        content: .elements([
            ElementSpec.text("address"),
            ElementSpec("address-range", attributes: [.req("from"), .req("to")]),
        ]),
        reference: learn("ip-filter-policy"),
        summary: "Allows or forbids callers by IP address or address range."
    )
}

/// `<ip-filter action>` with `<address>` and `<address-range from to>` children, in order.
public struct IPFilter: Sendable {
    public enum Entry: Sendable {
        case address(PolicyValue?, at: SourceLocation)
        case range(from: PolicyValue?, to: PolicyValue?, at: SourceLocation)
    }

    public var action: PolicyValue?
    public var entries: [Entry]
}

extension PolicyUnit {
    /// `<ip-filter>`: its catalog entry and typed reading.
    static let ipFilter = PolicyUnit(PolicyCatalog.ipFilter) { element in
        let entries = element.elements.compactMap { child -> IPFilter.Entry? in
            switch child.name {
            case "address": .address(child.text, at: child.location)
            case "address-range": .range(from: child["from"], to: child["to"], at: child.location)
            default: nil
            }
        }
        return .ipFilter(IPFilter(action: element["action"], entries: entries))
    }
}
