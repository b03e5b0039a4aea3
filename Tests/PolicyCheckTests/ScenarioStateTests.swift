import Foundation
import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

/// `state:` (pre-seeded caches and counters) and `instances:` — what they do and the errors of bad input.
@Suite struct ScenarioStateTests {
    static let policy = """
    <policies>
        <inbound>
            <rate-limit-by-key calls="2" renewal-period="60" counter-key="fixed" />
            <cache-lookup-value key="@("k:" + context.Request.Url.Path)" variable-name="hit" default-value="miss" />
            <return-response><set-status code="200" reason="OK" /></return-response>
        </inbound>
    </policies>
    """

    /// Writes the policy and `yaml` into a fresh folder and runs the scenario: its expectation
    /// failures, or the error that stopped it (`line:column: message`).
    static func run(_ yaml: String) throws -> Result<[String], InputError> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("s.scenario.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            return .success(try ScenarioRun.run(path: path).expectationFailures)
        } catch {
            return .failure(error)
        }
    }

    static func error(_ yaml: String) throws -> String {
        switch try run(yaml) {
        case .success(let failures): return "no error (\(failures))"
        case .failure(let error): return "\(error.location?.line ?? 0):\(error.location?.column ?? 0): \(error.message)"
        }
    }

    @Test func seededCountersAndCacheAreWhatTheFirstRequestSees() throws {
        let yaml = """
        policy: p.xml
        state:
          rateLimits: [ { key: fixed, calls: 1, ago: 30s } ]
          cache: [ { key: "k:/a", value: 42, ttl: 5s } ]
        requests:
          - GET https://apim.example/a:
              expect: { status: 200, variables: { hit: 42 } }
          - GET https://apim.example/a:
              after: 5s
              expect: { status: 429, absentVariables: [hit] }
          - GET https://apim.example/b:
              after: 25s
              expect: { status: 200, variables: { hit: miss } }
        """
        #expect(try Self.run(yaml).get() == [])
        // Without the seed, the second call still fits: the seeded call is what refuses it.
        let unseeded = yaml.replacingOccurrences(of: "rateLimits: [ { key: fixed, calls: 1, ago: 30s } ]", with: "rateLimits: []")
        let failures = try Self.run(unseeded).get()
        #expect(failures.contains { $0.contains("status (line 10): expected 429, got 200") }, "\(failures)")
    }

    @Test func requestsGoRoundRobinOverInstancesUnlessOneIsNamed() throws {
        let yaml = """
        policy: p.xml
        instances: 3
        requests:
          - GET https://apim.example/a
          - GET https://apim.example/a
          - request: GET https://apim.example/a
            instance: 1
          - GET https://apim.example/a
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: path) }
        try Self.policy.write(to: path.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try yaml.write(to: path.appendingPathComponent("s.scenario.yaml"), atomically: true, encoding: .utf8)
        let run = try ScenarioRun.run(path: path.appendingPathComponent("s.scenario.yaml").path)
        #expect(run.trace.requests.map(\.instance) == [1, 2, 1, 1])
        // The rate limit's counter is shared: the third call is refused whichever instance serves it.
        #expect(run.trace.requests.map(\.response.status) == [200, 200, 429, 429])
        #expect(run.text.contains("request 2 of 4: GET https://apim.example/a (instance 2)"))
    }

    @Test func badStateAndInstancesNameTheLine() throws {
        let requests = "requests: [ https://apim.example/a ]\n"
        #expect(try Self.error("policy: p.xml\ninstances: 0\n" + requests) == "2:12: 'instances' must be a number of gateway instances from 1 to 64, not 0")
        #expect(try Self.error("policy: p.xml\ninstances: 2\nrequests:\n  - request: GET https://apim.example/a\n    instance: 3\n")
            == "5:15: 'instance' is 3, but the scenario has 2 gateway instances (set 'instances:')")
        #expect(try Self.error("policy: p.xml\nstate: { counters: [] }\n" + requests) == "2:10: unknown key 'counters' in state; expected one of: cache, rateLimits, quotas, namedValues")
        #expect(try Self.error("policy: p.xml\nstate:\n  cache: [ { key: a } ]\n" + requests) == "3:12: missing required key 'value' in the state.cache entry 'a'")
        #expect(try Self.error("policy: p.xml\nstate:\n  cache: [ { key: a, value: 1, ttl: 0s } ]\n" + requests)
            == "3:37: 'state.cache.ttl' must be more than 0 (an entry with no time left is not in the cache)")
        #expect(try Self.error("policy: p.xml\nstate:\n  rateLimits: [ { key: a, calls: -1 } ]\n" + requests)
            == "3:34: 'state.rateLimits.calls' must be a whole number from 0 to 1000000000, not -1")
        // State no policy reads: a kind the program lacks, a key its literal keys do not name.
        #expect(try Self.error("policy: p.xml\nstate:\n  quotas: [ { key: a, calls: 1 } ]\n" + requests)
            == "3:15: 'state.quotas' seeds 'a', but the program has no quota-by-key policy to read it")
        #expect(try Self.error("policy: p.xml\nstate:\n  rateLimits: [ { key: other, calls: 1 } ]\n" + requests)
            == "3:19: 'state.rateLimits' seeds 'other', but no rate-limit-by-key policy uses that counter key (theirs: 'fixed')")
        #expect(try Self.error("policy: p.xml\nnamedValues: { a: x }\nstate: { namedValues: { a: y } }\n" + requests)
            == "3:25: named value 'a' is given twice ('namedValues' and 'state.namedValues') with different values")
    }
}
