@testable import PolicyExpressions
import Testing

/// Past 16 headers, `HeaderDictionary` finds names through a case-folded index; it must answer
/// exactly as the scan does (OrdinalIgnoreCase, first spelling kept, repeats appended).
@Suite struct HeaderIndexTests {
    static func names(_ count: Int) -> [String] { (0..<count).map { "X-Header-\($0)" } }

    @Test(arguments: [3, 16, 17, 200])
    func lookupsAreCaseInsensitiveAtAnySize(count: Int) {
        let headers = HeaderDictionary(Self.names(count).map { ($0, ["v-\($0)"]) })
        for name in Self.names(count) {
            #expect(headers.values(name.uppercased()) == ["v-\(name)"])
            #expect(headers.values(name.lowercased()) == ["v-\(name)"])
        }
        #expect(headers.values("X-Header-\(count)") == nil)
        headers.append("x-header-0", ["again"])
        #expect(headers.values("X-HEADER-0") == ["v-X-Header-0", "again"])
        #expect(headers.entries.count == count)
        headers.apply(existsAction: "delete", "X-header-1", [])
        #expect(headers.values("X-Header-1") == nil)
        #expect(headers.values("X-Header-2") == ["v-X-Header-2"])
        headers.set("New", ["n"])
        #expect(headers.values("NEW") == ["n"])
        #expect(headers.entries.last?.name == "New")
    }

    @Test(arguments: [5, 40])
    func replaceAllMergesRepeatsAndKeepsTheFirstSpelling(count: Int) {
        let headers = HeaderDictionary([("Old", ["o"])])
        let sent = (0..<count).map { index in (name: index % 2 == 0 ? "A-\(index / 4)" : "a-\(index / 4)", value: "\(index)") }
        headers.replaceAll(count: sent.count) { sent[$0] }
        #expect(headers.values("Old") == nil)
        #expect(headers.entries.count == (count + 3) / 4)
        #expect(headers.entries.first?.name == "A-0")
        #expect(headers.values("a-0") == ["0", "1", "2", "3"].filter { Int($0)! < count })
        headers.replaceAll(count: 1) { _ in (name: "Only", value: "1") }
        #expect(headers.entries.map(\.name) == ["Only"])
        #expect(headers.values("A-0") == nil)
        #expect(headers.values("ONLY") == ["1"])
    }

    @Test func nonASCIINamesFoldAsDotNetDoes() {
        let headers = HeaderDictionary((0..<20).map { ("é-\($0)", ["\($0)"]) })
        #expect(headers.values("É-3") == ["3"])
    }
}
