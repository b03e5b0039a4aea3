import PolicySource
import Testing

/// Line and column arithmetic on files with long lines and multi-byte characters (the column
/// checkpoints keep it linear; these tests hold them to the plain definition).
@Suite struct LongLineSourceFileTests {
    /// The definition: columns count Unicode scalars from the line start (a BOM is not one).
    static func naiveLocation(_ text: String, _ offset: Int) -> (line: Int, column: Int) {
        let bytes = Array(text.utf8)
        var line = 1
        var start = 0
        var index = 0
        while index < offset {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                start = index + 1
            }
            index += 1
        }
        var column = 1
        for position in start..<offset where bytes[position] & 0xC0 != 0x80 { column += 1 }
        if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]), offset >= 3 { column -= 1 }
        return (line, column)
    }

    static let mixed: String = {
        var text = "\u{FEFF}<a>"
        for index in 0..<400 {
            text += index % 7 == 0 ? "é€😀" : "x"
            if index % 97 == 0 { text += index % 2 == 0 ? "\r\n" : "\n" }
        }
        return text + String(repeating: "ü", count: 300) + "\r" + String(repeating: "y", count: 1000)
    }()

    @Test func locationsMatchTheDefinitionAcrossCheckpoints() {
        let file = SourceFile(path: "m.xml", text: Self.mixed)
        let bytes = Array(Self.mixed.utf8)
        for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
            let expected = Self.naiveLocation(Self.mixed, offset)
            let location = file.location(at: offset)
            #expect(location.line == expected.line && location.column == expected.column, "offset \(offset)")
            if offset >= 3 { #expect(file.offset(line: location.line, column: location.column) == offset, "offset \(offset) back") }
        }
    }

    @Test func aShortLineIsQuotedWhole() {
        let file = SourceFile(path: "s.xml", text: "<a>\n  <b/>\n")
        let excerpt = file.excerpt(line: 2, column: 3)
        #expect(excerpt.text == "  <b/>")
        #expect(excerpt.column == 3)
    }

    @Test func aLongLineIsQuotedAsAWindowAroundTheColumn() {
        let line = (0..<20_000).map { "<e\($0)/>" }.joined()
        let file = SourceFile(path: "l.xml", text: line)
        let column = 50_001
        let excerpt = file.excerpt(line: 1, column: column, width: 120)
        #expect(excerpt.text.hasPrefix("…") && excerpt.text.hasSuffix("…"))
        #expect(excerpt.text.unicodeScalars.count == 122)
        let scalars = Array(line.unicodeScalars)
        let shown = Array(excerpt.text.unicodeScalars)
        #expect(shown[excerpt.column - 1] == scalars[column - 1])
        #expect(String(String.UnicodeScalarView(shown[1..<121])) == String(String.UnicodeScalarView(scalars[(column - 61)..<(column + 59)])))
    }

    @Test func theWindowStopsAtTheLineEnds() {
        let file = SourceFile(path: "e.xml", text: String(repeating: "é", count: 500) + "\nnext")
        let start = file.excerpt(line: 1, column: 2, width: 100)
        #expect(start.text == String(repeating: "é", count: 100) + "…")
        #expect(start.column == 2)
        let end = file.excerpt(line: 1, column: 500, width: 100)
        #expect(end.text == "…" + String(repeating: "é", count: 100))
        #expect(end.column == 101)
    }
}
