import PolicySource
import Testing

/// The one XML escaper, in the three forms its callers use.
@Suite struct MarkupTextTests {
    static let sample = "a&b<c>\"d\"'e'\n\t\r\u{1}\u{FFFF}"

    @Test func jsonToXMLForm() {
        #expect(MarkupText.escaped(Self.sample) == "a&amp;b&lt;c&gt;&quot;d&quot;'e'\n\t\r\u{1}\u{FFFF}")
    }

    @Test func liquidEscapeFilterForm() {
        #expect(MarkupText.escaped(Self.sample, apostrophe: .numeric) == "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;\n\t\r\u{1}\u{FFFF}")
    }

    @Test func junitAttributeAndTextForms() {
        #expect(MarkupText.escaped(Self.sample, apostrophe: .named, whitespace: true, xml10: true)
                    == "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#10;&#9;&#13;\u{FFFD}\u{FFFD}")
        #expect(MarkupText.escaped(Self.sample, quote: false, xml10: true) == "a&amp;b&lt;c&gt;\"d\"'e'\n\t&#13;\u{FFFD}\u{FFFD}")
    }
}
