import Foundation
import PolicyRuntime
import PolicySource

/// Runs a scenario: the simulator by default; tests inject their own.
public typealias ScenarioRunFunction = @Sendable (Scenario) throws(ScenarioError) -> RunTrace

/// The default runner: the simulated gateway.
public let simulatedGateway: ScenarioRunFunction = { (scenario: Scenario) throws(ScenarioError) -> RunTrace in
    try ScenarioRunner().run(scenario)
}

/// The simulated gateway recording which policies and branches ran (`RunTrace.coverage`).
public let simulatedGatewayRecordingCoverage: ScenarioRunFunction = { (scenario: Scenario) throws(ScenarioError) -> RunTrace in
    try ScenarioRunner(recordsCoverage: true).run(scenario)
}

/// `policycheck test` (contracts.md, "Golden tests"): finds every `*.scenario.yaml` below the
/// given paths, runs each, and compares its text trace with `<name>.golden` beside it, where
/// `<name>` is the file name without `.scenario.yaml`. Expectations (`expect:`) are checked too.
public struct GoldenTestRunner: Sendable {
    /// The file suffix of scenarios.
    public static let scenarioSuffix = ".scenario.yaml"
    /// The file suffix of golden files.
    public static let goldenSuffix = ".golden"

    private let runScenario: ScenarioRunFunction
    /// `--environment`: applied to every scenario that runs through an APIOps tree (`service:`).
    public var environment: String?

    /// `run` runs one loaded scenario; the default is the simulated gateway.
    public init(run: @escaping ScenarioRunFunction = simulatedGateway) {
        self.runScenario = run
    }

    /// The scenario files below `paths` (default: the current folder): a file is taken as given,
    /// a folder is searched recursively (hidden files and folders skipped), sorted within each path.
    /// Paths that do not exist are returned in `missing`; a link that loops or points nowhere, or
    /// a folder that cannot be listed, in `problems`.
    public static func discover(_ paths: [String]) -> (files: [String], missing: [String], problems: [InputError]) {
        var files: [String] = []
        var missing: [String] = []
        var problems: [InputError] = []
        for path in paths.isEmpty ? ["."] : paths {
            switch FileTree.kind(path) {
            case .file, .other:
                files.append(path)
            case .folder:
                do {
                    files += try FileTree.files(in: path, suffix: scenarioSuffix).map { found in
                        var cleaned = found
                        while cleaned.hasPrefix("./") { cleaned.removeFirst(2) }
                        return cleaned
                    }
                } catch {
                    problems.append(error)
                }
            case .missing:
                missing.append(path)
            case .loop:
                problems.append(InputError("\(path): symbolic links loop"))
            case .dangling:
                problems.append(InputError("\(path): a symbolic link to nothing (it points to a missing file)"))
            }
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0).inserted }, missing, problems)
    }

    /// The golden file of a scenario file: beside it, named `<name>.golden`.
    public static func goldenPath(ofScenario path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = ScenarioLoader.defaultName(ofFile: path) + goldenSuffix
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }

    /// Runs every scenario below `paths`. `update` writes the golden files instead of comparing;
    /// `filter` keeps only scenarios whose path or name contains the text.
    public func run(paths: [String] = [], update: Bool = false, filter: String? = nil) -> GoldenTestReport {
        let (files, missing, problems) = Self.discover(paths)
        var report = GoldenTestReport()
        report.problems = missing.map { "\($0): no such file or folder" } + problems.map(\.message)
        for file in files {
            if let filter, !filter.isEmpty, !file.contains(filter) {
                // The name may still match once the scenario is read.
                guard let scenario = try? ScenarioLoader.load(path: file), scenario.name.contains(filter) else { continue }
            }
            report.results.append(runOne(file, update: update))
        }
        if files.isEmpty, missing.isEmpty, problems.isEmpty {
            var problem = "no *\(Self.scenarioSuffix) files found under \((paths.isEmpty ? ["."] : paths).joined(separator: ", "))"
            if let tree = (paths.isEmpty ? ["."] : paths).first(where: { FileTree.kind($0) == .folder && !ServiceTreeLoader.find(in: $0).isEmpty }) {
                problem += "; \(tree) holds an APIOps tree: `policycheck scaffold \(tree) --out tests/apim` writes a scenario per operation"
            }
            report.problems.append(problem)
        }
        return report
    }

    /// Runs one scenario file and compares (or writes) its golden file.
    public func runOne(_ path: String, update: Bool = false) -> GoldenTestResult {
        let golden = Self.goldenPath(ofScenario: path)
        var result = GoldenTestResult(scenarioPath: path, goldenPath: golden, name: ScenarioLoader.defaultName(ofFile: path))
        let scenario: Scenario
        let trace: RunTrace
        do {
            scenario = try ScenarioLoader.load(path: path, environment: environment)
            result.name = scenario.name
            trace = try runScenario(scenario)
        } catch {
            result.outcome = .error
            result.message = error.description
            return result
        }
        result.coverage = trace.coverage
        result.trace = trace
        let folder = (path as NSString).deletingLastPathComponent
        let actual = TraceFormatter.text(trace, pathBase: folder)
        if let failures = ExpectationChecker.check(scenario, trace: trace) {
            result.expectationFailures = failures
        }
        let existing: String?
        do {
            existing = try FileWriting.readGolden(golden)
        } catch {
            result.outcome = .error
            result.message = error.description
            return result
        }
        let expected = existing.map { $0.replacingOccurrences(of: "\r\n", with: "\n") }
        if update {
            if expected != actual {
                do {
                    try FileWriting.writeGolden(actual, to: golden)
                } catch {
                    result.outcome = .error
                    result.message = error.description
                    return result
                }
                result.goldenChange = existing == nil ? .created : .updated
            }
        } else if let expected {
            if expected != actual {
                result.diff = UnifiedDiff.diff(old: expected, new: actual, oldName: golden, newName: "\(path) (actual)")
            }
        } else {
            result.message = "no golden file \(golden); run with --update to create it"
        }
        result.outcome = result.diff == nil && result.message == nil && result.expectationFailures.isEmpty ? .passed : .failed
        return result
    }
}

/// What happened to one scenario.
public struct GoldenTestResult: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// The trace matched (or was written, with `update`) and every expectation held.
        case passed
        /// The trace differed, the golden file is missing, or an expectation failed.
        case failed
        /// The scenario could not be read or run.
        case error
    }

    /// What `update` did to the golden file.
    public enum GoldenChange: String, Sendable, Hashable {
        case created, updated
    }

    /// The scenario file, as discovered.
    public var scenarioPath: String
    /// Its golden file.
    public var goldenPath: String
    /// The scenario's `name:` (its file name when it could not be read).
    public var name: String
    public var outcome: Outcome = .passed
    /// The unified diff from the golden file to the actual trace, on a mismatch.
    public var diff: String?
    /// Failed `expect:` entries.
    public var expectationFailures: [String] = []
    /// Why the scenario failed otherwise (missing golden file) or could not run (the `ScenarioError`).
    public var message: String?
    /// With `update`: whether the golden file was created or changed (nil: unchanged).
    public var goldenChange: GoldenChange?
    /// Which policies and branches the scenario ran, when the runner records coverage.
    public var coverage: PolicyCoverage?
    /// The trace that was compared (kept for `--report`); nil when the scenario could not run.
    public var trace: RunTrace?
    /// The run's headline numbers (nil when the scenario could not run).
    public var summary: RunSummary? {
        trace.map { trace in
            var summary = RunSummary(backends: trace.backends)
            for request in trace.requests { summary.add(request) }
            return summary
        }
    }

    public init(scenarioPath: String, goldenPath: String, name: String) {
        self.scenarioPath = scenarioPath
        self.goldenPath = goldenPath
        self.name = name
    }

    /// Everything that went wrong, readable: message, expectation failures, then the diff.
    public var failureText: String {
        var parts: [String] = []
        if let message { parts.append(message) }
        parts += expectationFailures.map { "expectation failed: \($0)" }
        var text = parts.map { $0 + "\n" }.joined()
        if let diff { text += diff }
        return text
    }
}

/// The outcome of `policycheck test`.
public struct GoldenTestReport: Sendable, Hashable {
    /// One per scenario run, in discovery order.
    public var results: [GoldenTestResult] = []
    /// Problems with the arguments: a path that does not exist, nothing found.
    public var problems: [String] = []

    public init() {}

    /// The coverage of every scenario that ran, merged per document (paths normalised); nil
    /// when the runner did not record coverage.
    public var coverage: PolicyCoverage? {
        let runs = results.compactMap(\.coverage)
        guard !runs.isEmpty else { return nil }
        return runs.reduce(PolicyCoverage()) { $0.merged(with: $1) }.normalizingPaths()
    }

    public var passed: Int { results.filter { $0.outcome == .passed }.count }
    public var failed: Int { results.filter { $0.outcome == .failed }.count }
    public var errors: Int { results.filter { $0.outcome == .error }.count }

    /// 0 all passed; 1 a scenario failed or could not run; 2 nothing could be run at all (a path
    /// that does not exist, no scenario found, or no scenario could be read).
    public var exitStatus: Int32 {
        if !problems.isEmpty || results.isEmpty || errors == results.count { return 2 }
        return failed + errors > 0 ? 1 : 0
    }

    /// `3 passed, 1 failed`, plus how many could not run and how many golden files were written.
    public var summary: String {
        var text = "\(passed) passed, \(failed + errors) failed"
        if errors > 0 { text += " (\(errors) could not run)" }
        let created = results.filter { $0.goldenChange == .created }.count
        let updated = results.filter { $0.goldenChange == .updated }.count
        if created + updated > 0 {
            text += "; golden files: \(created) created, \(updated) updated"
        }
        return text
    }

    /// The readable report: one line per scenario (`PASS`, `FAIL`, `ERROR`), failures and diffs
    /// indented under it, problems, then the summary line.
    public var text: String {
        var out = ""
        for result in results {
            let tag: String
            switch result.outcome {
            case .passed: tag = "PASS "
            case .failed: tag = "FAIL "
            case .error: tag = "ERROR"
            }
            var line = "\(tag) \(result.scenarioPath)"
            if result.name != ScenarioLoader.defaultName(ofFile: result.scenarioPath) { line += " (\(result.name))" }
            if let summary = result.summary { line += "  [\(SummaryFormatter.headline(summary))]" }
            if let change = result.goldenChange { line += " — \(change.rawValue) \(result.goldenPath)" }
            out += line + "\n"
            if result.outcome != .passed {
                for failureLine in result.failureText.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    out += "    " + failureLine + "\n"
                }
            }
        }
        for problem in problems { out += "error: \(problem)\n" }
        out += summary + "\n"
        return out
    }

    /// JUnit XML that Azure DevOps and GitHub can publish.
    public func junitXML() -> String {
        JUnitWriter.xml(self)
    }
}
