import PolicyModel
import PolicyRuntime
import PolicySource
import Testing

@testable import PolicyCheck

/// A lint example: `↓` marks where the finding must point (it is removed before linting).
struct LintExample: CustomTestStringConvertible, Sendable {
    var rule: String
    var source: String
    var triggers: Bool
    var options = LintOptions()

    var testDescription: String { "\(rule) \(triggers ? "fires" : "stays quiet"): \(source.prefix(60))" }

    static func fires(_ rule: String, _ source: String, options: LintOptions = LintOptions()) -> LintExample {
        LintExample(rule: rule, source: source, triggers: true, options: options)
    }

    static func quiet(_ rule: String, _ source: String, options: LintOptions = LintOptions()) -> LintExample {
        LintExample(rule: rule, source: source, triggers: false, options: options)
    }
}

func policies(_ inbound: String = "", backend: String = "<forward-request />", outbound: String = "", onError: String = "") -> String {
    "<policies>\n<inbound>\(inbound)</inbound>\n<backend>\(backend)</backend>\n<outbound>\(outbound)</outbound>\n<on-error>\(onError)</on-error>\n</policies>"
}

/// Options of a document checked in an APIOps tree's scope.
func scoped(_ scope: PolicyScope, inherited: [PolicySection: String] = [:]) -> LintOptions {
    var options = LintOptions()
    options.scope = scope
    options.inheritedSections = inherited
    return options
}

extension LintOptions {
    func withoutValue(_ names: [String: String]) -> LintOptions {
        var options = self
        options.namedValuesWithoutValue = names
        return options
    }
}

let lintExamples: [LintExample] = [
    .fires("markup", "<policies><inbound>↓</inbund></policies>"),
    .quiet("markup", policies()),
    .fires("expression-unclosed", policies(#"<set-variable name="a" value="↓@(foo(1)" />"#)),
    .quiet("expression-unclosed", policies(#"<set-variable name="a" value="@(foo(")"))" />"#)),
    .fires("root", "↓<policy><inbound /></policy>"),
    .quiet("root", "<fragment><set-variable name=\"a\" value=\"b\" /></fragment>"),
    .fires("section-unknown", "<policies><inbound /><↓inbond /></policies>".replacingOccurrences(of: "<↓", with: "↓<")),
    .fires("section-unknown", "<policies>↓<set-variable name=\"a\" value=\"b\" /></policies>"),
    .quiet("section-unknown", policies()),
    .fires("section-duplicate", "<policies><inbound />↓<inbound /></policies>"),
    .quiet("section-duplicate", "<policies><inbound /><outbound /></policies>"),
    .fires("section-order", "<policies><outbound />↓<inbound /></policies>"),
    .quiet("section-order", "<policies><inbound /><backend /><outbound /><on-error /></policies>"),
    .fires("policy-unknown", policies("↓<set-heder name=\"a\" />")),
    .fires("policy-unknown", "<fragment>↓<publish-to-darp topic=\"t\" /></fragment>"),
    .quiet("policy-unknown", policies("<set-header name=\"a\" exists-action=\"delete\" />")),
    .fires("policy-section", policies("↓<forward-request />")),
    .fires("policy-section", policies(onError: "↓<rewrite-uri template=\"/a\" />")),
    .quiet("policy-section", policies(onError: "<set-status code=\"500\" reason=\"x\" />")),
    .fires("attribute-unknown", policies("<set-header name=\"a\" ↓exists-acton=\"skip\" />")),
    .quiet("attribute-unknown", policies("<set-header id=\"h1\" name=\"a\" exists-action=\"skip\" />")),
    .fires("attribute-required", policies("↓<set-variable value=\"1\" />")),
    .quiet("attribute-required", policies("<set-variable name=\"a\" value=\"1\" />")),
    .fires("markup", policies("<set-variable name=\"a\" name=\"b\" value=\"1\" />")),
    .fires("attribute-exclusive", policies("<set-backend-service base-url=\"https://a\" ↓backend-id=\"b\" />")),
    .fires("attribute-exclusive", policies("↓<set-backend-service />")),
    .fires("attribute-exclusive", policies(backend: "<forward-request timeout=\"10\" ↓timeout-ms=\"100\" />")),
    .quiet("attribute-exclusive", policies("<set-backend-service backend-id=\"pool\" />")),
    .fires("attribute-value", policies(backend: "<retry condition=\"@(true)\" count=\"↓51\" interval=\"1\"><forward-request buffer-request-body=\"true\" /></retry>")),
    .fires("attribute-value", policies(backend: "<forward-request buffer-request-body=\"↓yes\" />")),
    .fires("attribute-value", policies(backend: "<forward-request http-version=\"↓3\" />")),
    .fires("attribute-value", policies("<set-header name=\"a\" exists-action=\"↓replace\" />")),
    .quiet("attribute-value", policies(backend: "<forward-request http-version=\"2or1\" buffer-request-body=\"TRUE\" timeout=\"30\" />")),
    .quiet("attribute-value", policies(backend: "<retry condition=\"@(true)\" count=\"@(3)\" interval=\"{{interval}}\"><forward-request buffer-request-body=\"true\" /></retry>")),
    .fires("attribute-expression", policies("<set-variable name=\"↓@(&quot;a&quot;)\" value=\"1\" />")),
    .quiet("attribute-expression", policies("<set-variable name=\"a\" value=\"@(1)\" />")),
    // Learn (2026): token-quota of llm-token-limit and azure-openai-token-limit takes expressions.
    .quiet("attribute-expression", policies("<llm-token-limit counter-key=\"k\" token-quota=\"@(5000)\" token-quota-period=\"Daily\" estimate-prompt-tokens=\"false\" />")),
    .quiet("attribute-expression", policies("<azure-openai-token-limit counter-key=\"k\" token-quota=\"@(5000)\" token-quota-period=\"Daily\" estimate-prompt-tokens=\"false\" />")),
    .fires("element-unknown", policies("<set-header name=\"a\">↓<valu>1</valu></set-header>")),
    .quiet("element-unknown", policies("<set-header name=\"a\"><value>1</value><value>2</value></set-header>")),
    .fires("element-count", policies("↓<choose><otherwise /></choose>")),
    .fires("element-count", policies("<choose><when condition=\"@(true)\" /><otherwise />↓<otherwise /></choose>")),
    .quiet("element-count", policies("<choose><when condition=\"@(true)\" /><otherwise /></choose>")),
    .fires("retry-buffer-body", policies(backend: "<retry condition=\"@(true)\" count=\"2\" interval=\"1\">↓<forward-request /></retry>")),
    .quiet("retry-buffer-body", policies(backend: "<retry condition=\"@(true)\" count=\"2\" interval=\"1\"><forward-request buffer-request-body=\"true\" /></retry>")),
    .quiet("retry-buffer-body", policies(backend: "<forward-request />")),
    .fires("fragment-structure", "<fragment>↓<inbound /></fragment>"),
    .fires("fragment-structure", "<fragment>↓<base /></fragment>"),
    .fires("fragment-structure", "<fragment>↓<include-fragment fragment-id=\"x\" /></fragment>"),
    .quiet("fragment-structure", "<fragment><set-variable name=\"a\" value=\"b\" /></fragment>"),
    .fires("named-value-undefined", policies("<set-header name=\"k\"><value>↓{{api-kye}}</value></set-header>"), options: LintOptions(namedValues: ["api-key"])),
    .quiet("named-value-undefined", policies("<set-header name=\"k\"><value>{{api-key}}</value></set-header>"), options: LintOptions(namedValues: ["api-key"])),
    .quiet("named-value-undefined", policies("<set-header name=\"k\"><value>{{anything}}</value></set-header>")),
    .fires("fragment-unknown", policies("<include-fragment fragment-id=\"↓auht\" />"), options: LintOptions(fragmentIds: ["auth"])),
    .quiet("fragment-unknown", policies("<include-fragment fragment-id=\"auth\" />"), options: LintOptions(fragmentIds: ["auth"])),
    .fires("backend-unknown", policies("<set-backend-service backend-id=\"↓pol\" />"), options: LintOptions(backendIds: ["pool"])),
    .quiet("backend-unknown", policies("<set-backend-service backend-id=\"pool\" />"), options: LintOptions(backendIds: ["pool"])),
    .fires("value-placeholder", policies("<cache-store-value key=\"k\" value=\"v\" duration=\"↓{{cachetime}]\" />")),
    .fires("value-empty", policies("<set-backend-service base-url=\"↓\" />")),
    .fires("expression-unknown-member", policies("<set-variable name=\"s\" value=\"@(context.↓Respone.StatusCode)\" />")),
    .fires("expression-unknown-member", policies("<set-variable name=\"s\" value=\"@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;).↓Lenght)\" />")),
    .quiet("expression-unknown-member", policies("<set-variable name=\"s\" value=\"@(context.Response.StatusCode)\" />")),
    .fires("expression-syntax", policies("<set-variable name=\"s\" value=\"@(1 + ↓)\" />")),
    .fires("expression-disallowed-type", policies("<set-variable name=\"s\" value=\"@(System.IO.↓File.ReadAllText(&quot;x&quot;))\" />")),
    .quiet("expression-syntax", policies("<set-body>@{ var x = \"<a>\"; if (x.Length < 3 && x != \"\") { return x; } return \"\"; }</set-body>")),
    .fires("expression-trailing", policies("<set-variable name=\"a\" value=\"@(1)↓ + 2\" />")),
    .fires("base-global", policies("↓<base />"), options: scoped(.global)),
    .quiet("base-global", policies("<base />"), options: scoped(.api)),
    .fires("base-missing", "<policies>\n↓<inbound><set-header name=\"a\" exists-action=\"delete\" /></inbound>\n</policies>",
           options: scoped(.operation, inherited: [.inbound: "apis/a/policy.xml"])),
    .quiet("base-missing", "<policies>\n<inbound><base /></inbound>\n</policies>", options: scoped(.operation, inherited: [.inbound: "apis/a/policy.xml"])),
    .fires("named-value-environment", policies("<set-header name=\"k\" exists-action=\"override\"><value>↓{{secret}}</value></set-header>"),
           options: LintOptions(namedValues: ["secret"]).withoutValue(["secret": "configuration.prod.yaml"])),
    .quiet("named-value-environment", policies("<set-header name=\"k\" exists-action=\"override\"><value>{{secret}}</value></set-header>"),
           options: LintOptions(namedValues: ["secret"])),
]

@Suite struct LintRuleTests {
    @Test(arguments: lintExamples)
    func example(_ example: LintExample) throws {
        var source = example.source
        var marker: (line: Int, column: Int)?
        if let range = source.range(of: "↓") {
            let before = source[..<range.lowerBound]
            let line = before.filter { $0 == "\n" }.count + 1
            let column = before.split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.unicodeScalars.count + 1 } ?? 1
            marker = (line, column)
            source.removeSubrange(range)
        }
        let linter = Linter.standard(options: example.options)
        let findings = linter.lint(SourceFile(path: "example.xml", text: source)).filter { $0.rule == example.rule }
        if example.triggers {
            let finding = try #require(findings.first, "expected '\(example.rule)' in: \(source)")
            if let marker {
                #expect(finding.location.line == marker.line && finding.location.column == marker.column,
                    "'\(example.rule)' at \(finding.location.line):\(finding.location.column), expected \(marker.line):\(marker.column)")
            }
        } else {
            #expect(findings.isEmpty, "unexpected: \(findings)")
        }
    }

    @Test func everyRuleHasAnExampleThatFires() {
        let fired = Set(lintExamples.filter(\.triggers).map(\.rule))
        let untested = LintRule.all.map(\.id).filter { !fired.contains($0) && !["xml-doctype", "xml-limits", "apiops-tree", "environment-unknown"].contains($0) }
        #expect(untested.isEmpty, "rules without a firing example: \(untested)")
    }

    @Test func retryCountIsBounded() {
        func findings(_ count: String) -> [String] {
            let source = policies(backend: "\n<retry condition=\"@(true)\" count=\"\(count)\" interval=\"0\">\n<forward-request />\n</retry>\n")
            return Linter.standard().lint(SourceFile(path: "p.xml", text: source)).filter { $0.severity == .error }
                .map { "\($0.rule)@\($0.location.line)" }
        }
        #expect(findings("50") == [])
        #expect(findings("51") == ["attribute-value@4"])
        #expect(findings("100000") == ["attribute-value@4"])
        #expect(findings("99999999999999999999999") == ["attribute-value@4"])
        #expect(findings("0") == ["attribute-value@4"])
    }

    @Test func expressionHeavyDocumentPointsAtTheRightLineAndColumn() {
        let source = """
            <policies>
                <inbound>
                    <set-variable name="x" value="@(context.Request.Headers.GetValueOrDefault("a", "") != "" && 1 < 2)" />
                    <set-header name="y" exists-action="@("skip")"><value>@{ return "<b>" + "&"; }</value></set-header>
                    <set-header name="z" exists-action="overide" />
                </inbound>
            </policies>
            """
        let findings = Linter().lint(SourceFile(path: "p.xml", text: source))
        #expect(findings.map(\.rule) == ["attribute-value"])
        #expect(findings.first?.location.line == 5)
        #expect(findings.first?.location.column == 45)
    }
}
