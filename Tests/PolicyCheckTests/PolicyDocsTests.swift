import Foundation
import PolicyCheck
import PolicyModel
import Testing

/// Docs/policies.md names every catalog policy once, with what the simulator does with it.
@Suite struct PolicyDocsTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyCatalogPolicyHasOneRow() throws {
        let doc = try String(contentsOf: Self.packageRoot.appendingPathComponent("Docs/policies.md"), encoding: .utf8)
        let rows = doc.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let named = rows.compactMap { row -> String? in
            let cells = row.split(separator: "`")
            return cells.count > 1 ? String(cells[1]) : nil
        }
        for name in PolicyCatalog.standard.names {
            #expect(named.filter { $0 == name }.count == 1, "Docs/policies.md: '\(name)' should have exactly one row")
        }
        for name in named {
            #expect(PolicyCatalog.standard.spec(named: name) != nil, "Docs/policies.md: '\(name)' is not a catalog policy")
        }
        // Every row says whether the policy is simulated: yes, partly or no.
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count >= 6 && ["yes", "partly", "no"].contains(cells[4]), "Docs/policies.md: \(row.prefix(60))")
        }
    }
}
