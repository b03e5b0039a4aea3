import PolicySource
import Testing
@testable import PolicyBackends

@Suite struct ValidatorTests {
    static let good = """
    b1:
      url: https://one.example.com
      protocol: http
      circuitBreaker:
        rules:
          - name: r
            tripDuration: PT1M
            failureCondition: { count: 3, interval: PT5M, statusCodeRanges: [{ min: 429, max: 429 }] }
    b2: { url: "https://two.example.com" }
    pool1:
      type: Pool
      pool:
        services:
          - { id: /backends/b1, priority: 1, weight: 10 }
          - { id: /backends/b2, priority: 2, weight: 20 }
    """

    @Test func quietOnAGoodCatalog() throws {
        #expect(try loadInline(Self.good).diagnostics.map(\.description) == [])
    }

    @Test func poolWithURLOrProtocol() throws {
        let yaml = """
        b1: { url: "https://one.example.com" }
        pool1:
          type: Pool
          url: https://x.example.com
          protocol: http
          pool: { services: [ { id: /backends/b1 } ] }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["4:3 backend-pool-url", "5:3 backend-pool-url"])
        #expect(d[0].message == "Url is not supported for backend pool.")
        #expect(d[0].description == "scenario.yaml:4:3: error: Url is not supported for backend pool. [backend-pool-url]")
    }

    @Test func poolSizeLimit() throws {
        var yaml = "pool1:\n  type: Pool\n  pool:\n    services:\n"
        var backends = ""
        for i in 0..<31 {
            yaml += "      - id: /backends/b\(i)\n"
            backends += "b\(i): { url: \"https://b\(i).example.com\" }\n"
        }
        let d = try loadInline(backends + yaml).diagnostics
        #expect(brief(d) == ["36:7 backend-pool-size"])
        #expect(d.first?.message == "backend pool 'pool1' has 31 backends; a pool holds at most 30")
        // 30 is fine.
        let thirty = backends + yaml.split(separator: "\n").dropLast().joined(separator: "\n")
        #expect(try loadInline(thirty).diagnostics.isEmpty)
    }

    @Test func poolInsidePool() throws {
        let yaml = """
        b1: { url: "https://one.example.com" }
        inner: { type: Pool, pool: { services: [ { id: /backends/b1 } ] } }
        outer: { type: Pool, pool: { services: [ { id: /backends/inner } ] } }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["3:48 backend-pool-nested"])
    }

    @Test func unknownMemberWithDidYouMean() throws {
        let yaml = """
        backend1: { url: "https://one.example.com" }
        pool1:
          type: Pool
          pool:
            services:
              - id: /backends/backedn1
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["6:13 backend-pool-member"])
        #expect(d.first?.message == "pool member '/backends/backedn1' names no backend; did you mean '/backends/backend1'?")
    }

    @Test func priorityAndWeightRange() throws {
        let yaml = """
        b1: { url: "https://one.example.com" }
        pool1:
          type: Pool
          pool:
            services:
              - { id: /backends/b1, priority: 101, weight: -1 }
              - { id: /backends/b1, priority: 0, weight: 100 }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["6:39 backend-pool-priority", "6:52 backend-pool-weight", "7:15 backend-pool-member"])
        #expect(d[0].message == "priority 101 is outside 0…100")
        #expect(d[2].severity == .warning)
    }

    @Test func moreThanOneRule() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker:
            rules:
              - { name: a, tripDuration: PT1M, failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{min: 500, max: 599}] } }
              - { name: b, tripDuration: PT1M, failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{min: 500, max: 599}] } }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["6:9 backend-breaker-rules"])
    }

    @Test func badDurations() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker:
            rules:
              - name: a
                tripDuration: 1 minute
                failureCondition:
                  count: 1
                  interval: P1H
                  statusCodeRanges: [{min: 500, max: 599}]
        """
        let result = try loadInline(yaml)
        #expect(brief(result.diagnostics) == ["6:23 backend-breaker-duration", "9:21 backend-breaker-duration"])
        #expect(result.diagnostics[0].message.hasPrefix("tripDuration: '1 minute' is not an ISO 8601 duration"))
        #expect(result.catalog["b1"]?.circuitBreaker == nil)
    }

    @Test func statusRanges() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker:
            rules:
              - name: a
                tripDuration: PT1M
                failureCondition:
                  count: 1
                  interval: PT1M
                  statusCodeRanges:
                    - { min: 100, max: 600 }
                    - { min: 503, max: 500 }
                    - { min: 500, max: 599 }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["11:22 backend-breaker-status", "11:32 backend-breaker-status", "12:15 backend-breaker-status"])
        #expect(d[2].message == "status code range min 503 is greater than max 500")
    }

    @Test func conditionNeedsCountOrPercentage() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker:
            rules:
              - { name: a, tripDuration: PT1M, failureCondition: { interval: PT1M, statusCodeRanges: [{min: 500, max: 599}] } }
        b2:
          url: https://two.example.com
          circuitBreaker:
            rules:
              - { name: a, tripDuration: PT1M, failureCondition: { percentage: 150, interval: PT1M, errorReasons: [Timeout] } }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["5:58 backend-breaker-condition", "10:72 backend-breaker-condition"])
    }

    @Test func acceptRetryAfterNeedsANewAPIVersion() throws {
        let rule = "{ name: a, tripDuration: PT1M, acceptRetryAfter: true, failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{min: 429, max: 429}] } }"
        let yaml = """
        old:
          apiVersion: 2023-05-01-preview
          properties:
            url: https://one.example.com
            circuitBreaker: { rules: [ \(rule) ] }
        new:
          apiVersion: 2023-09-01-preview
          properties:
            url: https://two.example.com
            circuitBreaker: { rules: [ \(rule) ] }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["5:63 backend-breaker-retry-after"])
        #expect(d.first?.severity == .warning)
        #expect(d.first?.message == "acceptRetryAfter needs API version 2023-09-01-preview or later; this backend uses 2023-05-01-preview")
    }

    @Test func singleBackendWithoutURL() throws {
        let yaml = """
        b1:
          protocol: http
        b2:
          url: https://two.example.com
          protocol: grpc
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["1:1 backend-url", "5:13 backend-protocol"])
        #expect(d[0].message == "backend 'b1' has no url (a single backend needs one)")
    }

    @Test func placeholderURLIsNeverAnError() throws {
        let result = try BackendLoader.load(file: fixtures + "openai-pool.bicep")
        #expect(result.catalog["backend1"]?.url == "${cognitiveServices1.properties.endpoint}/openai")
        #expect(!result.hasErrors)
    }

    @Test func bicepFindingsPointIntoTheBicepFile() throws {
        let bicep = """
        resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {
          name: 'apim'
        }
        resource b1 'Microsoft.ApiManagement/service/backends@2023-05-01-preview' = {
          parent: apim
          name: 'b1'
          properties: {
            url: 'https://one.example.com'
            circuitBreaker: {
              rules: [{
                name: 'r'
                tripDuration: 'PT1M'
                acceptRetryAfter: true
                failureCondition: { count: 3, interval: 'PT5M', statusCodeRanges: [{ min: 429, max: 429 }] }
              }]
            }
          }
        }
        resource pool 'Microsoft.ApiManagement/service/backends@2023-05-01-preview' = {
          parent: apim
          name: 'pool'
          properties: {
            type: 'Pool'
            url: 'https://pool.example.com'
            pool: { services: [{ id: '/backends/b2', weight: 200 }] }
          }
        }
        """
        let d = try loadText(bicep, path: "main.bicep").diagnostics
        #expect(brief(d) == ["13:9 backend-breaker-retry-after", "24:5 backend-pool-url",
                             "25:30 backend-pool-member", "25:54 backend-pool-weight"])
    }

    @Test func notAMap() throws {
        let d = try loadInline("- a\n- b").diagnostics
        #expect(brief(d) == ["1:1 backend-input"])
        let e = try loadInline("b1: 3").diagnostics
        #expect(brief(e) == ["1:5 backend-input"])
    }
}

@Suite struct UnknownKeyTests {
    @Test func typosAreWarnedWithDidYouMean() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker:
            rules:
              - name: r
                tripDuraton: PT1M
                failureCondition: { count: 1, interval: PT1M, statusCodeRanges: [{ min: 500, max: 599 }] }
        pool1:
          type: Pool
          pool: { services: [ { id: /backends/b1, wieght: 10 } ] }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["5:9 backend-breaker-duration", "6:9 backend-unknown-key", "10:43 backend-unknown-key"])
        #expect(d.first { $0.rule == "backend-unknown-key" }?.message == "unknown backend property 'tripDuraton'; did you mean 'tripDuration'?")
        #expect(d.last?.message == "unknown backend property 'wieght'; did you mean 'weight'?")
    }
}

@Suite struct ShortDurationTests {
    @Test func inlineMapsTakeScenarioDurations() throws {
        let yaml = """
        b1:
          url: https://one.example.com
          circuitBreaker:
            rules:
              - { name: r, tripDuration: 1m, failureCondition: { count: 2, interval: 1.5s, statusCodeRanges: [{ min: 500, max: 599 }] } }
        """
        let result = try loadInline(yaml)
        #expect(result.diagnostics.isEmpty)
        #expect(result.catalog["b1"]?.circuitBreaker?.tripDuration == 60_000)
        #expect(result.catalog["b1"]?.circuitBreaker?.failureCondition.interval == 1_500)
        #expect(result.catalog["b1"]?.origin == .inline)
    }

    @Test func bicepNeedsISO8601() throws {
        let result = try loadText("""
        resource b 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
          name: 'apim/b'
          properties: {
            url: 'https://b.example.com'
            circuitBreaker: { rules: [{ name: 'r', tripDuration: '1m', failureCondition: { count: 1, interval: 'PT1M', statusCodeRanges: [{ min: 500, max: 599 }] } }] }
          }
        }
        """, path: "d.bicep")
        #expect(brief(result.diagnostics) == ["5:58 backend-breaker-duration"])
        #expect(result.catalog["b"]?.origin == .bicep)
    }

    @Test(arguments: [("250ms", 250), ("30s", 30_000), ("1.5s", 1_500), ("1m", 60_000), ("2h", 7_200_000), ("1d", 86_400_000)] as [(String, Int64)])
    func shortForms(_ text: String, _ ms: Int64) throws {
        #expect(try ISO8601Duration.milliseconds(text, allowingShortForms: true) == ms)
        #expect(throws: ISO8601Duration.ParseError.self) { try ISO8601Duration.milliseconds(text) }
    }
}
