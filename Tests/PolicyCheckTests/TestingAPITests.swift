import Foundation
import PolicyCheck
import PolicyRuntime
import Testing

/// The Swift test-author API (Docs/swift-api.md) and policy coverage.
@Suite struct TestingAPITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The example in Docs/swift-api.md is the example test file, character for character.
    @Test func theDocumentedExampleIsTheExampleTest() throws {
        let doc = try String(contentsOf: Self.packageRoot.appendingPathComponent("Docs/swift-api.md"), encoding: .utf8)
        let example = try String(contentsOf: Self.packageRoot.appendingPathComponent("Tests/PolicyCheckTests/SwiftAPIExampleTests.swift"), encoding: .utf8)
        #expect(doc.contains("```swift\n" + example + "```\n"), "copy Tests/PolicyCheckTests/SwiftAPIExampleTests.swift into Docs/swift-api.md")
    }

    @Test func markupErrorsNameTheirLine() {
        #expect {
            _ = try TestPolicy(xml: "<policies>\n  <inbound>\n</policies>", name: "broken.xml")
        } throws: { error in
            "\(error)".hasPrefix("broken.xml:")
        }
    }

    @Test func aScenarioWithoutRequestsIsAnError() throws {
        let policy = try TestPolicy(xml: "<policies><inbound /></policies>")
        #expect {
            _ = try TestScenario(policy: policy).run()
        } throws: { error in
            "\(error)".contains("no request")
        }
    }

    @Test func outOfRangeValuesAreErrorsNotTraps() throws {
        let policy = try TestPolicy(xml: "<policies><inbound /></policies>")
        #expect(throws: ScenarioError.self) {
            _ = try TestScenario(policy: policy).request("GET", "https://a.example/", after: .seconds(Int64.max)).run()
        }
        #expect(throws: ScenarioError.self) {
            _ = try TestScenario(policy: policy).request("GET", "https://a.example/", repeat: 0).run()
        }
        #expect(throws: ScenarioError.self) {
            _ = try TestScenario(policy: policy).request("GET", "https://a.example/").responses("x", .status(99)).run()
        }
        #expect(throws: ScenarioError.self) {
            _ = try TestScenario(policy: policy).request("GET", "https://a.example/").backends(yaml: "b: { url: [").run()
        }
    }

    @Test func scopesFragmentsAndNamedValues() throws {
        let policy = try TestPolicy(xml: """
            <policies>
                <inbound>
                    <base />
                    <include-fragment fragment-id="tag" />
                </inbound>
            </policies>
            """)
            .scope(.global, xml: #"<policies><inbound><set-variable name="from" value="global" /></inbound></policies>"#)
            .fragment("tag", xml: #"<fragment><set-variable name="tag" value="{{tag}}" /></fragment>"#)
            .namedValues(["tag": "blue"])
        let run = try TestScenario(policy: policy).get("https://apim.example/x").run()
        #expect(run.variables == ["from": #""global""#, "tag": #""blue""#])
        #expect(run.events.compactMap(\.file) == ["global.xml", "fragments/tag.xml"])
    }

    @Test func goldenFilesFollowTheRecordMode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-api-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sub/a.golden"
        // never: a missing file fails and nothing is written
        #expect(throws: GoldenMismatch.self) { try GoldenFile.assert("one\n", matches: path, record: .never) }
        #expect(!FileManager.default.fileExists(atPath: path))
        // missing: written, but the test still fails once
        #expect(throws: GoldenMismatch.self) { try GoldenFile.assert("one\n", matches: path, record: .missing) }
        #expect(try GoldenFile.assert("one\n", matches: path, record: .never) == .matched)
        // a difference fails with a unified diff
        do {
            try GoldenFile.assert("two\n", matches: path, record: .missing)
            Issue.record("a difference must fail")
        } catch {
            #expect(error.diff?.contains("-one\n+two") == true)
            #expect(error.description.contains("--- a.golden"))
        }
        // all: rewritten and passing
        #expect(try GoldenFile.assert("two\n", matches: path, record: .all) == .updated)
        #expect(try GoldenFile.assert("two\n", matches: "sub/a.golden", relativeTo: folder + "/Test.swift", record: .never) == .matched)
        // CRLF in the golden file compares equal
        try Data("two\r\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try GoldenFile.assert("two\n", matches: path, record: .never) == .matched)
    }

    @Test func recordModeFromTheEnvironmentValue() {
        #expect(GoldenRecordMode.mode(nil) == .missing)
        #expect(GoldenRecordMode.mode("1") == .all)
        #expect(GoldenRecordMode.mode("All") == .all)
        #expect(GoldenRecordMode.mode("never") == .never)
        #expect(GoldenRecordMode.mode("0") == .never)
        #expect(GoldenRecordMode.mode("recrod") == .never)
    }

    // MARK: Coverage

    static let choosePolicy = """
        <policies>
            <inbound>
                <choose>
                    <when condition="@(context.Request.Method == "POST")">
                        <set-variable name="kind" value="post" />
                    </when>
                    <when condition="@(context.Request.Method == "PUT")">
                        <set-variable name="kind" value="put" />
                    </when>
                </choose>
                <set-header name="x-seen" exists-action="override"><value>1</value></set-header>
            </inbound>
            <on-error>
                <set-status code="500" reason="Oops" />
            </on-error>
        </policies>
        """

    @Test func coverageCountsPoliciesAndBranches() throws {
        let policy = try TestPolicy(xml: Self.choosePolicy, name: "choose.xml")
        let run = try TestScenario(policy: policy)
            .request("POST", "https://apim.example/a")
            .request("GET", "https://apim.example/b", repeat: 2)
            .run(recordingCoverage: true)
        let coverage = try #require(run.coverage)
        let document = try #require(coverage.documents.first)
        #expect(coverage.documents.count == 1)
        #expect(document.path == "choose.xml")
        #expect(document.policies.map(\.policy) == ["choose", "set-variable", "set-variable", "set-header", "set-status"])
        #expect(document.policies.map(\.hits) == [3, 1, 0, 3, 0])
        #expect(document.policies.map(\.line) == [3, 5, 8, 11, 14])
        #expect(document.policies.map(\.section) == ["inbound", "inbound", "inbound", "inbound", "on-error"])
        #expect(document.branches.map(\.branch.description) == ["when[1]", "when[2]", "no branch"])
        #expect(document.branches.map(\.hits) == [1, 0, 2])
        #expect(document.branches.map(\.branchLine) == [4, 7, nil])
        #expect(coverage.covered == 5 && coverage.total == 8)
        #expect(CoverageFormatter.percentText(covered: coverage.covered, total: coverage.total) == "62.5%")
        #expect(CoverageFormatter.meets(coverage, minimum: 62.5))
        #expect(!CoverageFormatter.meets(coverage, minimum: 62.6))
        #expect(CoverageFormatter.text(coverage, minimum: 70) == """
            coverage:
              choose.xml: 3/5 policies, 2/3 branches, 62.5%
                not run: set-variable (line 8, column 17, inbound)
                not run: set-status (line 14, column 9, on-error)
                not taken: choose (line 3, column 9): when[2] at line 7
            total: 3/5 policies, 2/3 branches: 5 of 8 units, 62.5%
            error: coverage 62.5% is below the minimum of 70%

            """)
    }

    @Test func coverageIsOffUnlessAskedFor() throws {
        let run = try TestScenario(policy: TestPolicy(xml: Self.choosePolicy)).request("GET", "https://apim.example/").run()
        #expect(run.coverage == nil)
    }

    @Test func coverageMergesRunsAndNormalisesPaths() {
        let a = PolicyCoverage(documents: [DocumentCoverage(path: "x/../p.xml", policies: [
            PolicyCoverageUnit(policy: "base", line: 2, column: 3, section: "inbound", hits: 0),
            PolicyCoverageUnit(policy: "set-header", line: 3, column: 3, section: "inbound", hits: 1),
        ])])
        let b = PolicyCoverage(documents: [DocumentCoverage(path: "./p.xml", policies: [
            PolicyCoverageUnit(policy: "base", line: 2, column: 3, section: "inbound", hits: 2),
            PolicyCoverageUnit(policy: "set-header", line: 3, column: 3, section: "inbound", hits: Int.max),
        ])])
        let merged = a.merged(with: b).normalizingPaths()
        #expect(merged.documents.map(\.path) == ["p.xml"])
        #expect(merged.documents.first?.policies.map(\.hits) == [2, Int.max])
        #expect(merged.covered == 2 && merged.total == 2)
    }

    @Test func percentagesRoundDown() {
        #expect(CoverageFormatter.percentText(covered: 2, total: 3) == "66.6%")
        #expect(CoverageFormatter.percentText(covered: 8999, total: 9000) == "99.9%")
        #expect(CoverageFormatter.percentText(covered: 0, total: 0) == "100.0%")
        #expect(CoverageFormatter.percentText(covered: 0, total: 7) == "0.0%")
    }
}
