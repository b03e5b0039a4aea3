import Testing
@testable import PolicyModel

/// Every policy apim-semantics.md §2 names.
private let semanticsPolicies = [
    "choose", "retry", "wait", "include-fragment", "base", "return-response", "mock-response", "limit-concurrency",
    "forward-request", "set-backend-service", "proxy",
    "set-variable", "set-header", "set-query-parameter", "set-body", "set-status", "set-method", "rewrite-uri",
    "find-and-replace", "json-to-xml", "xml-to-json", "xsl-transform", "redirect-content-urls",
    "rate-limit", "rate-limit-by-key", "quota", "quota-by-key", "azure-openai-token-limit", "llm-token-limit",
    "check-header", "ip-filter", "validate-jwt", "validate-azure-ad-token", "validate-client-certificate",
    "authentication-basic", "authentication-certificate", "authentication-managed-identity", "get-authorization-context",
    "validate-content", "validate-parameters", "validate-headers", "validate-status-code", "validate-graphql-request",
    "validate-odata-request",
    "cache-lookup", "cache-store", "cache-lookup-value", "cache-store-value", "cache-remove-value",
    "azure-openai-semantic-cache-lookup", "azure-openai-semantic-cache-store",
    "llm-semantic-cache-lookup", "llm-semantic-cache-store",
    "cors", "jsonp", "cross-domain",
    "send-request", "send-one-way-request", "log-to-eventhub", "trace", "emit-metric",
    "azure-openai-emit-token-metric", "llm-emit-token-metric", "llm-content-safety", "publish-to-dapr",
    "invoke-dapr-binding", "send-service-bus-message",
    "http-data-source", "sql-data-source", "cosmosdb-data-source", "publish-event",
]

private let catalog = PolicyCatalog.standard

private func spec(_ name: String) throws -> PolicySpec {
    try #require(catalog.spec(named: name), "no catalog entry for \(name)")
}

/// Every element spec below a content spec, recursively.
private func elements(in content: ContentSpec) -> [ElementSpec] {
    guard case let .elements(children) = content else { return [] }
    return children + children.flatMap { elements(in: $0.content) }
}

private func enumerations(in attributes: [AttributeSpec]) -> [(String, [String])] {
    attributes.compactMap { attribute in
        if case let .enumeration(values) = attribute.type { return (attribute.name, values) }
        return nil
    }
}

private func constraintNames(_ constraints: [AttributeConstraint]) -> [[String]] {
    constraints.map {
        switch $0 {
        case let .exactlyOne(names), let .atMostOne(names), let .atLeastOne(names): names
        }
    }
}

@Suite("Policy catalog")
struct CatalogTests {
    @Test func lookupByName() throws {
        #expect(catalog.spec(named: "forward-request")?.name == "forward-request")
        #expect(catalog.spec(named: "Forward-Request") == nil)
        #expect(catalog.spec(named: "invoke-darp-binding") == nil)
        #expect(catalog.spec(named: "id") == nil)
    }

    @Test(arguments: semanticsPolicies)
    func everySemanticsPolicyIsPresent(_ name: String) throws {
        let policy = try spec(name)
        #expect(!policy.reference.isEmpty)
        #expect(!policy.summary.isEmpty)
    }

    @Test func policiesAreSortedAndUnique() {
        let names = catalog.names
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
        #expect(names.count == catalog.policies.count)
        #expect(names.count >= semanticsPolicies.count)
    }

    @Test func duplicateEntriesKeepTheFirst() {
        let first = PolicySpec("x", category: .flow, sections: .inbound, reference: "a", summary: "first")
        let second = PolicySpec("x", category: .flow, sections: .all, reference: "b", summary: "second")
        let small = PolicyCatalog([first, second])
        #expect(small.names == ["x"])
        #expect(small.spec(named: "x")?.summary == "first")
    }

    @Test func noDuplicateAttributesOrChildrenAndNoEmptyEnumerations() {
        for policy in catalog.policies {
            let names = policy.attributes.map(\.name)
            #expect(Set(names).count == names.count, "duplicate attribute in \(policy.name)")
            #expect(!names.contains("id"), "\(policy.name) lists the implicit id attribute")
            for (attribute, values) in enumerations(in: policy.attributes) {
                #expect(!values.isEmpty, "\(policy.name)@\(attribute) has no values")
            }
            for names in constraintNames(policy.constraints) {
                for name in names {
                    #expect(policy.attribute(name) != nil, "\(policy.name) constraint names unknown \(name)")
                }
            }
            if case let .elements(children) = policy.content {
                let childNames = children.map(\.name)
                #expect(Set(childNames).count == childNames.count, "duplicate child element in \(policy.name)")
            }
            for element in elements(in: policy.content) {
                let attributeNames = element.attributes.map(\.name)
                #expect(Set(attributeNames).count == attributeNames.count, "duplicate attribute in \(policy.name)/\(element.name)")
                for (attribute, values) in enumerations(in: element.attributes) {
                    #expect(!values.isEmpty, "\(policy.name)/\(element.name)@\(attribute) has no values")
                }
                if case let .elements(children) = element.content {
                    let childNames = children.map(\.name)
                    #expect(Set(childNames).count == childNames.count, "duplicate child in \(policy.name)/\(element.name)")
                }
                #expect(element.minOccurs >= 0)
                if let max = element.maxOccurs { #expect(max >= element.minOccurs && max > 0) }
                for names in constraintNames(element.constraints) {
                    for name in names {
                        #expect(element.attributes.contains { $0.name == name }, "\(element.name) constraint names unknown \(name)")
                    }
                }
            }
        }
    }

    @Test func forwardRequestIsBackendOnly() throws {
        let forward = try spec("forward-request")
        #expect(forward.sections == .backend)
        #expect(forward.attribute("timeout")?.defaultValue == "300")
        #expect(forward.attribute("http-version")?.type == .enumeration(["1", "2", "2or1"]))
        #expect(forward.attribute("buffer-response")?.defaultValue == "true")
        #expect(forward.attribute("fail-on-error-status-code")?.type == .boolean)
        #expect(forward.constraints.contains(.atMostOne(["timeout", "timeout-ms"])))
        #expect(forward.attributes.allSatisfy { !$0.required })
    }

    @Test func retryFromLearn() throws {
        let retry = try spec("retry")
        #expect(retry.sections == .all)
        #expect(retry.content == .policies)
        #expect(retry.attribute("count")?.type == .integer(min: 1, max: 50))
        for name in ["condition", "count", "interval"] {
            let attribute = try #require(retry.attribute(name))
            #expect(attribute.required && attribute.allowsExpressions, "\(name)")
        }
        for name in ["max-interval", "delta", "first-fast-retry"] {
            #expect(retry.attribute(name)?.required == false, "\(name)")
        }
        #expect(retry.attribute("first-fast-retry")?.defaultValue == "false")
    }

    @Test func setBackendServiceFromLearn() throws {
        let set = try spec("set-backend-service")
        #expect(set.sections == [.inbound, .backend])
        #expect(set.constraints.contains(.exactlyOne(["base-url", "backend-id"])))
        #expect(set.attribute("base-url")?.allowsExpressions == true)
        #expect(set.attribute("backend-id")?.allowsExpressions == true)
        #expect(set.attribute("sf-resolve-condition") != nil)
        #expect(set.attribute("dapr-app-id") != nil)
    }

    @Test func onErrorSectionRestrictions() throws {
        // Allowed in on-error (Learn's error-handling page and the policies' own pages).
        for name in [
            "choose", "set-variable", "find-and-replace", "return-response", "set-header", "set-method", "set-status",
            "send-request", "send-one-way-request", "log-to-eventhub", "json-to-xml", "xml-to-json",
            "limit-concurrency", "mock-response", "retry", "trace", "include-fragment", "emit-metric",
        ] {
            #expect(try spec(name).sections.contains(.onError), "\(name) should be allowed in on-error")
        }
        // Not allowed in on-error.
        for name in [
            "forward-request", "set-backend-service", "rewrite-uri", "validate-jwt", "rate-limit", "quota",
            "cache-lookup", "cache-store", "cors", "wait", "set-query-parameter", "check-header", "ip-filter",
        ] {
            #expect(try !spec(name).sections.contains(.onError), "\(name) should not be allowed in on-error")
        }
    }

    @Test func cachingSections() throws {
        #expect(try spec("cache-lookup").sections == .inbound)
        #expect(try spec("cache-store").sections == .outbound)
        #expect(try spec("cache-lookup-value").sections == .all)
        let lookup = try spec("cache-lookup")
        #expect(lookup.attribute("vary-by-developer")?.required == true)
        #expect(lookup.attribute("vary-by-developer-groups")?.type == .boolean)
        #expect(lookup.attribute("downstream-caching-type")?.type == .enumeration(["none", "private", "public"]))
        #expect(try spec("llm-semantic-cache-lookup").sections == .inbound)
        #expect(try spec("llm-semantic-cache-store").sections == .outbound)
    }

    @Test func otherSectionsFromLearn() throws {
        #expect(try spec("wait").sections == [.inbound, .backend, .outbound])
        #expect(try spec("mock-response").sections == [.inbound, .outbound, .onError])
        #expect(try spec("set-query-parameter").sections == [.inbound, .backend])
        #expect(try spec("rewrite-uri").sections == .inbound)
        #expect(try spec("jsonp").sections == .outbound)
        #expect(try spec("validate-headers").sections == [.outbound, .onError])
        #expect(try spec("llm-token-limit").sections == .inbound)
        #expect(try spec("publish-event").sections == .none)
        #expect(try spec("http-data-source").sections == .none)
    }

    @Test func childElementsFromLearn() throws {
        let choose = try spec("choose")
        guard case let .elements(branches) = choose.content else { Issue.record("choose has no elements"); return }
        let when = try #require(branches.first { $0.name == "when" })
        #expect(when.minOccurs == 1 && when.maxOccurs == nil && when.content == .policies)
        #expect(when.attributes.first?.name == "condition" && when.attributes.first?.required == true)
        #expect(branches.first { $0.name == "otherwise" }?.maxOccurs == 1)

        let header = try spec("set-header")
        #expect(header.attribute("exists-action")?.type == .enumeration(["override", "skip", "append", "delete"]))
        #expect(elements(in: header.content).map(\.name) == ["value"])

        let send = try spec("send-request")
        let sendChildren = Set(elements(in: send.content).map(\.name))
        for name in ["set-url", "set-method", "set-header", "set-body", "authentication-certificate", "proxy"] {
            #expect(sendChildren.contains(name), "send-request/\(name)")
        }
        #expect(send.attribute("mode")?.type == .enumeration(["new", "copy"]))

        let jwt = try spec("validate-jwt")
        let jwtChildren = Set(elements(in: jwt.content).map(\.name))
        for name in ["openid-config", "issuer-signing-keys", "key", "decryption-keys", "audiences", "audience",
                     "issuers", "issuer", "required-claims", "claim", "value"] {
            #expect(jwtChildren.contains(name), "validate-jwt/\(name)")
        }

        let trace = try spec("trace")
        #expect(trace.attribute("severity")?.type == .enumeration(["verbose", "information", "error"]))
        #expect(try spec("emit-metric").attribute("name")?.allowsExpressions == false)
        #expect(try spec("include-fragment").attribute("fragment-id")?.allowsExpressions == false)
    }

    @Test func returnResponseEmbedsPolicySpecs() throws {
        let returnResponse = try spec("return-response")
        let children = elements(in: returnResponse.content)
        let status = try #require(children.first { $0.name == "set-status" })
        #expect(status.attributes.contains { $0.name == "code" && $0.required })
        #expect(status.attributes.contains { $0.name == "id" })
        #expect(status.maxOccurs == 1)
    }

    @Test func undocumentedAttributesAreCatalogued() throws {
        for entry in PolicyCatalog.undocumentedAttributes {
            let parts = entry.split(separator: "@").map(String.init)
            #expect(parts.count == 2)
            let policy = try spec(parts[0])
            #expect(policy.attribute(parts[1])?.required == false, "\(entry)")
            #expect(catalog.isUndocumented(attribute: parts[1], of: parts[0]))
        }
        #expect(!catalog.isUndocumented(attribute: "name", of: "set-header"))
    }
}
