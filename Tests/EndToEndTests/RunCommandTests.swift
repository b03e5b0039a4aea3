import Foundation
import Testing

@Suite struct RunCommandTests {
    @Test func flagshipRunsAndMeetsItsExpectations() throws {
        let result = try CLIRunner.run(["run", "--scenario", "Policies/openai-pool/pool.scenario.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("scenario: openai pool fails over on 429 and recovers\n"))
        #expect(result.stdout.contains("aoai-east: circuit tripped"))
        #expect(result.stdout.hasSuffix("expectations: passed\n"))
    }

    @Test func jsonOutputHasTheContractFields() throws {
        let result = try CLIRunner.run(["run", "--scenario", "Policies/openai-pool/pool.scenario.yaml", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "openai pool fails over on 429 and recovers")
        let requests = try #require(object["requests"] as? [[String: Any]])
        #expect(requests.count == 33)
        let first = requests[0]
        #expect((first["request"] as? [String: Any])?["method"] as? String == "POST")
        #expect((first["response"] as? [String: Any])?["status"] as? Int == 200)
        let attempt = try #require((first["attempts"] as? [[String: Any]])?.first)
        #expect(attempt["backend"] as? String == "aoai-west")
        #expect(attempt["pool"] as? String == "aoai-pool")
        #expect(attempt["atMs"] as? Int == 1000)
        #expect(attempt["durationMs"] as? Int == 200)
        #expect(((attempt["headers"] as? [String: Any])?["traceparent"] as? String)?.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-") == true)
        let event = try #require((first["events"] as? [[String: Any]])?.first)
        #expect(event["kind"] as? String == "policy")
        #expect(event["line"] as? Int == 9)
    }

    @Test func attemptsCarryTheBodySentAndFailedRequestExpectationsExitOne() throws {
        let result = try CLIRunner.run(["run", "--scenario", "Fixtures/golden/expect/orders.scenario.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let request = try #require((object["requests"] as? [[String: Any]])?.first)
        let attempt = try #require((request["attempts"] as? [[String: Any]])?.first)
        #expect(attempt["body"] as? String == #"{"item":"book","qty":2,"channel":"web"}"#)
        #expect((object["expectations"] as? [String: Any])?["passed"] as? Bool == true)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-expect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound><return-response><set-status code=\"204\" reason=\"No Content\" /></return-response></inbound></policies>"
            .write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nrequests:\n  - GET https://a.example/:\n      expect: { status: 200, backends: [] }\n"
            .write(to: folder.appendingPathComponent("s.scenario.yaml"), atomically: true, encoding: .utf8)
        let failed = try CLIRunner.run(["run", "--scenario", "s.scenario.yaml"], in: folder)
        #expect(failed.status == 1)
        #expect(failed.stdout.hasSuffix("expectations: 1 failed\n  request 1 (GET https://a.example/, line 3): status (line 4): expected 200, got 204\n"), "\(failed.stdout)")
    }

    /// Each gateway instance keeps its own circuit breakers: east's 429s are split between two
    /// instances, so its circuit trips later than on one (Fixtures/golden/instances).
    @Test func aBreakerTripsLaterOnTwoInstancesThanOnOne() throws {
        func trips(_ file: String) throws -> (firstTripMs: Int, eastCalls: Int, instances: [Int?]) {
            let result = try CLIRunner.run(["run", "--scenario", "Fixtures/golden/instances/\(file)", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let requests = try #require(object["requests"] as? [[String: Any]])
            let events = requests.flatMap { ($0["events"] as? [[String: Any]]) ?? [] }
            let trip = try #require(events.first { $0["kind"] as? String == "circuit" && ($0["detail"] as? String)?.contains("aoai-east: circuit tripped") == true })
            let attempts = requests.flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
            return (trip["atMs"] as? Int ?? -1, attempts.filter { $0["backend"] as? String == "aoai-east" }.count,
                    requests.map { ($0["request"] as? [String: Any])?["instance"] as? Int })
        }
        let one = try trips("pool-1-instance.scenario.yaml")
        let two = try trips("pool-2-instance.scenario.yaml")
        #expect(one.firstTripMs == 6000)
        #expect(two.firstTripMs == 11000)
        #expect(one.eastCalls == 3)
        #expect(two.eastCalls == 6)
        #expect(one.instances.allSatisfy { $0 == nil })
        #expect(two.instances.prefix(4) == [1, 2, 1, 2])
    }

    @Test func traceLevelsAndTheSummary() throws {
        let scenario = "Policies/openai-pool/pool.scenario.yaml"
        let full = try CLIRunner.run(["run", "--scenario", scenario])
        #expect(full.stdout.contains("\nsummary:\n  requests: 33 from 1s to 3m 36s (virtual time)\n  client statuses: 200 ×33\n"))
        #expect(full.stdout.contains("    aoai-east  5 calls: 200 ×2, 429 ×3; 14% of pool aoai-pool (weight share 33%)\n"))
        #expect(full.stdout.contains("  circuits:\n    aoai-east: open 10.7s–1m 10s (1m), "))

        let lines = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "requests"])
        #expect(lines.status == 0)
        let requestLines = lines.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(requestLines.count == 33)
        #expect(requestLines[4] == "[    5900ms] POST /openai/deployments/gpt/chat/completions?api-version=2024-02-01 → aoai-east 429, aoai-west 200 → 200 in 200ms")
        #expect(!lines.stdout.contains("events:"))
        #expect(lines.stdout.hasSuffix("expectations: passed\n"))

        let summary = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "summary"])
        #expect(summary.stdout.hasPrefix("scenario: openai pool fails over on 429 and recovers\n\nsummary:\n"), "\(summary.stdout)")

        let json = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "summary", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["requests"] as? [Any])?.isEmpty == true)
        let numbers = try #require(object["summary"] as? [String: Any])
        #expect(numbers["requests"] as? Int == 33)
        #expect((numbers["statuses"] as? [String: Any])?["200"] as? Int == 33)
        let backends = try #require(numbers["backends"] as? [[String: Any]])
        #expect(backends.map { $0["id"] as? String } == ["aoai-west", "aoai-east"])
        #expect(backends.map { $0["calls"] as? Int } == [31, 5])
        let circuit = try #require((numbers["circuits"] as? [[String: Any]])?.first)
        #expect(circuit["openedAtMs"] as? Int == 10_700)
        #expect(circuit["openUntilMs"] as? Int == 70_700)
        #expect((numbers["retries"] as? [String: Any])?["total"] as? Int == 3)

        let compact = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "requests", "--format", "json"])
        let compactObject = try #require(try JSONSerialization.jsonObject(with: Data(compact.stdout.utf8)) as? [String: Any])
        let fifth = try #require((compactObject["requests"] as? [[String: Any]])?[4])
        #expect(fifth["backends"] as? [String] == ["aoai-east", "aoai-west"])
        #expect(fifth["status"] as? Int == 200)
    }

    @Test func manyRequestsDefaultToOneLineEachAndFullIsRefusedAboveAMillion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-levels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound><return-response><set-status code=\"204\" reason=\"No Content\" /></return-response></inbound></policies>"
            .write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nrequests:\n  - url: https://a.example/\n    repeat: 51\n".write(to: folder.appendingPathComponent("many.scenario.yaml"), atomically: true, encoding: .utf8)
        let many = try CLIRunner.run(["run", "--scenario", "many.scenario.yaml"], in: folder)
        #expect(many.status == 0)
        #expect(many.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }.count == 51)
        #expect(!many.stdout.contains("request 1 of 51"))

        try "policy: p.xml\nrequests:\n  - url: https://a.example/\n    repeat: 1000001\n".write(to: folder.appendingPathComponent("huge.scenario.yaml"), atomically: true, encoding: .utf8)
        let huge = try CLIRunner.run(["run", "--scenario", "huge.scenario.yaml", "--trace", "full"], in: folder)
        #expect(huge.status == 2)
        #expect(huge.stdout.isEmpty)
        #expect(huge.stderr.contains("huge.scenario.yaml:3:5: error: the scenario sends 1000001 requests; '--trace full' prints at most 1000000"), "\(huge.stderr)")
    }

    @Test func aBrokenScenarioExitsTwoNamingFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound /></policies>".write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nreqests:\n  - GET https://a.example/\n".write(to: folder.appendingPathComponent("s.scenario.yaml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["run", "--scenario", "s.scenario.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("s.scenario.yaml:2:1"))
        #expect(result.stderr.contains("did you mean 'requests'"))
    }

    @Test func goldenTestOfTheBundledExamplePasses() throws {
        let result = try CLIRunner.run(["test", "Policies"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("1 passed, 0 failed\n"))
    }
}
