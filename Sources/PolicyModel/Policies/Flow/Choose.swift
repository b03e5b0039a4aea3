import PolicySource

// `<choose>`: its catalog entry and typed reading; simulated in PolicyRuntime/Policies/Flow/Choose.swift.

extension PolicyCatalog {
    static let choose = PolicySpec(
        "choose", category: .flow, sections: .all,
        content: .elements([
            ElementSpec(
                "when", attributes: [.req("condition", .boolean)], content: .policies, min: 1, max: nil
            ),
            ElementSpec("otherwise", content: .policies, min: 0, max: 1),
        ]),
        reference: learn("choose-policy"),
        summary: "Applies the policies of the first `when` whose condition is true, else `otherwise`."
    )
}

/// `<when condition="…">` with its policies.
public struct When: Sendable {
    public var condition: PolicyValue?
    public var policies: [Policy]
    public var location: SourceLocation
}

/// `<choose>`: the first `<when>` whose condition is true runs, else `<otherwise>`.
public struct Choose: Sendable {
    public var whens: [When]
    public var otherwise: [Policy]?
    public var otherwiseLocation: SourceLocation?
}

extension PolicyUnit {
    /// `<choose>`: its catalog entry and typed reading.
    static let choose = PolicyUnit(PolicyCatalog.choose) { element in
        let whens = element.elements(named: "when").map {
            When(condition: $0["condition"], policies: $0.policies, location: $0.location)
        }
        let otherwise = element.elements(named: "otherwise").first
        return .choose(Choose(whens: whens, otherwise: otherwise?.policies, otherwiseLocation: otherwise?.location))
    }
}
