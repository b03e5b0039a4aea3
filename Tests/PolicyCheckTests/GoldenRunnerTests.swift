import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PolicyCheck
import PolicyRuntime
import Testing

/// A stand-in for the simulator: answers every request with 200 and one event, so these tests do
/// not depend on the interpreter's exact output.
private let echo: ScenarioRunFunction = { scenario in
    RunTrace(scenario: scenario.name, requests: scenario.requests.enumerated().map { index, request in
        RequestTrace(method: request.method, url: request.url, atMilliseconds: Int64(index) * 100,
                     response: TraceResponse(status: 200, reason: "OK", headers: [TraceHeader("X-Echo", request.url)]),
                     elapsedMilliseconds: 5,
                     attempts: [BackendAttempt(atMilliseconds: Int64(index) * 100, backend: "b1", method: request.method, url: request.url, status: 200, durationMilliseconds: 5)],
                     events: [TraceEvent(atMilliseconds: Int64(index) * 100, kind: .policy, section: "inbound", policy: "base", line: 3, file: scenario.policy, detail: "echo")])
    })
}

/// A temporary folder of scenarios, removed at the end.
private final class ScenarioFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-golden-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/sub", withIntermediateDirectories: true)
        try write("p.xml", "<policies />\n")
        try write("alpha.scenario.yaml", "policy: p.xml\nrequests:\n  - https://apim.example/a\n  - POST https://apim.example/b\n")
        try write("sub/beta.scenario.yaml", "name: 'beta <b> & \"c\"'\npolicy: ../p.xml\nrequests: [ https://apim.example/beta ]\nexpect: { status: 200, backends: [b1] }\n")
        try write("notes.yaml", "not a scenario\n")
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct GoldenRunnerTests {
    @Test func discoveryIsRecursiveAndSorted() throws {
        let folder = try ScenarioFolder()
        try folder.write("sub/.hidden.scenario.yaml", "x")
        try FileManager.default.createDirectory(atPath: folder.path + "/.build/deep", withIntermediateDirectories: true)
        try folder.write(".build/deep/copy.scenario.yaml", "x")
        let (files, missing, _) = GoldenTestRunner.discover([folder.path, folder.path + "/nope"])
        #expect(files == [folder.path + "/alpha.scenario.yaml", folder.path + "/sub/beta.scenario.yaml"])
        #expect(missing == [folder.path + "/nope"])
        #expect(GoldenTestRunner.goldenPath(ofScenario: "a/b/pool.scenario.yaml") == "a/b/pool.golden")
        #expect(GoldenTestRunner.goldenPath(ofScenario: "pool.scenario.yaml") == "pool.golden")
    }

    @Test func updateWritesThenComparePasses() throws {
        let folder = try ScenarioFolder()
        let runner = GoldenTestRunner(run: echo)

        let first = runner.run(paths: [folder.path], update: true)
        #expect(first.results.map(\.outcome) == [.passed, .passed])
        #expect(first.results.map(\.goldenChange) == [.created, .created])
        #expect(first.exitStatus == 0)
        #expect(first.summary == "2 passed, 0 failed; golden files: 2 created, 0 updated")
        let golden = try #require(folder.read("alpha.golden"))
        #expect(golden.hasPrefix("scenario: alpha\n\nrequest 1 of 2: GET https://apim.example/a\n"))
        // Event files print relative to the scenario's folder: no absolute paths in golden files.
        #expect(golden.contains("base (p.xml line 3): echo"))
        #expect(!golden.contains(folder.path))
        #expect(try #require(folder.read("sub/beta.golden")).contains("base (../p.xml line 3): echo"))

        let second = runner.run(paths: [folder.path])
        #expect(second.results.map(\.outcome) == [.passed, .passed])
        #expect(second.results.map(\.goldenChange) == [nil, nil])
        #expect(second.summary == "2 passed, 0 failed")
        #expect(second.exitStatus == 0)

        // Updating again with nothing changed rewrites nothing.
        let third = runner.run(paths: [folder.path], update: true)
        #expect(third.results.map(\.goldenChange) == [nil, nil])
    }

    @Test func editedGoldenFailsWithADiff() throws {
        let folder = try ScenarioFolder()
        let runner = GoldenTestRunner(run: echo)
        _ = runner.run(paths: [folder.path], update: true)
        let golden = try #require(folder.read("alpha.golden"))
        try folder.write("alpha.golden", golden.replacingOccurrences(of: "response: 200 OK", with: "response: 503 Service Unavailable"))

        let report = runner.run(paths: [folder.path])
        #expect(report.results.map(\.outcome) == [.failed, .passed])
        #expect(report.exitStatus == 1)
        #expect(report.summary == "1 passed, 1 failed")
        let diff = try #require(report.results[0].diff)
        #expect(diff.hasPrefix("--- \(folder.path)/alpha.golden\n+++ \(folder.path)/alpha.scenario.yaml (actual)\n@@ "))
        #expect(diff.contains("\n-  response: 503 Service Unavailable\n+  response: 200 OK\n"))
        #expect(report.text.contains("FAIL  \(folder.path)/alpha.scenario.yaml  [2 requests, 200 ×2, 0 retries, 0 circuits opened, p99 5ms]\n    --- "), "\(report.text)")
        #expect(report.text.hasSuffix("1 passed, 1 failed\n"))

        // --update repairs it and says so.
        let updated = runner.run(paths: [folder.path], update: true)
        #expect(updated.results.map(\.goldenChange) == [.updated, nil])
        #expect(runner.run(paths: [folder.path]).exitStatus == 0)
    }

    @Test func missingGoldenFails() throws {
        let folder = try ScenarioFolder()
        let report = GoldenTestRunner(run: echo).run(paths: [folder.path + "/alpha.scenario.yaml"])
        #expect(report.results.map(\.outcome) == [.failed])
        #expect(report.results[0].message == "no golden file \(folder.path)/alpha.golden; run with --update to create it")
        #expect(report.exitStatus == 1)
    }

    @Test func filterMatchesPathOrName() throws {
        let folder = try ScenarioFolder()
        let runner = GoldenTestRunner(run: echo)
        #expect(runner.run(paths: [folder.path], update: true, filter: "alpha").results.map(\.name) == ["alpha"])
        #expect(runner.run(paths: [folder.path], update: true, filter: "<b>").results.map(\.name) == ["beta <b> & \"c\""])
        #expect(runner.run(paths: [folder.path], update: true, filter: "sub/").results.count == 1)
        #expect(runner.run(paths: [folder.path], update: true, filter: "zzz").results.isEmpty)
    }

    @Test func expectationFailuresFailTheTest() throws {
        let folder = try ScenarioFolder()
        try folder.write("sub/beta.scenario.yaml", "policy: ../p.xml\nrequests: [ https://apim.example/beta ]\nexpect: { status: 503, backends: [b1, b2] }\n")
        let runner = GoldenTestRunner(run: echo)
        let report = runner.run(paths: [folder.path], update: true)
        #expect(report.results.map(\.outcome) == [.passed, .failed])
        #expect(report.results[1].expectationFailures == ["expected status 503, got 200", "expected backends [b1, b2], got [b1]"])
        #expect(report.results[1].failureText == "expectation failed: expected status 503, got 200\nexpectation failed: expected backends [b1, b2], got [b1]\n")
    }

    @Test func scenariosThatCannotRunAreErrors() throws {
        let folder = try ScenarioFolder()
        try folder.write("broken.scenario.yaml", "policy: p.xml\nreqests: []\n")
        let report = GoldenTestRunner(run: echo).run(paths: [folder.path], update: true)
        #expect(report.results.map(\.outcome) == [.passed, .error, .passed])
        #expect(report.results[1].message == "\(folder.path)/broken.scenario.yaml:2:1: error: unknown key 'reqests'; did you mean 'requests'?")
        #expect(report.exitStatus == 1)
        #expect(report.summary.hasPrefix("2 passed, 1 failed (1 could not run)"))

        // A runner error is an error result too.
        let failing = GoldenTestRunner(run: { _ throws(ScenarioError) in throw ScenarioError("policy does not parse") })
        let all = failing.run(paths: [folder.path])
        #expect(all.results.map(\.outcome) == [.error, .error, .error])
        #expect(all.exitStatus == 2)
    }

    @Test func nothingToRunIsExitStatus2() throws {
        let folder = try ScenarioFolder()
        let runner = GoldenTestRunner(run: echo)
        let missing = runner.run(paths: [folder.path + "/nope"])
        #expect(missing.exitStatus == 2)
        #expect(missing.problems == ["\(folder.path)/nope: no such file or folder"])
        let empty = runner.run(paths: [folder.path + "/sub/../p.xml"].map { _ in folder.path + "/sub" }, filter: "nothing-matches")
        #expect(empty.results.isEmpty)
        #expect(empty.exitStatus == 2)
        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: true)
        let none = runner.run(paths: [folder.path + "/empty"])
        #expect(none.problems == ["no *.scenario.yaml files found under \(folder.path)/empty"])
        #expect(none.exitStatus == 2)
    }

    @Test func junitXMLIsWellFormedAndEscaped() throws {
        let folder = try ScenarioFolder()
        try folder.write("broken.scenario.yaml", "policy: p.xml\nrequests: [ \"https://a.example/<&>\" ]\nseed: x\n")
        let runner = GoldenTestRunner(run: echo)
        _ = runner.run(paths: [folder.path], update: true)
        try folder.write("alpha.golden", "scenario: <old> & \"stale\"\n")
        let report = runner.run(paths: [folder.path])
        let xml = report.junitXML()
        #expect(xml == report.junitXML())
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"policycheck\" tests=\"3\" failures=\"1\" errors=\"1\" time=\"0\">\n"))
        #expect(xml.contains("<testsuite name=\"policycheck\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\" time=\"0\">"))
        #expect(xml.contains("name=\"beta &lt;b&gt; &amp; &quot;c&quot;\""))
        #expect(xml.contains("-scenario: &lt;old&gt; &amp; \"stale\""))

        let parsed = try JUnitStructure(xml)
        #expect(parsed.testcases.count == 3)
        #expect(parsed.testcases.map(\.name) == ["alpha", "broken", "beta <b> & \"c\""])
        #expect(parsed.testcases.map(\.outcome) == ["failure", "error", "pass"])
        let failure = try #require(parsed.testcases.first)
        #expect(failure.classname == folder.path.split(separator: "/").joined(separator: "."))
        #expect(failure.message == "the trace differs from \(folder.path)/alpha.golden")
        #expect(failure.text.contains("-scenario: <old> & \"stale\"\n+scenario: alpha\n"))
        #expect(parsed.testcases[1].message == "\(folder.path)/broken.scenario.yaml:3:7: error: 'seed' must be a whole number from 0 to 18446744073709551615, not 'x'")
    }
}

/// The parts of a JUnit document the tests look at, read with Foundation's XMLParser (which
/// fails on anything that is not well-formed).
private struct JUnitStructure {
    struct TestCase {
        var classname = ""
        var name = ""
        var outcome = "pass"
        var message = ""
        var text = ""
    }

    var testcases: [TestCase] = []

    init(_ xml: String) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        testcases = delegate.testcases
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var testcases: [TestCase] = []
        var inBody = false

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch elementName {
            case "testcase":
                testcases.append(TestCase(classname: attributes["classname"] ?? "", name: attributes["name"] ?? ""))
            case "failure", "error":
                testcases[testcases.count - 1].outcome = elementName
                testcases[testcases.count - 1].message = attributes["message"] ?? ""
                inBody = true
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if elementName == "failure" || elementName == "error" { inBody = false }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inBody { testcases[testcases.count - 1].text += string }
        }
    }
}
