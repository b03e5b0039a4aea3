// `<http-data-source>`: its catalog entry; not simulated (a "not simulated" warning at run time).

extension PolicyCatalog {
    static let httpDataSource = PolicySpec(
        "http-data-source", category: .graphQL, sections: .none,
        content: .elements([
            ElementSpec("http-request", content: .elements([
                getAuthorizationContextElement,
                setBackendService.asElement(max: 1),
                includeFragmentElement,
                setMethod.asElement(min: 1, max: 1),
                .text("set-url", min: 1, max: 1),
                setHeader.asElement(),
                setBody.asElement(max: 1),
                authenticationCertificate.asElement(max: 1),
            ]), min: 1, max: 1),
            ElementSpec("backend", content: .elements([forwardRequestElement]), max: 1),
            ElementSpec("http-response", content: .elements([
                setBody.asElement(max: 1),
                xmlToJson.asElement(max: 1),
                findAndReplace.asElement(max: 1),
                publishEvent.asElement(max: 1),
                includeFragmentElement,
            ]), max: 1),
        ]),
        reference: learn("http-data-source-policy"),
        summary: "Resolves a GraphQL field with an HTTP request and an optional response transformation."
    )
}

extension PolicyUnit {
    /// `<http-data-source>`: its catalog entry; read generically.
    static let httpDataSource = PolicyUnit(PolicyCatalog.httpDataSource)
}
