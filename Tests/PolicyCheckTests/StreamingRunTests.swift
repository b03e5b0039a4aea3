import PolicyCheck
import PolicySource
import Testing

/// `policycheck run` streams (`ScenarioRun.stream`): its pieces must add up to exactly what the
/// whole-trace forms print, for every scenario the repository has.
@Suite struct StreamingRunTests {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static let scenarios: [String] = (try? InputFiles.policyFiles([root + "/Fixtures/golden", root + "/Policies"], suffix: ".scenario.yaml")) ?? []

    @Test func thereAreScenariosToCompare() {
        #expect(Self.scenarios.count > 20)
    }

    @Test func streamedTextAndJSONEqualTheWholeTrace() throws {
        var compared = 0
        for path in Self.scenarios {
            guard let whole = try? ScenarioRun.run(path: path) else { continue }
            var text = ""
            let textStatus = try ScenarioRun.stream(path: path, json: false) { text += $0 }
            var json = ""
            let jsonStatus = try ScenarioRun.stream(path: path, json: true) { json += $0 }
            #expect(text == whole.text, "\(path)")
            #expect(json == whole.json, "\(path)")
            #expect(textStatus == whole.exitStatus && jsonStatus == whole.exitStatus, "\(path)")
            compared += 1
        }
        #expect(compared > 20)
    }
}
