import Foundation
import Testing

/// `lint DIR`, `effective`, `run --service` and `scaffold` → `test --update` → `test` on the
/// fixture trees (Fixtures/apiops), run through the built binary.
@Suite struct APIOpsCommandTests {
    @Test func lintOfATreeNamesFilesRelativeToTheFolderGiven() throws {
        let result = try CLIRunner.run(["lint", "Fixtures/apiops/faults"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("apimartifacts/policy.xml:3:3: error: '<base/>' in the global (All APIs) policy: there is no broader scope, and APIM refuses to save it [base-global]\n"))
        #expect(result.stdout.contains("apimartifacts/apis/shop/policy.xml:5:34: error: no fragment 'stmap' in the tree's policy fragments; did you mean 'stamp'? [fragment-unknown]\n"))
        #expect(result.stdout.hasSuffix("10 errors, 1 warning in 10 files\n"))
        let clean = try CLIRunner.run(["lint", "Fixtures/apiops/demo"])
        #expect(clean.status == 0)
        // The expected effective policy (expected/*.xml) lies outside the tree and is linted alone.
        #expect(clean.stdout == "0 errors, 0 warnings in 10 files\n")
    }

    @Test func lintOfATreeInJSONAndSARIF() throws {
        let json = try CLIRunner.run(["lint", "--format", "json", "Fixtures/apiops/faults"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"file\": \"apimartifacts/apis/shop/operations/list-items/policy.xml\""))
        let sarif = try CLIRunner.run(["lint", "--format", "sarif", "Fixtures/apiops/faults"])
        #expect(sarif.stdout.contains("\"uri\": \"apimartifacts/policy.xml\""))
        #expect(sarif.stdout.contains("\"id\": \"base-global\""))
    }

    @Test func lintWithAnEnvironment() throws {
        let result = try CLIRunner.run(["lint", "Fixtures/apiops/demo", "--environment", "Fixtures/apiops/demo/configuration.prod.yaml"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("apimartifacts/apis/inventory-api/policy.xml:4:121: error: named value 'partner-secret' has no value in configuration.prod.yaml"))
        let notATree = try CLIRunner.run(["lint", "Fixtures/lint/problems.xml", "--environment", "Fixtures/apiops/demo/configuration.prod.yaml"])
        #expect(notATree.status == 2)
        #expect(notATree.stderr.contains("--environment applies to APIOps trees"))
    }

    @Test func effectiveMatchesTheExpectedFile() throws {
        let result = try CLIRunner.run(["effective", "Fixtures/apiops/demo", "--api", "orders-api", "--operation", "create-order"])
        #expect(result.status == 0)
        let expected = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Fixtures/apiops/demo/expected/create-order.effective.xml"), encoding: .utf8)
        #expect(result.stdout == expected)
        let json = try CLIRunner.run(["effective", "Fixtures/apiops/demo", "--api", "orders-api", "--operation", "create-order", "--format", "json"])
        #expect(json.stdout.contains(#"{ "policy": "rate-limit-by-key", "scope": "product", "file": "apimartifacts/products/demo-pro/policy.xml", "line": 4,"#))
    }

    @Test func effectiveNamesWhatIsWrong() throws {
        let unknown = try CLIRunner.run(["effective", "Fixtures/apiops/demo", "--api", "orders", "--operation", "x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "policycheck: error: no API 'orders' in the tree (APIs: inventory-api, orders-api, orders-api;rev=2, team-api)\n")
        let notATree = try CLIRunner.run(["effective", "Fixtures/lint", "--api", "a"])
        #expect(notATree.status == 2)
        #expect(notATree.stderr.contains("no APIOps artifacts folder here"))
    }

    @Test func runThroughTheTreeFromTheCommandLine() throws {
        let result = try CLIRunner.run(["run", "--service", "Fixtures/apiops/demo", "--scenario", "Fixtures/apiops/demo/tests/by-route.scenario.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("GET https://orders-next.internal.example/42 → 200"))
        #expect(result.stdout.contains("no route: no API of the tree has a path that /nowhere/at/all starts with"))
        let named = try CLIRunner.run(["run", "--service", "Fixtures/apiops/demo", "--api", "orders-api", "--operation", "get-order",
                                       "--scenario", "Fixtures/apiops/demo/tests/by-route.scenario.yaml", "--environment", "Fixtures/apiops/demo/configuration.prod.yaml"])
        #expect(named.status == 0)
        #expect(named.stdout.contains("request header X-Order-Id override: \"42\""))
    }

    @Test func scaffoldThenUpdateThenTestGivesPassingGoldenTests() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tree = CLIRunner.packageRoot.appendingPathComponent("Fixtures/apiops/demo").path
        let scaffold = try CLIRunner.run(["scaffold", tree, "--out", folder.path])
        #expect(scaffold.status == 0, "\(scaffold.stderr)")
        #expect(scaffold.stdout.contains("8 scenarios written, 0 kept, 0 operations skipped\n"))
        let update = try CLIRunner.run(["test", folder.path, "--update"])
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        let test = try CLIRunner.run(["test", folder.path])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.contains("8 passed"))
        // A second scaffold keeps what is there.
        let again = try CLIRunner.run(["scaffold", tree, "--out", folder.path])
        #expect(again.stdout.contains("0 scenarios written, 8 kept"))
    }

    @Test func theTreesGoldenTestsPassWithCoverageOfEveryScope() throws {
        let result = try CLIRunner.run(["test", "Fixtures/apiops/demo/tests", "--coverage"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("2 passed, 0 failed"))
        // Coverage counts the documents of every routed operation, once each.
        #expect(result.stdout.contains("  apimartifacts/apis/orders-api/operations/get-order/policy.xml: "))
        #expect(result.stdout.contains("  apimartifacts/workspaces/team-a/policy.xml: "))
    }

    @Test func testOfATreeWithoutScenariosPointsAtScaffold() throws {
        let result = try CLIRunner.run(["test", "Fixtures/apiops/faults"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("Fixtures/apiops/faults holds an APIOps tree: `policycheck scaffold Fixtures/apiops/faults --out tests/apim` writes a scenario per operation"))
    }

    @Test func scaffoldNeverWritesThroughALink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-scaffold-\(UUID().uuidString)")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-outside-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: outside)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("orders-api").path, withDestinationPath: outside.path)
        let tree = CLIRunner.packageRoot.appendingPathComponent("Fixtures/apiops/demo").path
        let result = try CLIRunner.run(["scaffold", tree, "--api", "orders-api", "--out", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is a symbolic link; policycheck writes only into real folders"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }
}
