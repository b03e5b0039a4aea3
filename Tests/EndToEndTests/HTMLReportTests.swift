import Foundation
import Testing

/// `run --report` and `test --report`: the HTML report, rendered in headless Chromium (Debian's
/// `chromium`, which `.ci/run` installs), its numbers read back from the DOM against the JSON summary.
/// Debian's `chromium` (or another Chromium on PATH); nil where none is installed.
enum Chromium {
    static let binary: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in ["/usr/bin"] + path.split(separator: ":").map(String.init) {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }()
}

@Suite struct HTMLReportTests {

    private func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func chromium(_ arguments: [String], in folder: URL) throws -> CLIRunner.Result {
        let browser = try #require(Chromium.binary)
        return try CLIRunner.run(executable: browser, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                      "--user-data-dir=\(folder.appendingPathComponent("profile").path)"] + arguments, in: folder)
    }

    /// Every match of `pattern`'s first capture groups in `text`.
    private func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
        }
    }

    @Test(.enabled(if: Chromium.binary != nil, "Chromium is not installed here (Debian: apt-get install -y chromium; .ci/run does it)"))
    func theBundledExampleRendersInChromiumWithTheSummaryNumbers() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder.appendingPathComponent("profile")) }
        let scenario = "Policies/openai-pool/pool.scenario.yaml"
        let html = folder.appendingPathComponent("pool.html")
        let run = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "summary", "--report", html.path])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "summary", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])

        // The DOM as Chromium built it (not the file's text).
        let dump = try chromium(["--dump-dom", html.absoluteString], in: folder)
        #expect(dump.status == 0, "\(dump.stderr)")
        let dom = dump.stdout
        #expect(dom.contains("<svg class=\"timeline\""))

        let backends = try #require(summary["backends"] as? [[String: Any]])
        let calls = try matches(#"<tr data-backend="([^"]+)" data-calls="(\d+)""#, in: dom)
        #expect(calls.map { $0[0] } == backends.map { $0["id"] as? String ?? "" })
        #expect(calls.map { Int($0[1]) } == backends.map { $0["calls"] as? Int })
        #expect(backends.count == 2)

        let circuits = try #require(summary["circuits"] as? [[String: Any]])
        let bands = try matches(#"class="open-band" data-backend="([^"]+)" data-from-ms="(\d+)" data-until-ms="(\d+)""#, in: dom)
        #expect(circuits.count == 1)
        #expect(bands.map { $0[0] } == circuits.map { $0["backend"] as? String ?? "" })
        #expect(bands.map { Int($0[1]) } == circuits.map { $0["openedAtMs"] as? Int })
        #expect(bands.map { Int($0[2]) } == circuits.map { $0["openUntilMs"] as? Int })

        let statuses = try #require(summary["statuses"] as? [String: Int])
        let counts = try matches(#"<tr data-status="(\d+)" data-count="(\d+)""#, in: dom)
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0[0], Int($0[1])!) }) == statuses)
        let requests = try matches(#"<details id="run-r(\d+)""#, in: dom)
        #expect(requests.count == summary["requests"] as? Int)
        // The table's first requests were simulated in full even at --trace summary: their headers are there.
        #expect(dom.contains("<td><code>00-"), "attempts carry their traceparent")
        #expect(dom.contains("traceparent: 00-"))

        // A person looks at this: wide and narrow.
        let screenshot = folder.appendingPathComponent("pool.png")
        let shot = try chromium(["--screenshot=\(screenshot.path)", "--window-size=1280,1800", html.absoluteString], in: folder)
        #expect(shot.status == 0, "\(shot.stderr)")
        let narrow = folder.appendingPathComponent("pool-narrow.png")
        _ = try chromium(["--screenshot=\(narrow.path)", "--window-size=420,1400", html.absoluteString], in: folder)
        for file in [screenshot, narrow] {
            let png = try Data(contentsOf: file)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(png.count > 20_000, "\(file.path) is \(png.count) bytes")
        }
        print("HTML report screenshots: \(screenshot.path), \(narrow.path)")
    }

    @Test func theReportIsSelfContainedAndNeedsNoScript() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("pool.html")
        let run = try CLIRunner.run(["run", "--scenario", "Policies/openai-pool/pool.scenario.yaml", "--trace", "summary", "--report", html.path])
        #expect(run.status == 0)
        let text = try String(contentsOf: html, encoding: .utf8)
        #expect(!text.contains("<script"))
        #expect(try matches(#"(?:src|href)="(https?:)"#, in: text).isEmpty)
        #expect(text.contains("default-src 'none'"))
        // Expanding uses <details>; a status is told by text and pattern, not colour alone.
        #expect(text.contains("<details id=\"run-r1\""))
        #expect(text.contains("url(#p4xx)"))
        #expect(text.contains("4xx (stripes)"))
    }

    @Test func aTestReportHasOneSectionPerScenarioWithGoldenDiffsAndCoverage() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<policies><inbound><choose><when condition=\"@(context.Request.Method == &quot;POST&quot;)\"><return-response><set-status code=\"201\" reason=\"Created\" /></return-response></when></choose><return-response><set-status code=\"204\" reason=\"No Content\" /></return-response></inbound></policies>"
            .write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nrequests:\n  - GET https://a.example/\n".write(to: folder.appendingPathComponent("good.scenario.yaml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nrequests:\n  - GET https://a.example/\n".write(to: folder.appendingPathComponent("bad.scenario.yaml"), atomically: true, encoding: .utf8)
        _ = try CLIRunner.run(["test", "--update", "."], in: folder)
        let golden = folder.appendingPathComponent("bad.golden")
        let changed = try String(contentsOf: golden, encoding: .utf8).replacingOccurrences(of: "204 No Content", with: "200 OK")
        try changed.write(to: golden, atomically: true, encoding: .utf8)

        let result = try CLIRunner.run(["test", ".", "--coverage", "--report", "r.html"], in: folder)
        #expect(result.status == 1)
        let text = try String(contentsOf: folder.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(text.contains("data-passed=\"1\" data-failed=\"1\""))
        #expect(try matches(#"<section class="scenario" id="s\d" data-outcome="(\w+)""#, in: text).map { $0[0] } == ["failed", "passed"])
        #expect(text.contains("<del>-  response: 200 OK</del>"), "\(text)")
        #expect(text.contains("<ins>+  response: 204 No Content</ins>"))
        #expect(text.contains("<section id=\"coverage\">"))
        #expect(text.contains("data-document=\"p.xml\""))
        // Without --coverage there is no coverage table.
        _ = try CLIRunner.run(["test", ".", "--report", "plain.html"], in: folder)
        #expect(!(try String(contentsOf: folder.appendingPathComponent("plain.html"), encoding: .utf8)).contains("id=\"coverage\""))
    }

    @Test func aReportThatCannotBeWrittenIsExitTwoAndLeavesNoFile() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = CLIRunner.packageRoot.appendingPathComponent("Policies/openai-pool/pool.scenario.yaml").path
        let intoFolder = try CLIRunner.run(["run", "--scenario", scenario, "--report", "."], in: folder)
        #expect(intoFolder.status == 2)
        #expect(intoFolder.stdout.isEmpty)
        #expect(intoFolder.stderr.contains(".: is a folder; give a file name for the HTML report"), "\(intoFolder.stderr)")

        let missing = try CLIRunner.run(["run", "--scenario", scenario, "--report", "no/such/r.html"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/r.html: cannot write the HTML report: the folder 'no/such' does not exist"), "\(missing.stderr)")

        let unwritable = try CLIRunner.run(["test", "--report", "/proc/policycheck-report.html", CLIRunner.packageRoot.appendingPathComponent("Policies").path], in: folder)
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.contains("/proc/policycheck-report.html: cannot write the HTML report"), "\(unwritable.stderr)")

        // A scenario that stops half-way (a call nothing answers) leaves no report claiming success.
        try "<policies><inbound /><backend><forward-request /></backend><outbound /></policies>".write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try "policy: p.xml\nrequests:\n  - GET https://a.example/ok\n  - GET https://a.example/other\nresponses:\n  a.example:\n    - when: { path: /ok }\n      status: 200\n"
            .write(to: folder.appendingPathComponent("s.scenario.yaml"), atomically: true, encoding: .utf8)
        let broken = try CLIRunner.run(["run", "--scenario", "s.scenario.yaml", "--report", "r.html"], in: folder)
        #expect(broken.status == 2, "\(broken.stdout)")
        #expect(broken.stderr.contains("no scripted response answers the call to 'a.example'"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.html").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("policycheck-") }
        #expect(leftovers.isEmpty)

        let level = try CLIRunner.run(["run", "--scenario", scenario, "--trace", "verbose"], in: folder)
        #expect(level.status != 0)
        #expect(level.stderr.contains("'verbose'"), "\(level.stderr)")
    }
}
