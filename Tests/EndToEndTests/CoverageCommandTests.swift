import Foundation
import Testing

/// `policycheck test --coverage` on `Fixtures/coverage`: an operation policy with a choose, an api
/// scope whose choose never takes its when, an included fragment and one nobody includes.
@Suite struct CoverageCommandTests {
    static let fixture = "Fixtures/coverage"

    static let expectedText = """
        PASS  Fixtures/coverage/coverage.scenario.yaml (coverage of scopes, branches and fragments)  [2 requests, 200 ×2, 0 retries, 0 circuits opened, p99 0ms]
        1 passed, 0 failed

        coverage:
          Fixtures/coverage/api.xml: 2/3 policies, 1/2 branches, 60.0%
            not run: set-header (line 10, column 17, outbound)
            not taken: choose (line 8, column 9): when[1] at line 9
          Fixtures/coverage/fragments/tag.xml: 1/1 policies, 0/0 branches, 100.0%
          Fixtures/coverage/fragments/unused.xml: 0/1 policies, 0/0 branches, 0.0%
            not run: trace (line 2, column 5)
          Fixtures/coverage/policy.xml: 5/6 policies, 2/2 branches, 87.5%
            not run: set-status (line 17, column 9, on-error)
        total: 8/11 policies, 3/4 branches: 11 of 15 units, 73.3%

        """

    @Test func textReportFollowsTheTestReport() throws {
        let result = try CLIRunner.run(["test", Self.fixture, "--coverage"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == Self.expectedText)
    }

    @Test func jsonReportGoesToStdoutAndTheTestReportToStderr() throws {
        let result = try CLIRunner.run(["test", Self.fixture, "--coverage", "--coverage-format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("1 passed, 0 failed"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["covered"] as? Int == 11)
        #expect(object["total"] as? Int == 15)
        #expect(object["percent"] as? Double == 73.3)
        #expect(object["policiesCovered"] as? Int == 8)
        #expect(object["branchesTotal"] as? Int == 4)
        #expect(object["minimum"] is NSNull)
        #expect(object["passed"] as? Bool == true)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["file"] as? String } == [
            "Fixtures/coverage/api.xml", "Fixtures/coverage/fragments/tag.xml",
            "Fixtures/coverage/fragments/unused.xml", "Fixtures/coverage/policy.xml",
        ])
        let api = try #require(files.first)
        let branches = try #require(api["branches"] as? [[String: Any]])
        #expect(branches.compactMap { $0["branch"] as? String } == ["when[1]", "no branch"])
        #expect(branches.compactMap { $0["hits"] as? Int } == [0, 2])
        #expect(branches.last?["branchLine"] is NSNull)
        let policies = try #require(api["policies"] as? [[String: Any]])
        #expect(policies.compactMap { $0["policy"] as? String } == ["set-header", "choose", "set-header"])
        #expect(policies.compactMap { $0["section"] as? String } == ["inbound", "outbound", "outbound"])
    }

    @Test func minimumMetPasses() throws {
        let result = try CLIRunner.run(["test", Self.fixture, "--coverage-min", "73.3"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("total: 8/11 policies, 3/4 branches: 11 of 15 units, 73.3%\nminimum 73.3% met\n"))
    }

    @Test func belowTheMinimumFailsWithExitOne() throws {
        let result = try CLIRunner.run(["test", Self.fixture, "--coverage-min", "75"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("1 passed, 0 failed"))
        #expect(result.stdout.hasSuffix("error: coverage 73.3% is below the minimum of 75%\n"))

        let json = try CLIRunner.run(["test", Self.fixture, "--coverage-min", "75", "--coverage-format", "json"])
        #expect(json.status == 1)
        #expect(json.stderr.contains("error: coverage 73.3% is below the minimum of 75%"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        #expect(object["minimum"] as? Double == 75)
    }

    @Test func aMinimumOutsideZeroToHundredIsAUsageError() throws {
        let result = try CLIRunner.run(["test", Self.fixture, "--coverage-min", "101"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--coverage-min must be a percentage from 0 to 100"))
    }

    @Test func reportWrittenToAFile() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-coverage-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CLIRunner.run(["test", Self.fixture, "--coverage-format", "json", "--coverage-output", output.path, "--coverage-min", "90"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("coverage: 73.3% (11 of 15 policies and branches), written to \(output.path)\n"))
        #expect(result.stdout.hasSuffix("error: coverage 73.3% is below the minimum of 90%\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect(object["covered"] as? Int == 11)
    }

    @Test func withoutCoverageTheReportIsUnchanged() throws {
        let result = try CLIRunner.run(["test", Self.fixture])
        #expect(result.status == 0)
        #expect(result.stdout == "PASS  Fixtures/coverage/coverage.scenario.yaml (coverage of scopes, branches and fragments)  [2 requests, 200 ×2, 0 retries, 0 circuits opened, p99 0ms]\n1 passed, 0 failed\n")
    }
}
