import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

/// APIOps trees (Docs/apiops.md) read as one service, on the fixture trees in Fixtures/apiops.
@Suite struct APIOpsTreeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let demo = root + "/Fixtures/apiops/demo"
    static let faults = root + "/Fixtures/apiops/faults"

    static func lint(_ path: String, environment: String? = nil) throws -> [Diagnostic] {
        var found: [Diagnostic] = []
        try LintSession(paths: [path], environmentPath: environment).run { found += $0.diagnostics }
        return found
    }

    static func text(_ diagnostics: [Diagnostic], rule: String) -> [String] {
        diagnostics.filter { $0.rule == rule }.map { "\($0.location.path):\($0.location.line):\($0.location.column)" }
    }

    @Test func findsTheArtifactsFolderBelowTheFolderGiven() {
        #expect(ServiceTreeLoader.find(in: Self.demo) == [Self.demo + "/apimartifacts"])
        #expect(ServiceTreeLoader.isArtifactsFolder(Self.demo + "/apimartifacts"))
        #expect(!ServiceTreeLoader.isArtifactsFolder(Self.root + "/Fixtures/lint"))
    }

    @Test func readsEveryPartOfTheDemoTree() throws {
        let tree = ServiceTreeLoader.load(root: Self.demo + "/apimartifacts")
        #expect(tree.problems.isEmpty)
        #expect(tree.service.policy?.display == "policy.xml")
        #expect(tree.service.apis.map(\.folder) == ["inventory-api", "orders-api", "orders-api;rev=2"])
        let orders = try #require(tree.service.apis.first { $0.folder == "orders-api" })
        #expect(orders.operations.map(\.name) == ["create-order", "get-order", "search-orders"])
        #expect(orders.operations.map { $0.method ?? "" } == ["POST", "GET", "GET"])
        #expect(orders.operations.map { $0.urlTemplate ?? "" } == ["/", "/{orderId}", "/search"])
        let revision = try #require(tree.service.apis.first { $0.folder == "orders-api;rev=2" })
        #expect(revision.name == "orders-api" && revision.revision == "2" && !revision.isCurrent)
        // v6 link (products/demo-pro/apis/orders-api/) and v5 link (products/basic/apis.json).
        #expect(tree.service.products.map { "\($0.name): \($0.apis)" } == ["basic: [\"inventory-api\"]", "demo-pro: [\"orders-api\"]"])
        #expect(tree.service.fragments.keys.sorted() == ["add-correlation"])
        #expect(tree.service.namedValues.map { "\($0.name)=\($0.displayName) \($0.value ?? "<unknown>")" }
                    == ["backend-key-nv=backend-key dev-key-123", "partner-secret=partner-secret <unknown>"])
        #expect(tree.service.backends.map(\.id) == ["orders-east", "orders-pool", "orders-west"])
        #expect(tree.service.versionSets["orders-versions"]?.scheme == "Segment")
        #expect(tree.workspaces.map(\.name) == ["team-a"])
        #expect(tree.workspaces.first?.level.apis.map(\.folder) == ["team-api"])
    }

    @Test func theDemoTreeLintsCleanAsOneService() throws {
        let findings = try Self.lint(Self.demo)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func seededFaultsAreReportedAtTheirFileAndLine() throws {
        let findings = try Self.lint(Self.faults)
        #expect(Self.text(findings, rule: "base-global") == ["apimartifacts/policy.xml:3:3"])
        #expect(Self.text(findings, rule: "fragment-unknown") == ["apimartifacts/apis/shop/policy.xml:5:34"])
        #expect(Self.text(findings, rule: "named-value-undefined") == ["apimartifacts/apis/shop/policy.xml:7:22"])
        #expect(Self.text(findings, rule: "backend-unknown") == ["apimartifacts/apis/shop/operations/list-items/policy.xml:3:36"])
        #expect(Self.text(findings, rule: "fragment-structure") == ["apimartifacts/policy fragments/with-base/policy.xml:2:2"])
        #expect(Self.text(findings, rule: "base-missing") == ["apimartifacts/apis/shop/operations/list-items/policy.xml:2:2"])
        let messages = findings.filter { $0.rule == "fragment-unknown" || $0.rule == "named-value-undefined" || $0.rule == "backend-unknown" }.map(\.message)
        #expect(messages == [
            "no fragment 'stmap' in the tree's policy fragments; did you mean 'stamp'?",
            "named value 'regoin' is not defined in the tree's named values; did you mean 'region'?",
            "no backend 'shop-backnd' in the tree's backends; did you mean 'shop-backend'?",
        ])
    }

    @Test func brokenTreeInputsAreClearErrorsNamingTheFile() throws {
        let findings = try Self.lint(Self.faults).filter { $0.rule == "apiops-tree" }
        let lines = findings.map { "\($0.location.path):\($0.location.line): \($0.message)" }
        #expect(lines.contains("apimartifacts/apis/broken-api/apiInformation.json:6: invalid JSON: did not find expected ',' or '}' (while parsing a flow mapping at line 1, column 1)"))
        #expect(lines.contains("apimartifacts/policy fragments/empty-fragment:1: fragment folder 'empty-fragment' has no policy.xml: every include of 'empty-fragment' fails"))
        #expect(lines.contains("apimartifacts/products/p1/apis.json:3: product 'p1' links API 'ghost-api', which the tree does not hold (no apis/ghost-api/)"))
        #expect(lines.contains { $0.hasPrefix("apimartifacts/apis/no-spec-api/apiInformation.json:1: API 'no-spec-api' has no specification") })
        #expect(findings.allSatisfy { $0.severity == .error })
    }

    @Test func liquidTemplatesAreNotNamedValues() throws {
        // inventory-api's Liquid body holds {{body.count}} and {{context…}}: no finding.
        let findings = try Self.lint(Self.demo)
        #expect(Self.text(findings, rule: "named-value-undefined").isEmpty)
    }

    @Test func anEnvironmentWithoutASecretsValueIsAnErrorThere() throws {
        let prod = try Self.lint(Self.demo, environment: Self.demo + "/configuration.prod.yaml")
        #expect(Self.text(prod, rule: "named-value-environment") == ["apimartifacts/apis/inventory-api/policy.xml:4:121"])
        #expect(prod.first { $0.rule == "named-value-environment" }?.message
                    == "named value 'partner-secret' has no value in configuration.prod.yaml: it is a secret the extract does not hold, and the environment file does not give it")
        let staging = try Self.lint(Self.demo, environment: Self.demo + "/configuration.staging.yaml")
        #expect(Self.text(staging, rule: "named-value-environment").isEmpty)
        #expect(staging.filter { $0.rule == "environment-unknown" }.map(\.message)
                    == ["configuration.staging.yaml overrides named value 'partner-secert', which the tree does not hold"])
    }

    @Test func theOldFlagsAcceptTheTreesFolders() throws {
        let tree = Self.demo + "/apimartifacts"
        #expect(try InputFiles.fragments(tree + "/policy fragments").keys.sorted() == ["add-correlation"])
        #expect(try InputFiles.namedValueNames(tree + "/named values") == ["backend-key", "backend-key-nv", "partner-secret"])
        #expect(try InputFiles.namedValues(tree + "/named values") == ["backend-key": "dev-key-123", "backend-key-nv": "dev-key-123"])
        var ids: [String] = []
        var diagnostics: [Diagnostic] = []
        try LintSession(paths: [tree + "/apis/orders-api/policy.xml"], namedValuesPath: tree + "/named values",
                        fragmentsPath: tree + "/policy fragments", backendsPath: tree + "/backends").run { diagnostics += $0.diagnostics; ids.append($0.path) }
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let single = try BackendLoaderProxy.ids(tree + "/backends/orders-east/backendInformation.json")
        #expect(single == ["orders-east"])
    }

    @Test func effectivePolicyOfAFourScopeOperationMatchesTheExpectedFile() throws {
        let selection = ServiceSelection(path: Self.demo)
        let tree = try selection.loadTree()
        let target = try ServiceRouter.target(tree, api: "orders-api", operation: "create-order", product: nil)
        #expect(target.documents.map(\.scope) == [.global, .product, .api, .operation])
        let expected = try String(contentsOfFile: Self.demo + "/expected/create-order.effective.xml", encoding: .utf8)
        #expect(try EffectivePolicy.compose(target).xml == expected)
    }

    @Test func anAPIInSeveralProductsNeedsAProduct() throws {
        var tree = try ServiceSelection(path: Self.demo).loadTree()
        tree.service.products[0].apis.append("orders-api")
        #expect(throws: InputError.self) { try ServiceRouter.target(tree, api: "orders-api", operation: nil, product: nil) }
        do {
            _ = try ServiceRouter.target(tree, api: "orders-api", operation: nil, product: nil)
        } catch {
            #expect(error.message == "API 'orders-api' is in 2 products (basic, demo-pro); choose one with --product (or product: in the scenario's service:)")
        }
        #expect(try ServiceRouter.target(tree, api: "orders-api", operation: nil, product: "basic").product?.name == "basic")
    }

    @Test func aRunByRouteGivesTheSameTraceAsNamingTheOperation() throws {
        let byRoute = try ScenarioRun.run(path: Self.demo + "/tests/by-route.scenario.yaml")
        let named = try ScenarioRun.run(path: Self.demo + "/tests/create-order.scenario.yaml")
        let first = try #require(byRoute.trace.requests.first)
        let only = try #require(named.trace.requests.first)
        #expect(TraceFormatter.text(first, number: 1, of: 1) == TraceFormatter.text(only, number: 1, of: 1))
        #expect(first.response.status == 201)
    }

    @Test func routingMatchesPathMethodRevisionAndVersion() throws {
        let run = try ScenarioRun.run(path: Self.demo + "/tests/by-route.scenario.yaml")
        let lines = run.trace.requests.map { request in
            "\(request.method) \(request.url) → \(request.response.status) \(request.attempts.first?.url ?? "-")"
        }
        #expect(lines == [
            "POST https://apim.example/orders/ → 201 https://orders-east.internal.example/",
            "GET https://apim.example/orders/42 → 200 https://orders-east.internal.example/42",
            "GET https://apim.example/orders;rev=2/42 → 200 https://orders-next.internal.example/42",
            "PUT https://apim.example/inventory/v2/items/AB-1 → 200 https://inventory.internal.example/items/AB-1",
            "GET https://apim.example/team/ping → 200 https://team.internal.example/ping",
            "GET https://apim.example/nowhere/at/all → 404 -",
            "DELETE https://apim.example/orders/42 → 404 -",
        ])
        #expect(run.trace.requests[5].response.body == "{ \"statusCode\": 404, \"message\": \"Resource not found\" }")
        // context.Request.MatchedParameters from the template.
        #expect(run.trace.requests[1].attempts.first?.headers.contains { $0.name == "X-Order-Id" && $0.value == "42" } == true)
    }

    @Test func theEnvironmentChangesWhatIsSimulated() throws {
        let prod = try ScenarioRun.run(path: Self.demo + "/tests/create-order.scenario.yaml") { _ in }
        #expect(prod.trace.requests[0].attempts[0].headers.contains { $0.name == "X-Backend-Key" && $0.value == "dev-key-123" })
        let scenario = try ScenarioLoader.load(path: Self.demo + "/tests/create-order.scenario.yaml", environment: Self.demo + "/configuration.prod.yaml")
        let trace = try simulatedGateway(scenario)
        let attempt = trace.requests[0].attempts[0]
        #expect(attempt.headers.contains { $0.name == "X-Backend-Key" && $0.value == "prod-key-789" })
        #expect(attempt.url == "https://orders-east.prod.example/")
    }

    @Test func scaffoldWritesOneScenarioPerOperation() throws {
        let tree = try ServiceSelection(path: Self.demo).loadTree()
        let scaffold = try ServiceScaffold.make(tree, treePath: "Fixtures/apiops/demo", api: "orders-api", out: "out", environment: nil)
        #expect(scaffold.files.map(\.path) == ["out/orders-api/create-order.scenario.yaml", "out/orders-api/get-order.scenario.yaml", "out/orders-api/search-orders.scenario.yaml"])
        let create = scaffold.files[0].text
        #expect(create.contains("service:\n  path: ../../Fixtures/apiops/demo\n  api: orders-api\n  operation: create-order\n  product: demo-pro\n"))
        #expect(create.contains("    url: https://apim.example/orders/\n"))
        #expect(create.contains("    body: '{\"item\":\"widget\",\"quantity\":3}'\n"))
        #expect(create.contains("responses:\n  orders-pool:\n"))
        #expect(scaffold.files[1].text.contains("    url: https://apim.example/orders/42\n"))
        #expect(scaffold.files[2].text.contains("    url: https://apim.example/orders/search?customer=contoso\n"))
    }
}

/// Hostile and odd trees: each problem is a finding naming the file, never a crash, hang or skip.
@Suite struct HostileAPIOpsTreeTests {
    func scratch() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-tree-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/apis/a", withIntermediateDirectories: true)
        try #"{ "properties": { "path": "a" } }"#.write(toFile: folder + "/apis/a/apiInformation.json", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func loopingAndDanglingLinksAreFindings() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/apis/loop", withDestinationPath: folder + "/apis/loop")
        try FileManager.default.createSymbolicLink(atPath: folder + "/apis/gone", withDestinationPath: folder + "/nowhere")
        let tree = ServiceTreeLoader.load(root: folder)
        let messages = tree.problems.map { "\($0.location.path): \($0.message)" }
        #expect(messages.contains("apis/loop: 'loop': symbolic links loop; it is not read"))
        #expect(messages.contains("apis/gone: 'gone': a symbolic link to nothing; it is not read"))
    }

    @Test func aFIFOInsteadOfAnInformationFileIsAFindingNotAHang() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/backends/b", withIntermediateDirectories: true)
        #expect(mkfifo(folder + "/backends/b/backendInformation.json", 0o644) == 0)
        let tree = ServiceTreeLoader.load(root: folder)
        #expect(tree.problems.contains { $0.message == "backend 'b': backendInformation.json is not a regular file (a FIFO, socket or device)" })
        // Linting the tree reports it and returns (reading the FIFO for an excerpt would wait forever).
        var messages: [String] = []
        try LintSession(paths: [folder]).run { messages += $0.diagnostics.map(\.message) }
        #expect(messages.contains("backend 'b': backendInformation.json is not a regular file (a FIFO, socket or device)"))
    }

    @Test func anExtractorConfigurationIsNotAnEnvironment() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "apiNames:\n  - a\nnamedValueNames: []\n".write(toFile: folder + "/configuration.extractor.yaml", atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try PublisherConfiguration.load(folder + "/configuration.extractor.yaml") }
        do {
            _ = try PublisherConfiguration.load(folder + "/configuration.extractor.yaml")
        } catch {
            #expect(error.location?.line == 1)
            #expect(error.message.hasPrefix("this is an extractor configuration (apiNames, namedValueNames choose what to extract)"))
        }
    }

    @Test func aHostileSpecificationIsAFindingAtItsLine() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...7).map { "\(Character(UnicodeScalar(97 + $0)!)): &\(Character(UnicodeScalar(97 + $0)!)) [*\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!)), *\(Character(UnicodeScalar(96 + $0)!))]" }.joined(separator: "\n") + "\n"
        try bomb.write(toFile: folder + "/apis/a/specification.yaml", atomically: true, encoding: .utf8)
        let tree = ServiceTreeLoader.load(root: folder)
        #expect(tree.problems.contains { $0.location.path == "apis/a/specification.yaml" && $0.message.contains("too large") }, "\(tree.problems)")
        let deep = String(repeating: "[", count: 5000)
        try deep.write(toFile: folder + "/apis/a/specification.yaml", atomically: true, encoding: .utf8)
        #expect(ServiceTreeLoader.load(root: folder).problems.contains { $0.message.contains("nests deeper than 200 levels") })
    }
}

/// The backend ids a `--backends` path defines.
enum BackendLoaderProxy {
    static func ids(_ path: String) throws -> [String] {
        var ids: [String] = []
        try LintSession(paths: [], backendsPath: path).run { _ in }
        let result = try PolicyProgram.backends(from: .file(path))
        ids = result.catalog.ids
        return ids
    }
}
