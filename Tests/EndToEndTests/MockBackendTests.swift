import Foundation
import Testing

/// Routed mock backends on the built binary: a call no response entry answers stops the run with
/// a scenario error (exit status 2) naming the backend and the call, after printing the trace so far.
@Suite struct MockBackendCommandTests {
    @Test func aCallNoEntryAnswersStopsTheRunNamingBackendAndCall() throws {
        let result = try CLIRunner.run(["run", "--scenario", "Fixtures/mocks-errors/unmatched.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Fixtures/mocks-errors/unmatched.yaml:16:7: error: no scripted response answers the call to 'catalog': "
            + "DELETE https://catalog.example/api/items/1"), "\(result.stderr)")
        #expect(result.stderr.contains("and it has no 'default: true' entry (request at line 12)"))
        // The trace up to the failing request is printed; the third request never runs.
        #expect(!result.stdout.contains("request 3 of 3"))
        try CLIRunner.assertGolden(result.stdout, "Fixtures/mocks-errors/unmatched.run.golden")
    }

    @Test func theGoldenTestReportsItAsAnError() throws {
        let result = try CLIRunner.run(["test", "Fixtures/mocks-errors/unmatched.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("ERROR Fixtures/mocks-errors/unmatched.yaml (a call no entry answers)"), "\(result.stdout)")
        #expect(result.stdout.contains("unmatched.yaml:16:7: error: no scripted response answers the call to 'catalog'"))
    }

    @Test func jsonAttemptsCarryHeadersMsOnlyWhenTheHeadersCameFirst() throws {
        let result = try CLIRunner.run(["run", "--scenario", "Fixtures/golden/mocks/headers-after-timeout.scenario.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let requests = try #require(object["requests"] as? [[String: Any]])
        let attempts = requests.compactMap { ($0["attempts"] as? [[String: Any]])?.first }
        #expect(attempts.count == 4)
        #expect(attempts[0]["headersMs"] as? Int == 1000)
        #expect(attempts[0]["durationMs"] as? Int == 30000)
        #expect(attempts[1]["headersMs"] == nil)
        #expect(attempts[1]["error"] as? String == "Timeout")
        #expect(requests[3]["elapsedMs"] as? Int == 30000)
    }
}
