import PolicySource
import Testing
@testable import PolicyBackends

@Suite struct HostileInputTests {
    @Test func unterminatedBicepString() {
        let error = loadError { try BackendLoader.load(file: fixtures + "broken-unterminated.bicep") }
        #expect(error?.description == fixtures + "broken-unterminated.bicep:4:9: error: syntax error: unterminated string")
    }

    @Test func unclosedBicepObject() {
        let error = loadError { try BackendLoader.load(file: fixtures + "broken-unclosed.bicep") }
        #expect(error?.location?.line == 7)
        #expect(error?.message == "syntax error: '{' opened at 3:15 is never closed")
    }

    @Test func brokenARMTemplate() {
        let error = loadError { try BackendLoader.load(file: fixtures + "broken-template.json") }
        #expect(error?.location?.line == 4)
        #expect(error?.location?.column == 5)
        #expect(error?.message.hasPrefix("invalid JSON:") == true)
    }

    @Test(arguments: [
        ("var x = 'a' 'b'", "1:13"),
        ("resource r 'T@1' = {\n  name: 'x'\n  a b\n}", "3:5"),
        ("param p string = ", "1:18"),
        ("var x = [for in y: 1]", "1:17"),
        ("var x = { a: 1 b: 2 }", "1:16"),
        ("var x = \"double\"", "1:9"),
        ("var x = 1 +", "1:12"),
        ("}", "1:1"),
        ("var x = '''never closed", "1:9"),
        ("var x = '${a'", "1:9"),
        ("var x = 'bad \\q escape'", "1:14"),
        ("var x = 1 /* open comment", "1:11"),
        ("var x = #", "1:9"),
    ])
    func bicepSyntaxErrors(_ text: String, _ at: String) {
        let error = loadError { try loadText(text, path: "x.bicep") }
        #expect(error.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == at, "\(error?.description ?? "no error")")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        #expect(loadError { try loadText("var x = " + deep, path: "x.bicep") }?.message.contains("nesting deeper") == true)
        #expect(loadError { try loadText("var x = " + String(repeating: "(", count: 50_000) + "1", path: "x.bicep") }?.message.contains("nesting deeper") == true)
        #expect(loadError { try loadText("var x = " + String(repeating: "!", count: 50_000) + "true", path: "x.bicep") }?.message.contains("nesting deeper") == true)
        #expect(loadError { try loadText(deep, path: "x.json") }?.message == "the JSON nests deeper than 200 levels")
        #expect(loadError { try loadText("a: " + deep, path: "x.yaml") }?.message == "the YAML nests deeper than 200 levels")
        var interpolation = "'x'"
        for _ in 0..<300 { interpolation = "'${" + interpolation + "}'" }
        #expect(loadError { try loadText("var x = " + interpolation, path: "x.bicep") } != nil)
        let arm = "{\"resources\": [{\"type\": \"Microsoft.ApiManagement/service/backends\", \"name\": \"[" +
            String(repeating: "concat(", count: 5_000) + "'a'" + String(repeating: ")", count: 5_000) + "]\"}]}"
        let result = try? loadText(arm, path: "deep.json")
        #expect(result?.diagnostics.contains { $0.rule == "arm-expression" } == true)
    }

    @Test func deepBlockYAML() {
        var yaml = ""
        for level in 0..<1_000 { yaml += String(repeating: " ", count: level) + "k\(level):\n" }
        let error = loadError { try loadText(yaml, path: "x.yaml") }
        // libyaml's own nesting limit answers first, with a location.
        #expect(error?.message.lowercased().contains("nesting") == true, "\(error?.description ?? "no error")")
        #expect(error?.location?.line == 1000)
    }

    @Test func hugeNumbers() throws {
        let yaml = """
        b1: { url: "https://one.example.com" }
        pool1: { type: Pool, pool: { services: [ { id: /backends/b1, weight: 1e300, priority: 99999999999999999999999 } ] } }
        """
        let d = try loadInline(yaml).diagnostics
        #expect(brief(d) == ["2:70 backend-pool-weight", "2:87 backend-pool-priority"])
        #expect(loadError { try loadText("var x = " + String(repeating: "9", count: 400), path: "x.bicep") }?.message == "syntax error: number \(String(repeating: "9", count: 400)) is too large")
        let bicep = try loadText("""
        resource b 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
          name: 'apim/b'
          properties: { url: 'https://x.example.com', circuitBreaker: { rules: [{ name: 'r', tripDuration: 'PT99999999999999999H', failureCondition: { count: 99999999999999999999, interval: 'PT1M', statusCodeRanges: [{ min: 500, max: 500 }] } }] } }
        }
        """, path: "x.bicep")
        #expect(bicep.diagnostics.map(\.rule).sorted() == ["backend-breaker-condition", "backend-breaker-duration"])
    }

    @Test func cyclesAndUnknownsBecomePlaceholders() throws {
        let result = try loadText("""
        var a = b
        var b = '${a}-x'
        param noDefault string
        resource r 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
          name: 'apim/r'
          properties: { url: 'https://${a}.${noDefault}.${unknownSymbol.x}${resourceGroup().location}/${toLower(noDefault)}' }
        }
        """, path: "x.bicep")
        #expect(result.catalog["r"]?.url == "https://${a}-x.${noDefault}.${unknownSymbol.x}${resourceGroup().location}/${toLower(noDefault)}")
    }

    @Test func binaryGarbage() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x41, 0xC3, 0x28]
        #expect(loadError { try BackendLoader.load(SourceFile(path: "g.bicep", bytes: bytes)) } != nil)
        #expect(loadError { try BackendLoader.load(SourceFile(path: "g.yaml", bytes: bytes)) } != nil)
    }

    @Test func emptyInputs() throws {
        #expect(try loadText("", path: "e.bicep").catalog.isEmpty)
        #expect(try loadText("", path: "e.yaml").catalog.isEmpty)
        #expect(try loadText("// only a comment\n", path: "e.bicep").catalog.isEmpty)
    }
}

@Suite struct BicepSkippingTests {
    @Test func declarationsThatAreSkipped() throws {
        let result = try loadText("""
        metadata description = 'x'
        @export()
        type pair = {
          a: string
          b: int?
        }
        func double(x int) int => x * 2
        import 'az@1.0.0'
        extension microsoftGraph
        @description('''
        multi-line decorator
        ''') param p 'a' | 'b' = 'a'
        module m './m.bicep' = if (p == 'a') {
          name: 'm'
        }
        module loop './m.bicep' = [for i in range(0, 2): { name: 'm${i}' }]
        output o resource 'Microsoft.ApiManagement/service/backends@2024-05-01' = b
        resource b 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
          name: 'apim/b-${p}'
          properties: { url: 'https://b.example.com', protocol: 'http' }
        }
        """, path: "skip.bicep")
        #expect(result.catalog.ids == ["b-a"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("-5", "copy count -5 is negative; ARM requires a count from 0 to 800"),
        ("801", "copy count 801 is more than 800; ARM requires a count from 0 to 800"),
        ("2.5", "copy count 2.5 is not a whole number from 0 to 800, as ARM requires"),
        ("1e300", "copy count 1e+300 is not a whole number from 0 to 800, as ARM requires"),
    ])
    func armCopyCountsOutsideARMsRangeAreErrorsAtTheirLine(count: String, message: String) throws {
        let template = """
        {"resources": [
          {"type": "Microsoft.ApiManagement/service/backends", "name": "[concat('apim/b', copyIndex())]",
           "copy": {"name": "loop",
                    "count": \(count)},
           "properties": {"url": "https://b.example.com"}}
        ]}
        """
        let result = try loadText(template, path: "t.json")
        let error = try #require(result.diagnostics.first { $0.rule == "backend-input" }, "\(result.diagnostics)")
        #expect(error.severity == .error)
        #expect(error.location.line == 4)
        #expect(error.message == message)
        #expect(result.catalog.ids.isEmpty)
    }
}
