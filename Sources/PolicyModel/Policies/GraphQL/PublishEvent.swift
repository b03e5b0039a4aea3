// `<publish-event>`: its catalog entry; not simulated (a "not simulated" warning at run time).

extension PolicyCatalog {
    static let publishEvent = PolicySpec(
        "publish-event", category: .graphQL, sections: .none,
        content: .elements([
            .list(
                "targets",
                of: ElementSpec("graphql-subscription", attributes: [.req("id", expressions: false)], min: 1),
                min: 1
            ),
        ]),
        reference: learn("publish-event-policy"),
        summary: "Publishes an event to GraphQL subscriptions from a resolver."
    )
}

extension PolicyUnit {
    /// `<publish-event>`: its catalog entry; read generically.
    static let publishEvent = PolicyUnit(PolicyCatalog.publishEvent)
}
