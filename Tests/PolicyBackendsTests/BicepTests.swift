import PolicySource
import Testing
@testable import PolicyBackends

@Suite struct BicepTests {
    @Test func quickstartPool() throws {
        let result = try BackendLoader.load(file: fixtures + "openai-pool.bicep")
        #expect(result.diagnostics.map(\.description) == [])
        let catalog = result.catalog
        #expect(catalog.ids == ["backend1", "backend2", "openai-backend-pool"])
        let b1 = try #require(catalog["backend1"])
        #expect(b1.url == "${cognitiveServices1.properties.endpoint}/openai")
        #expect(b1.apiVersion == "2023-05-01-preview")
        #expect(b1.location.line == 43 && b1.location.column == 9)
        let rule = try #require(b1.circuitBreaker)
        #expect(rule.name == "openAIBreakerRule")
        #expect(rule.tripDuration == 60_000)
        #expect(rule.failureCondition.threshold == .count(3))
        #expect(rule.failureCondition.interval == 300_000)
        #expect(rule.failureCondition.statusCodeRanges == [StatusCodeRange(min: 429, max: 429)])
        #expect(rule.failureCondition.errorReasons == ["Server errors"])
        let pool = try #require(catalog["openai-backend-pool"]?.pool)
        #expect(pool.members.map(\.id) == ["backend1", "backend2"])
        #expect(pool.members.map(\.weight) == [10, 20])
        #expect(pool.members.map(\.priority) == [1, 1])
    }

    @Test func loops() throws {
        let result = try BackendLoader.load(file: fixtures + "loops.bicep")
        print(result.diagnostics.map(\.description))
        let catalog = result.catalog
        #expect(catalog.ids == ["openai1", "openai2", "openai3", "extra-0", "extra-1", "openai-backend-pool"])
        #expect(catalog["openai2"]?.url == "${cognitiveServices[1].properties.endpoint}/openai")
        #expect(catalog["extra-1"]?.url == "https://extra1.example.com/")
        #expect(catalog["openai1"]?.circuitBreaker?.acceptRetryAfter == true)
        let pool = try #require(catalog["openai-backend-pool"]?.pool)
        #expect(pool.members.map(\.id) == ["openai1", "openai2", "openai3"])
        #expect(pool.members.map(\.priority) == [1, 2, 2])
        #expect(pool.members.map(\.weight) == [100, 50, 50])
        #expect(catalog["openai-backend-pool"]?.properties["description"]?.string == "Pool of all\nOpenAI backends")
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
    }
}

@Suite struct BicepLabStyleTests {
    @Test func aiGatewayStyle() throws {
        let result = try BackendLoader.load(file: fixtures + "ai-gateway.bicep")
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.catalog.ids == ["openai1", "openai2", "openai-backend-pool"])
        #expect(result.catalog["openai1"]?.url == "${cognitiveServices[0].properties.endpoint}/openai")
        let members = try #require(result.catalog["openai-backend-pool"]?.pool?.members)
        #expect(members.map(\.priority) == [1, 2])
        #expect(members.map(\.weight) == [nil, nil])
    }

    @Test func placeholders() throws {
        let result = try loadText("""
        param apimName string
        var suffix = uniqueString(resourceGroup().id)
        resource cognitiveServices1 'Microsoft.CognitiveServices/accounts@2021-10-01' = {
          name: 'cog1-${suffix}'
        }
        resource b 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
          name: '${apimName}/b'
          properties: {
            url: 'https://${cognitiveServices1.properties.endpoint}/openai'
            description: cognitiveServices1.name
            title: toLower(cognitiveServices1.properties.endpoint)
            other: cognitiveServices1.id
            more: format('{0}-{1}', suffix, 'x')
            cond: empty(apimName) ? 'a' : 'b'
          }
        }
        """, path: "p.bicep")
        let b = try #require(result.catalog["b"])
        #expect(b.url == "https://${cognitiveServices1.properties.endpoint}/openai")
        #expect(b.properties["url"]?.kind == .unresolved("https://${cognitiveServices1.properties.endpoint}/openai"))
        #expect(b.properties["description"]?.text == "cog1-${uniqueString(resourceGroup().id)}")
        #expect(b.properties["title"]?.text == "${toLower(cognitiveServices1.properties.endpoint)}")
        #expect(b.properties["other"]?.text == "/subscriptions/${subscription().subscriptionId}/resourceGroups/${resourceGroup().name}/providers/Microsoft.CognitiveServices/accounts/cog1-${uniqueString(resourceGroup().id)}")
        #expect(b.properties["more"]?.text == "${uniqueString(resourceGroup().id)}-x")
        #expect(b.properties["cond"]?.text == "${empty(apimName) ? 'a' : 'b'}")
        // `other`, `more` and `cond` are not backend properties.
        #expect(result.diagnostics.map(\.rule) == ["backend-unknown-key", "backend-unknown-key", "backend-unknown-key"])
    }
}

@Suite struct BicepRealWorldTests {
    @Test func realWorldConstructs() throws {
        let result = try BackendLoader.load(file: fixtures + "real-world.bicep")
        let catalog = result.catalog
        #expect(catalog.ids == ["east", "west", "east-west", "gpt-4o-pool", "via-module"])
        #expect(catalog["east"]?.url == "https://east.example.com/openai")
        #expect(catalog["east"]?.apiVersion == "2024-05-01")
        #expect(catalog["east"]?.circuitBreaker?.failureCondition.errorReasons == ["Timeout", "BackendConnectionFailure"])
        #expect(catalog["west"]?.url == "https://west.example.com/openai")
        #expect(catalog["west"]?.properties["credentials"]?.text == "${apimName == 'special' ? {\"header\":{\"api-key\":[\"{{west-key}}\"]}} : null}")
        #expect(catalog["east-west"]?.pool?.members.map(\.id) == ["east", "west"])
        #expect(catalog["gpt-4o-pool"]?.pool?.members.map(\.id) == ["east", "west"])
        #expect(brief(result.diagnostics) == [
            "72:85 backend-unresolved",  // the loop over aiBackends (no default) creates nothing
            "125:15 backend-unresolved", // a module output
        ])
    }
}

@Suite struct CatalogDumpTests {
    @Test func quickstartDump() throws {
        let catalog = try BackendLoader.load(file: fixtures + "openai-pool.bicep").catalog
        #expect(catalog.description == """
        43:9 backend1: single http ${cognitiveServices1.properties.endpoint}/openai; breaker 'openAIBreakerRule': 3 failures within PT5M on 429, Server errors → open PT1M
        74:9 backend2: single http ${cognitiveServices2.properties.endpoint}/openai; breaker 'openAIBreakerRule': 3 failures within PT5M on 429, Server errors → open PT1M
        105:9 openai-backend-pool: pool [backend1 priority 1 weight 10, backend2 priority 1 weight 20]
        """)
    }

    @Test func loopsDump() throws {
        let catalog = try BackendLoader.load(file: fixtures + "loops.bicep").catalog
        #expect(catalog.description == """
        36:3 openai1: single http ${cognitiveServices[0].properties.endpoint}/openai; breaker 'openAIBreakerRule': 1 failure within PT1M on 429, 500-503, Server errors → open PT1M (Retry-After accepted)
        36:3 openai2: single http ${cognitiveServices[1].properties.endpoint}/openai; breaker 'openAIBreakerRule': 1 failure within PT1M on 429, 500-503, Server errors → open PT1M (Retry-After accepted)
        36:3 openai3: single http ${cognitiveServices[2].properties.endpoint}/openai; breaker 'openAIBreakerRule': 1 failure within PT1M on 429, 500-503, Server errors → open PT1M (Retry-After accepted)
        61:9 extra-0: single http https://extra0.example.com/
        61:9 extra-1: single http https://extra1.example.com/
        76:3 openai-backend-pool: pool [openai1 priority 1 weight 100, openai2 priority 2 weight 50, openai3 priority 2 weight 50]
        """)
    }
}
