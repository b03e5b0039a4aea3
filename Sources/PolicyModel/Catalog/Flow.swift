extension PolicyCatalog {
    /// Policy control and flow: choose, retry, wait, include-fragment, base, return-response,
    /// mock-response, limit-concurrency.
    static let flow: [PolicySpec] = [
        PolicySpec(
            "base", category: .flow, sections: .all,
            reference: learn("api-management-howto-policies#understanding-policy-configuration"),
            summary: "Runs the same section of the next broader scope at this point."
        ),
        PolicySpec(
            "choose", category: .flow, sections: .all,
            content: .elements([
                ElementSpec(
                    "when", attributes: [.req("condition", .boolean)], content: .policies, min: 1, max: nil
                ),
                ElementSpec("otherwise", content: .policies, min: 0, max: 1),
            ]),
            reference: learn("choose-policy"),
            summary: "Applies the policies of the first `when` whose condition is true, else `otherwise`."
        ),
        PolicySpec(
            "retry", category: .flow, sections: .all,
            attributes: [
                .req("condition", .boolean),
                .req("count", .integer(min: 1, max: 50)),
                .req("interval", .integer(min: 0)),
                .opt("max-interval", .integer(min: 0)),
                .opt("delta", .integer(min: 0)),
                .opt("first-fast-retry", .boolean, default: "false"),
            ],
            content: .policies,
            reference: learn("retry-policy"),
            summary: "Runs its child policies once, then again while the condition holds, up to count retries."
        ),
        PolicySpec(
            "wait", category: .flow, sections: [.inbound, .backend, .outbound],
            attributes: [.opt("for", .enumeration(["all", "any"]), default: "all")],
            // Learn: only send-request, cache-lookup-value and choose as immediate children.
            content: .policies,
            reference: learn("wait-policy"),
            summary: "Runs its child send-request, cache-lookup-value and choose policies in parallel and waits for all or any."
        ),
        PolicySpec(
            "include-fragment", category: .flow, sections: .all,
            attributes: [.req("fragment-id", expressions: false)],
            reference: learn("include-fragment-policy"),
            summary: "Inserts a policy fragment at this point."
        ),
        PolicySpec(
            "return-response", category: .flow, sections: .all,
            attributes: [.opt("response-variable-name", expressions: false)],
            content: .elements([
                setStatus.asElement(max: 1),
                setHeader.asElement(),
                setBody.asElement(max: 1),
            ]),
            reference: learn("return-response-policy"),
            summary: "Ends the pipeline and returns the given response (or a response variable) to the caller."
        ),
        PolicySpec(
            "mock-response", category: .flow, sections: [.inbound, .outbound, .onError],
            attributes: [
                .opt("status-code", .integer(min: 100, max: 599), expressions: false, default: "200"),
                .opt("content-type", expressions: false),
            ],
            reference: learn("mock-response-policy"),
            summary: "Ends the pipeline and returns a response built from the operation's examples or schemas."
        ),
        PolicySpec(
            "limit-concurrency", category: .flow, sections: .all,
            attributes: [
                .req("key"),
                .req("max-count", .integer(min: 1), expressions: false),
            ],
            content: .policies,
            reference: learn("limit-concurrency-policy"),
            summary: "Runs its child policies for at most max-count requests at a time per key."
        ),
    ]
}
