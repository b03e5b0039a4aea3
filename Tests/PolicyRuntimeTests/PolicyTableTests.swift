import Foundation
import PolicyModel
import Testing

@testable import PolicyRuntime

/// The policy table (`Pipeline/PolicyTable.swift`) against Docs/policies.md: a policy the docs call
/// simulated ("yes" or "partly") runs through its unit; one they call "no" gets the visible
/// "not simulated" warning, and nothing else does.
@Suite struct PolicyTableTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Docs/policies.md's row of each policy: its cells, by policy name.
    static let rows: [String: [String]] = {
        let text = (try? String(contentsOf: packageRoot.appendingPathComponent("Docs/policies.md"), encoding: .utf8)) ?? ""
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            rows[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells
        }
        return rows
    }()

    @Test(arguments: PolicyCatalog.standard.names)
    func tableMatchesTheSimulatedColumn(_ name: String) throws {
        let row = try #require(Self.rows[name], "Docs/policies.md has no row for \(name)")
        let simulated = try #require(row.count > 6 ? row[5] : nil)
        // The bare element in inbound: enough for the table to choose its entry (a missing attribute
        // may make the policy fail, which is the policy's own answer, not the table's).
        let trace = try run("<policies><inbound><\(name) /></inbound><backend /><outbound /><on-error /></policies>")
        let warnings = trace.requests.flatMap { $0.details(.warning) }
        let skipped = warnings.contains { $0.hasPrefix("'\(name)' is not simulated") }
        #expect(skipped == (simulated == "no"),
            "Docs/policies.md says \(name) is simulated: \(simulated); the run \(skipped ? "skipped it" : "ran it")")
    }

    @Test(arguments: PolicyCatalog.standard.names)
    func parsedColumnMatchesTheUnit(_ name: String) throws {
        let row = try #require(Self.rows[name])
        let unit = try #require(PolicyUnit.all.first { $0.spec.name == name })
        #expect(row[3] == (unit.isTyped ? "typed" : "generic"), "Docs/policies.md: \(name) is \(unit.isTyped ? "typed" : "generic")")
        // The Unit column names the model file that spells the policy's catalog entry.
        let model = Self.packageRoot.appendingPathComponent("Sources/PolicyModel/Policies/\(row[2]).swift")
        let text = (try? String(contentsOf: model, encoding: .utf8)) ?? ""
        #expect(text.contains("\"\(name)\""), "Docs/policies.md: \(name)'s unit \(row[2]) is not Sources/PolicyModel/Policies/\(row[2]).swift")
    }
}
