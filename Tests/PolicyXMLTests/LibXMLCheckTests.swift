import PolicySource
import Testing

@testable import PolicyXML

/// libxml2 checks documents through SAX callbacks and builds no tree: what it reports and the
/// element names it hands over must be those of a full tree parse.
@Suite struct LibXMLCheckTests {
    @Test func doubleHyphenInCommentQuotesTheComment() {
        // libxml2 quotes the comment only when a comment callback listens.
        let errors = parseErrors("<policies><!-- a -- b --><inbound/></policies>")
        #expect(errors.map(\.message).contains { $0.hasPrefix("Double hyphen within comment: <!-- a") })
    }

    @Test func elementNamesKeepTheirPrefixes() {
        let result = LibXML2.parse(Array(#"<policies xmlns:x="urn:x"><x:a/><b><x:c/></b>text<!--c--><![CDATA[d]]><?pi e?></policies>"#.utf8))
        #expect(result.problems.isEmpty)
        #expect(result.elementNames == ["policies", "x:a", "b", "x:c"])
    }

    @Test func notWellFormedHasNoNames() {
        let result = LibXML2.parse(Array("<policies><a></b></policies>".utf8))
        #expect(result.elementNames == nil)
        #expect(result.problems.contains { $0.message.contains("mismatch") })
    }

    @Test func undefinedPrefixIsReported() {
        let errors = parseErrors("<policies><y:a/></policies>")
        #expect(errors.map(\.message).contains { $0.contains("Namespace prefix y on a is not defined") })
    }
}
