import Foundation
import Testing

/// Runs every golden scenario under `Fixtures/golden` through the built binary: each trace must
/// equal its recorded `.golden` file and every `expect:` must hold.
@Suite struct GoldenFixtureTests {
    @Test func everyGoldenScenarioPasses() throws {
        let result = try CLIRunner.run(["test", "Fixtures/golden"])
        let scenarios = try scenarioCount()
        #expect(scenarios > 0)
        #expect(result.status == 0, "policycheck test failed:\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(scenarios) passed, 0 failed"), "unexpected summary:\n\(result.stdout)")
    }

    @Test func goldenFilesHoldNoAbsolutePaths() throws {
        let root = CLIRunner.packageRoot.appendingPathComponent("Fixtures/golden")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "golden" } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains(CLIRunner.packageRoot.path), "\(file.lastPathComponent) holds an absolute path")
        }
    }

    private func scenarioCount() throws -> Int {
        let root = CLIRunner.packageRoot.appendingPathComponent("Fixtures/golden")
        return FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".scenario.yaml") }.count ?? 0
    }
}
