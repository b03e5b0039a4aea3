import PolicySource
import Testing
@testable import PolicyBackends
import Yams

@Suite struct LoaderTests {
    @Test func armTemplate() throws {
        let result = try BackendLoader.load(file: fixtures + "openai-pool.json")
        #expect(result.diagnostics.map(\.description) == [])
        let catalog = result.catalog
        #expect(catalog.ids == ["backend1", "backend2", "openai-backend-pool", "extra1", "extra2"])
        let b1 = try #require(catalog["backend1"])
        #expect(b1.url == "${parameters('openAIEndpoint1')}/openai")
        #expect(b1.location.line == 29)
        #expect(b1.location.column == 15)
        #expect(b1.apiVersion == "2023-05-01-preview")
        #expect(b1.circuitBreaker?.failureCondition.threshold == .count(3))
        #expect(catalog["backend2"]?.url == "${reference('/subscriptions/${subscription().subscriptionId}/resourceGroups/${resourceGroup().name}/providers/Microsoft.CognitiveServices/accounts/cog2', '2021-10-01').endpoint}openai")
        let pool = try #require(catalog["openai-backend-pool"])
        #expect(pool.apiVersion == "2023-09-01-preview")
        #expect(pool.pool?.members.map(\.id) == ["backend1", "backend2"])
        #expect(pool.pool?.members.map(\.weight) == [10, 20])
        #expect(catalog["extra2"]?.url == "https://extra2.example.com")
    }

    @Test func inlineYAML() throws {
        let result = try BackendLoader.load(file: fixtures + "inline.yaml")
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.catalog.ids == ["backend1", "backend2", "pool1"])
        #expect(result.catalog["backend2"]?.url == "https://two.example.com/openai")
        #expect(result.catalog["backend1"]?.circuitBreaker?.acceptRetryAfter == true)
        #expect(result.catalog["backend1"]?.location.description == fixtures + "inline.yaml:2:1")
        #expect(result.catalog["pool1"]?.pool?.members.map(\.weight) == [10, 20])
    }

    @Test func inlineConfigValueAndJSONLocations() throws {
        let json = """
        {
          "b1": { "url": "https://one.example.com" },
          "p": { "type": "Pool", "pool": { "services": [ { "id": "/backends/b2" } ] } }
        }
        """
        let result = try loadText(json, path: "backends.json")
        #expect(brief(result.diagnostics) == ["3:58 backend-pool-member"])
        #expect(result.diagnostics.first?.message == "pool member '/backends/b2' names no backend; did you mean '/backends/b1'?")
    }

    @Test func jsonSyntaxErrorHasLineAndColumn() throws {
        let error = loadError { try loadText("{\n  \"b1\": { \"url\": \"x\" ,, }\n}", path: "bad.json") }
        #expect(error?.location?.line == 2)
        #expect(error?.description.contains("bad.json:2:") == true)
    }

    @Test func unknownExtension() {
        let error = loadError { try loadText("", path: "x.txt") }
        #expect(error?.message.contains("expected .bicep") == true)
    }

    @Test func missingFile() {
        let error = loadError { try BackendLoader.load(file: fixtures + "does-not-exist.bicep") }
        #expect(error?.message.contains("cannot read") == true)
    }
}

@Suite struct InlineAPITests {
    @Test func fromYamsNode() throws {
        let text = "backends:\n  b1:\n    url: https://one.example.com\n"
        let file = SourceFile(path: "s.yaml", text: text)
        let root = try #require(try Yams.compose(yaml: text))
        let node = try #require(root.mapping?["backends"])
        let result = try BackendLoader.load(inline: node, in: file)
        #expect(result.catalog["b1"]?.url == "https://one.example.com")
        #expect(result.catalog["b1"]?.location.description == "s.yaml:2:3")
        #expect(result.catalog["b1"]?.properties["url"]?.location.description == "s.yaml:3:10")
    }

    @Test func mixedWeightsWarn() throws {
        let yaml = """
        a: { url: "https://a.example.com" }
        b: { url: "https://b.example.com" }
        p: { type: Pool, pool: { services: [ { id: /backends/a, weight: 10 }, { id: /backends/b } ] } }
        """
        #expect(brief(try loadInline(yaml).diagnostics) == ["3:71 backend-pool-weight"])
    }

    @Test func jsonMapWithoutResourcesIsInline() throws {
        let result = try loadText(#"{"backends": {"b1": {"url": "https://one.example.com"}}}"#, path: "b.json")
        #expect(result.catalog.ids == ["b1"])
        #expect(result.catalog["b1"]?.properties["url"]?.location.column == 29)
    }

    @Test func caseInsensitiveLookups() throws {
        let result = try loadInline("Backend1: { URL: \"https://x.example.com\" }")
        #expect(result.catalog["backend1"]?.url == "https://x.example.com")
    }

    @Test func percentageAtVolume() {
        let rule = CircuitBreakerRule(name: "r", tripDuration: 1_000,
                                      failureCondition: .init(threshold: .percentage(90), interval: 10_000,
                                                              statusCodeRanges: [StatusCodeRange(min: 500, max: 599)]))
        var state = CircuitBreakerState(backendID: "b", rule: rule)
        var trips = 0
        for t in 0..<200_000 {
            let status = t % 10 == 0 ? 500 : 200
            if state.record(.status(status), at: Int64(t / 100)).tripped != nil { trips += 1 }
        }
        // 10 % failures never reach 90 %, except right after a fresh window opens with a failure
        // (no minimum number of attempts): at t=0 and when the circuit has closed again at 1 000 ms.
        #expect(trips == 2)
    }
}

@Suite struct JSONQuirksTests {
    @Test func tabsCRLFAndBOM() throws {
        let json = "\u{FEFF}{\r\n\t\"resources\": [\r\n\t\t{\r\n\t\t\t\"type\": \"Microsoft.ApiManagement/service/backends\",\r\n\t\t\t\"apiVersion\": \"2024-05-01\",\r\n\t\t\t\"name\": \"apim/b1\",\r\n\t\t\t\"properties\": { \"url\": \"ftp://x\" }\r\n\t\t}\r\n\t]\r\n}\r\n"
        let result = try loadText(json, path: "t.json")
        #expect(result.catalog.ids == ["b1"])
        #expect(brief(result.diagnostics) == ["7:27 backend-url"])
    }

    @Test func duplicateKeys() {
        let error = loadError { try loadText("{\"a\": {\"url\": \"x\"}, \"a\": {}}", path: "d.json") }
        #expect(error?.message.contains("duplicate") == true)
        #expect(error?.location?.line == 1)
    }

    @Test func unterminatedJSONString() {
        let error = loadError { try loadText("{\n  \"b1\": { \"url\": \"https://x }\n}", path: "u.json") }
        #expect(error != nil)
        #expect(error?.location?.line ?? 0 >= 2)
    }
}

@Suite struct LearnStyleTests {
    @Test func numbersWrittenAsStrings() throws {
        let result = try BackendLoader.load(file: fixtures + "learn-style.json")
        #expect(result.diagnostics.map(\.description) == [])
        let rule = try #require(result.catalog["backend-1"]?.circuitBreaker)
        #expect(rule.failureCondition.threshold == .count(3))
        #expect(rule.failureCondition.statusCodeRanges == [StatusCodeRange(min: 500, max: 599)])
        #expect(rule.tripDuration == 3_600_000)
        let members = try #require(result.catalog["myBackendPool"]?.pool?.members)
        #expect(members.map(\.id) == ["backend-1", "backend-2"])
        #expect(members.map(\.weight) == [3, 1])
        #expect(members.map(\.priority) == [1, 1])
    }

    @Test func doubleQuotedBicepIsAClearError() {
        let error = loadError { try loadText("var x = {\n  \"sessionAffinity\": {}\n}", path: "x.bicep") }
        #expect(error?.description == "x.bicep:2:3: error: syntax error: strings are written with single quotes in Bicep")
    }
}

@Suite struct CompiledBicepTests {
    @Test func propertyAndVariableCopyLoops() throws {
        let result = try BackendLoader.load(file: fixtures + "compiled-loops.json")
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.catalog.ids == ["openai1", "openai2", "openai-backend-pool"])
        #expect(result.catalog["openai2"]?.url == "https://openai2.example.com/openai")
        let members = try #require(result.catalog["openai-backend-pool"]?.pool?.members)
        #expect(members.map(\.id) == ["openai1", "openai2"])
        #expect(members.map(\.priority) == [1, 2])
        #expect(members.map(\.weight) == [nil, 50])
    }
}

@Suite struct YAMLFeatureTests {
    @Test func anchorsAndAliases() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker: &breaker
            rules:
              - { name: r, tripDuration: PT1M, failureCondition: { count: 3, interval: PT5M, statusCodeRanges: [{ min: 429, max: 429 }] } }
        b2:
          url: https://two.example.com
          circuitBreaker: *breaker
        """
        let result = try loadInline(yaml)
        #expect(result.diagnostics.isEmpty)
        #expect(result.catalog["b2"]?.circuitBreaker?.failureCondition.threshold == .count(3))
    }
}
