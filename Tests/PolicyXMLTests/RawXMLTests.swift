import PolicySource
import Testing

@testable import PolicyXML

/// Parses `text` and returns the document, failing the test on any diagnostic.
func parseClean(_ text: String, path: String = "test.xml") throws -> XMLDocument {
    let result = PolicyXMLParser().parse(SourceFile(path: path, text: text))
    #expect(result.diagnostics.isEmpty, "unexpected: \(result.diagnostics)")
    return try #require(result.document)
}

func parseErrors(_ text: String) -> [Diagnostic] {
    PolicyXMLParser().parse(SourceFile(path: "test.xml", text: text)).diagnostics
}

/// The original line:column of a decoded offset in an attribute value or text.
func location(_ document: XMLDocument, _ text: XMLText, _ decodedOffset: Int) -> String {
    let loc = document.location(text.map.original(decodedOffset))
    return "\(loc.line):\(loc.column)"
}

@Suite struct RawXMLTests {
    @Test func rawQuotesInsideAttributeExpression() throws {
        let doc = try parseClean(#"<policies><inbound><choose><when condition="@(context.Request.Headers.GetValueOrDefault("x","") != "")"/></choose></inbound></policies>"#)
        let when = try #require(doc.root.elements.first?.elements.first?.elements.first)
        let value = try #require(when.attribute("condition")).value
        #expect(value.text == #"@(context.Request.Headers.GetValueOrDefault("x","") != "")"#)
        #expect(value.expression == 0..<value.text.utf8.count)
    }

    @Test func lessThanAndAmpersandsInsideExpressions() throws {
        let doc = try parseClean("<policies><inbound><set-variable name=\"a\" value=\"@(1 < 2 && 3 > 2)\" /></inbound></policies>")
        let element = try #require(doc.root.elements.first?.elements.first)
        #expect(element.attribute("value")?.value.text == "@(1 < 2 && 3 > 2)")
    }

    @Test func multiLineBlockInTextWithMarkupCharacters() throws {
        let source = """
            <policies>
              <outbound>
                <set-body>@{
                  var s = "</set-body>";
                  if (s.Length < 3 && s != "&") { return "<a>"; }
                  return s;
                }</set-body>
              </outbound>
            </policies>
            """
        let doc = try parseClean(source)
        let body = try #require(doc.root.elements.first?.elements.first)
        guard case .text(let text) = try #require(body.children.first) else {
            Issue.record("expected text")
            return
        }
        #expect(text.text.hasPrefix("@{"))
        #expect(text.text.contains(#"var s = "</set-body>";"#))
        let span = try #require(text.expression)
        #expect(Array(text.text.utf8)[span.upperBound - 1] == UInt8(ascii: "}"))
        #expect(location(doc, text, 0) == "3:15")
    }

    @Test func stringLiteralsThatLookLikeClosers() throws {
        let cases = [
            #"@(@"a)""b" + ")")"#,
            #"@($"x{(1 + 2)}){{y}}" + "}")"#,
            #"@($@"x{"(" + ")"}"")")"#,
            #"@(')' == ')' ? "\")" : "(")"#,
            "@(/* ) */ 1 + 2)",
        ]
        for expression in cases {
            let doc = try parseClean("<policies><inbound><set-variable name=\"a\" value=\"\(expression)\" /></inbound></policies>")
            let value = try #require(doc.root.elements.first?.elements.first?.attribute("value")?.value)
            #expect(value.text == expression)
            #expect(value.expression == 0..<expression.utf8.count)
        }
    }

    @Test func escapedExpressionDecodesAndMapsBack() throws {
        let doc = try parseClean(#"<policies><inbound><set-variable name="a" value="@(context.Variables.GetValueOrDefault&lt;string&gt;(&quot;k&quot;))" /></inbound></policies>"#)
        let value = try #require(doc.root.elements.first?.elements.first?.attribute("value")?.value)
        #expect(value.text == #"@(context.Variables.GetValueOrDefault<string>("k"))"#)
        // The `"` before k: in the file it is the `&quot;` at column 102 (value starts at column 50).
        let quote = try #require(value.text.utf8.firstIndex(of: UInt8(ascii: "\"")))
        let offset = value.text.utf8.distance(from: value.text.utf8.startIndex, to: quote)
        #expect(location(doc, value, offset) == "1:102")
    }

    @Test func crlfBomAndTabsKeepOriginalPositions() throws {
        let source = "\u{FEFF}<policies>\r\n\t<inbound>\r\n\t\t<set-variable name=\"a\" value=\"@(&quot;x&quot; + 1)\" />\r\n\t</inbound>\r\n</policies>\r\n"
        let doc = try parseClean(source)
        let variable = try #require(doc.root.elements.first?.elements.first)
        #expect(doc.location(variable.startOffset).description == "test.xml:3:3")
        let value = try #require(variable.attribute("value")?.value)
        #expect(location(doc, value, 0) == "3:33")
        #expect(doc.location(doc.root.startOffset).description == "test.xml:1:1")
    }

    @Test func markupErrorAfterExpressionHeavyLineLandsOnOriginalLineAndColumn() {
        let source = """
            <policies>
              <inbound>
                <set-variable name="a" value="@(context.Request.Headers.GetValueOrDefault("a", "") != "" && 1 < 2)" />
                <set-header name="b" exists-action="override"><value>x</valu></set-header>
              </inbound>
            </policies>
            """
        let errors = parseErrors(source)
        let first = errors.first
        #expect(first?.rule == "markup")
        #expect(first?.location.line == 4)
        #expect(first?.location.column == 59)  // the `</valu>` end tag
    }

    @Test func unclosedExpressionIsReportedAtItsStart() {
        let errors = parseErrors("<policies>\n  <inbound>\n    <set-variable name=\"a\" value=\"@(foo(1)\" />\n  </inbound>\n</policies>")
        #expect(errors.count == 1)
        #expect(errors.first?.rule == "expression-unclosed")
        #expect(errors.first?.location.line == 3)
        #expect(errors.first?.location.column == 35)
    }

    @Test func externalEntityPayloadIsRefused() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE policies [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <policies><inbound><set-variable name="a" value="&xxe;" /></inbound></policies>
            """
        let errors = parseErrors(xxe)
        #expect(errors.map(\.rule) == ["xml-doctype"])
        #expect(errors.first?.location.line == 2)
        #expect(errors.first?.message.contains("DOCTYPE") == true)
    }

    @Test func billionLaughsPayloadIsRefused() {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let payload = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\(entities)]>\n<policies>&lol9;</policies>"
        let errors = parseErrors(payload)
        #expect(errors.map(\.rule) == ["xml-doctype"])
    }

    @Test func nestingAndSizeLimits() {
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        let errors = parseErrors(deep)
        #expect(errors.map(\.rule) == ["xml-limits"])
        #expect(errors.first?.message.contains("128") == true)

        // 100,000 levels: refused by the pre-scan before libxml2 or the model builder recurse.
        let deeper = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(parseErrors(deeper).map(\.rule) == ["xml-limits"])
        let deepSelfClosing = "<policies>" + String(repeating: "<choose><when condition=\"@(true)\">", count: 50_000) + "<base />"
            + String(repeating: "</when></choose>", count: 50_000) + "</policies>"
        #expect(parseErrors(deepSelfClosing).map(\.rule) == ["xml-limits"])

        // 10,000 nested interpolated strings in an attribute expression: the raw scanner follows
        // at most 256 levels (it recursed once per level and overflowed the stack).
        let interpolated = "@(" + String(repeating: "$&quot;{", count: 10_000) + "1" + String(repeating: "}&quot;", count: 10_000) + ")"
        let interpolationErrors = parseErrors("<policies><inbound><set-variable name=\"a\" value=\"\(interpolated)\" /></inbound></policies>")
        #expect(!interpolationErrors.isEmpty)

        let small = PolicyXMLParser(maxFileSize: 10)
        let result = small.parse(SourceFile(path: "big.xml", text: "<policies></policies>"))
        #expect(result.diagnostics.map(\.rule) == ["xml-limits"])
    }

    @Test func severalTopLevelElementsAreAMarkupError() {
        let errors = parseErrors("<policies></policies>\n<choose></choose>")
        #expect(errors.first?.rule == "markup")
        #expect(errors.first?.location.line == 2)
    }

    @Test func brokenCommentAndEmptyInput() {
        #expect(parseErrors("<policies><!-- a -- b --></policies>").first?.rule == "markup")
        #expect(parseErrors("").first?.rule == "markup")
        #expect(parseErrors("\u{0}\u{1}garbage<<<").first?.rule == "markup")
    }

    @Test func cdataAndCommentsAreKept() throws {
        let doc = try parseClean("<policies><inbound><set-body><![CDATA[@(\"<b>\")]]></set-body><!-- note --></inbound></policies>")
        let body = try #require(doc.root.elements.first?.elements.first)
        #expect(body.textContent == "@(\"<b>\")")
        guard case .cdata(let text) = try #require(body.children.first) else {
            Issue.record("expected CDATA")
            return
        }
        #expect(text.expression == 0..<text.text.utf8.count)
    }
}

@Suite struct OffsetMapTests {
    @Test func mapsAcrossBreakpoints() {
        let map = OffsetMap(base: 100, breakpoints: [.init(decoded: 3, original: 108), .init(decoded: 5, original: 115)])
        #expect(map.original(0) == 100)
        #expect(map.original(2) == 102)
        #expect(map.original(3) == 108)
        #expect(map.original(4) == 109)
        #expect(map.original(6) == 116)
        let shifted = map.shifted(by: 4)
        #expect(shifted.original(0) == 109)
        #expect(shifted.original(2) == 116)
    }
}

@Suite struct SourceFileTests {
    @Test func linesColumnsAndLineText() {
        let file = SourceFile(path: "f.xml", text: "ab\r\ncé\rx\n")
        #expect(file.lineCount == 4)
        #expect(file.location(at: 5).description == "f.xml:2:2")  // é is one column
        #expect(file.location(at: 7).description == "f.xml:2:3")
        #expect(file.lineText(2) == "cé")
        #expect(file.offset(line: 3, column: 1) == 8)
        #expect(file.offset(line: 9, column: 1) == nil)
    }

    /// An invalid numeric character reference is a markup error outside an expression (libxml2
    /// reports it); inside one it was masked away and gave no finding at all. It must be the same
    /// markup error, on the reference's line.
    @Test func invalidCharacterReferenceInsideAnExpressionIsAMarkupError() {
        func policy(_ body: String) -> String {
            "<policies>\n  <inbound>\n    " + body + "\n  </inbound>\n</policies>"
        }
        let outside = parseErrors(policy(#"<set-header name="a"><value>&#xFFFFFFFFFFFFFFFFFFFF;</value></set-header>"#))
        #expect(outside.first?.rule == "markup")
        #expect(outside.first?.location.line == 3)
        for reference in ["&#xFFFFFFFFFFFFFFFFFFFF;", "&#99999999999;", "&#x110000;", "&#xD800;", "&#0;"] {
            for body in [
                #"<set-header name="a"><value>@("\#(reference)")</value></set-header>"#,
                #"<set-variable name="a" value="@("\#(reference)")" />"#,
                #"<set-body>@{ return "\#(reference)"; }</set-body>"#,
            ] {
                let errors = parseErrors(policy(body))
                #expect(errors.first?.rule == "markup", "\(body): \(errors)")
                #expect(errors.first?.location.line == 3, "\(body): \(errors)")
                #expect(errors.first?.severity == .error)
            }
        }
        // Valid references and ampersands that are no references stay fine inside expressions.
        #expect(parseErrors(policy(#"<set-variable name="a" value="@("&#x41;&#66;" + (true &amp;&amp; 1 < 2 ? "&" : "&#"))" />"#)).isEmpty)
        #expect(parseErrors(policy(#"<set-body>@{ var a = true && false; return a ? "&#;" : "&#x;"; }</set-body>"#)).isEmpty)
    }
}
