import Foundation
import PolicyBackends
import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

/// The folder of the loader fixtures (`Fixtures/scenarios-loader`).
let loaderFixtures: String = {
    let testFile = URL(fileURLWithPath: #filePath)
    return testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scenarios-loader").path
}()

/// Loads `text` as if it were the file `Fixtures/scenarios-loader/inline.yaml` (so `full/policy.xml` resolves).
private func load(_ text: String) throws(ScenarioError) -> Scenario {
    try ScenarioLoader.load(SourceFile(path: loaderFixtures + "/inline.yaml", text: text))
}

/// The error of loading `text`, as `line:column: message`.
private func loadError(_ text: String) -> String {
    do {
        _ = try load(text)
        return "no error"
    } catch {
        guard let location = error.location else { return "?:?: \(error.message)" }
        #expect(location.path == loaderFixtures + "/inline.yaml")
        return "\(location.line):\(location.column): \(error.message)"
    }
}

private let header = "policy: full/policy.xml\nrequests: [ https://apim.example/a ]\n"

@Suite struct ScenarioLoaderTests {
    @Test func fullScenarioWithEveryKey() throws {
        let path = loaderFixtures + "/full/full.yaml"
        let scenario = try ScenarioLoader.load(path: path)
        let folder = loaderFixtures + "/full"
        #expect(scenario.name == "pool fails over on 429")
        #expect(scenario.file == path)
        #expect(scenario.policy == folder + "/policy.xml")
        #expect(scenario.scopes.map(\.scope) == [.global, .product, .api])
        #expect(scenario.scopes.map(\.path) == [folder + "/scopes/global.xml", folder + "/scopes/product.xml", folder + "/scopes/api.xml"])
        guard case .inline(let backends) = scenario.backends else {
            Issue.record("expected inline backends")
            return
        }
        #expect(backends.entries?.map(\.key) == ["backend1", "pool1"])
        #expect(backends["backend1"]?["url"]?.string == "https://one.example/openai")
        #expect(backends["pool1"]?["pool"]?["services"]?.elements?.first?["weight"]?.integer == 10)
        #expect(backends["pool1"]?.location.line == 11)
        #expect(scenario.namedValues == ["tenant": "contoso", "version": "1.10", "retries": "3"])
        #expect(scenario.fragments == folder + "/fragments/")
        #expect(scenario.seed == 42)
        // 2026-03-01T12:30:00.250Z
        #expect(scenario.startUnixMilliseconds == 1_772_368_200_250)
        #expect(scenario.correlation == .legacy)
        #expect(scenario.jitter == false)
        #expect(scenario.balancing == .random)
        #expect(scenario.context.subscription == ["id": "sub-1", "key": "k1", "name": "demo"])
        #expect(scenario.context.deployment == ["region": "West Europe", "serviceName": "apim-demo"])
        #expect(scenario.context.api == ["name": "openai", "path": "openai"])
        #expect(scenario.context.operation == ["id": "chat", "method": "POST"])
        #expect(scenario.context.product == ["id": "starter"])
        #expect(scenario.context.user == ["id": "u1", "email": "a@example.com"])
        #expect(scenario.context.workspace == ["id": "ws1"])
        #expect(scenario.context.ipAddress == "10.0.0.7")

        #expect(scenario.requests.count == 3)
        let first = scenario.requests[0]
        #expect(first.method == "POST")
        #expect(first.url == "https://apim.example/openai/deployments/gpt/chat/completions?api-version=2024-02-01")
        #expect(first.headers.map(\.name) == ["Content-Type", "x-Request-ID", "X-Num"])
        #expect(first.headers.map(\.value) == ["application/json", "007", "1.50"])
        #expect(first.body == #"{"messages": []}"#)
        #expect(first.afterMilliseconds == 2_000)
        #expect(first.repeatCount == 3)
        #expect(first.location.line == 29 && first.location.column == 5)
        let second = scenario.requests[1]
        #expect(second.method == "GET" && second.url == "https://apim.example/status" && second.repeatCount == 1 && second.afterMilliseconds == 0)
        let third = scenario.requests[2]
        #expect(third.method == "GET")
        #expect(third.body == #"{"a":1,"b":[true,null,"x"],"c":"2"}"#)
        #expect(third.afterMilliseconds == 500)

        let backend1 = try #require(scenario.responses["backend1"])
        #expect(backend1.count == 2)
        #expect(backend1[0].status == 429 && backend1[0].reason == "Too Many Requests")
        #expect(backend1[0].headers == [ScriptedHeader(name: "Retry-After", value: "10")])
        #expect(backend1[1].status == 200 && backend1[1].body == #"{"ok": true}"# && backend1[1].latencyMilliseconds == 250)
        let backend2 = try #require(scenario.responses["backend2"])
        #expect(backend2.map(\.failure) == [.timeout, .connection, nil])
        #expect(backend2[1].latencyMilliseconds == 60_000)
        #expect(scenario.responses["one.example"]?.map(\.status) == [503])

        let expect = try #require(scenario.expect)
        #expect(expect.status == 200)
        #expect(expect.statuses == [200, 200, 200, 200, 200])
        #expect(expect.backends == ["backend1", "backend1"])
        #expect(expect.headers == ["Content-Type": "application/json"])
        #expect(expect.bodyContains == "ok")
        #expect(expect.variables == ["count": "3"])
        #expect(expect.location.line == 54)
    }

    @Test func minimalScenarioTakesDefaults() throws {
        let scenario = try ScenarioLoader.load(path: loaderFixtures + "/minimal.yaml")
        #expect(scenario.name == "minimal")
        #expect(scenario.policy == loaderFixtures + "/full/policy.xml")
        #expect(scenario.scopes.isEmpty)
        #expect(scenario.backends == nil)
        #expect(scenario.seed == 0)
        #expect(scenario.startUnixMilliseconds == 1_767_225_600_000)
        #expect(scenario.correlation == .w3c)
        #expect(scenario.jitter)
        #expect(scenario.balancing == .roundRobin)
        #expect(scenario.expect == nil)
        #expect(scenario.requests.map(\.method) == ["GET"])
    }

    @Test func backendsFileAndNamedValuesFile() throws {
        let scenario = try load("""
            policy: full/policy.xml
            backends: full/backends.yaml
            requests: [ https://apim.example/a ]
            """)
        guard case .file(let path) = scenario.backends else {
            Issue.record("expected a backends file")
            return
        }
        #expect(path == loaderFixtures + "/full/backends.yaml")
    }

    @Test func namedValuesFromAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-loader-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "<policies/>".write(toFile: folder + "/p.xml", atomically: true, encoding: .utf8)
        try "tenant: contoso\nlimit: 10\n".write(toFile: folder + "/values.yaml", atomically: true, encoding: .utf8)
        try "policy: p.xml\nnamedValues: values.yaml\nrequests: [ https://a.example ]\n".write(toFile: folder + "/s.scenario.yaml", atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: folder + "/s.scenario.yaml")
        #expect(scenario.namedValues == ["tenant": "contoso", "limit": "10"])
        #expect(scenario.name == "s")
        #expect(scenario.policy == folder + "/p.xml")
    }

    @Test func policyOverrideMakesPolicyOptional() throws {
        let scenario = try ScenarioLoader.load(SourceFile(path: "nowhere/x.yaml", text: "requests: [ https://a.example ]"), policy: "given.xml")
        #expect(scenario.policy == "given.xml")
        let overridden = try ScenarioLoader.load(SourceFile(path: "nowhere/x.yaml", text: "policy: missing.xml\nrequests: [ https://a.example ]"), policy: "given.xml")
        #expect(overridden.policy == "given.xml")
    }

    @Test func mergeKeysAndAliases() throws {
        let scenario = try load("""
            policy: full/policy.xml
            requests:
              - &base { method: POST, url: "https://a.example/x", headers: { A: "1" } }
              - <<: *base
                url: https://a.example/y
            """)
        #expect(scenario.requests.map(\.url) == ["https://a.example/x", "https://a.example/y"])
        #expect(scenario.requests.map(\.method) == ["POST", "POST"])
        #expect(scenario.requests[1].headers.map(\.value) == ["1"])
    }

    @Test func durations() {
        func ms(_ text: String) -> Int64? { try? ScenarioDuration.milliseconds(text).get() }
        #expect(ms("250ms") == 250)
        #expect(ms("2s") == 2_000)
        #expect(ms("1.5s") == 1_500)
        #expect(ms("0.25s") == 250)
        #expect(ms("1m") == 60_000)
        #expect(ms("1h") == 3_600_000)
        #expect(ms("0") == 0)
        #expect(ms("PT1M") == 60_000)
        #expect(ms("PT0.5S") == 500)
        #expect(ms("P1D") == 86_400_000)
        #expect(ms("10") == nil)
        #expect(ms("2x") == nil)
        #expect(ms("-1s") == nil)
        #expect(ms("") == nil)
        #expect(ms("1..2s") == nil)
        #expect(ms("99999999999999999999s") == nil)
    }

    @Test func dateTimes() {
        #expect(ScenarioDuration.unixMilliseconds("1970-01-01T00:00:00Z") == 0)
        #expect(ScenarioDuration.unixMilliseconds("2026-01-01T00:00:00Z") == 1_767_225_600_000)
        #expect(ScenarioDuration.unixMilliseconds("2026-01-01") == 1_767_225_600_000)
        #expect(ScenarioDuration.unixMilliseconds("2026-01-01T01:00:00+01:00") == 1_767_225_600_000)
        #expect(ScenarioDuration.unixMilliseconds("2026-01-01T00:00:00.5Z") == 1_767_225_600_500)
        #expect(ScenarioDuration.unixMilliseconds("2024-02-29T00:00:00Z") == 1_709_164_800_000)
        #expect(ScenarioDuration.unixMilliseconds("2025-02-29T00:00:00Z") == nil)
        #expect(ScenarioDuration.unixMilliseconds("2026-13-01T00:00:00Z") == nil)
        #expect(ScenarioDuration.unixMilliseconds("tomorrow") == nil)
    }

    @Test func pathResolution() {
        #expect(ScenarioLoader.resolve("policy.xml", relativeTo: "s.scenario.yaml") == "policy.xml")
        #expect(ScenarioLoader.resolve("policy.xml", relativeTo: "a/b/s.scenario.yaml") == "a/b/policy.xml")
        #expect(ScenarioLoader.resolve("./policy.xml", relativeTo: "a/s.scenario.yaml") == "a/policy.xml")
        #expect(ScenarioLoader.resolve("../p/policy.xml", relativeTo: "a/s.scenario.yaml") == "a/../p/policy.xml")
        #expect(ScenarioLoader.resolve("/abs/policy.xml", relativeTo: "a/s.scenario.yaml") == "/abs/policy.xml")
        #expect(ScenarioLoader.resolve("policy.xml", relativeTo: "/tmp/x/s.scenario.yaml") == "/tmp/x/policy.xml")
        #expect(ScenarioLoader.defaultName(ofFile: "a/pool.scenario.yaml") == "pool")
        #expect(ScenarioLoader.defaultName(ofFile: "pool.yaml") == "pool")
        #expect(ScenarioLoader.defaultName(ofFile: "pool.scenario.yml") == "pool")
    }

    // MARK: Errors, each with its line and column

    @Test func unknownKeyWithSuggestion() {
        #expect(loadError("policy: full/policy.xml\nreqests: []\n") == "2:1: unknown key 'reqests'; did you mean 'requests'?")
        #expect(loadError(header + "expect:\n  stauts: 200\n") == "4:3: unknown key 'stauts' in expect; did you mean 'status'?")
        #expect(loadError(header + "zzz: 1\n").hasPrefix("3:1: unknown key 'zzz'; expected one of: name, description, policy,"))
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    mehtod: GET\n")
            == "4:5: unknown key 'mehtod' in a request; did you mean 'method'?")
        #expect(loadError(header + "responses:\n  b1:\n    - statsu: 200\n") == "5:7: unknown key 'statsu' in a response; did you mean 'status'?")
        #expect(loadError(header + "context:\n  subscriptoin: { id: x }\n") == "4:3: unknown key 'subscriptoin' in context; did you mean 'subscription'?")
    }

    @Test func wrongTypes() {
        #expect(loadError(header + "expect:\n  status: abc\n") == "4:11: 'expect.status' must be an HTTP status from 100 to 599, not 'abc'")
        #expect(loadError(header + "expect:\n  status: 99\n") == "4:11: 'expect.status' must be an HTTP status from 100 to 599, not 99")
        #expect(loadError(header + "expect:\n  status: 600\n") == "4:11: 'expect.status' must be at most 599, not 600")
        #expect(loadError(header + "responses:\n  b1:\n    - status: 1e999\n") == "5:15: 'status' must be an HTTP status from 100 to 599, not '1e999'")
        #expect(loadError(header + "seed: -1\n") == "3:7: 'seed' must be a whole number from 0 to 18446744073709551615, not '-1'")
        #expect(loadError(header + "seed: 99999999999999999999999\n") == "3:7: 'seed' must be a whole number from 0 to 18446744073709551615, not '99999999999999999999999'")
        #expect(loadError(header + "jitter: maybe\n") == "3:9: 'jitter' must be true or false, not 'maybe'")
        #expect(loadError(header + "correlation: w3\n") == "3:14: 'correlation' must be none, legacy or w3c, not 'w3'; did you mean 'w3c'?")
        #expect(loadError(header + "balancing: weighted\n") == "3:12: 'balancing' must be round-robin or random, not 'weighted'")
        #expect(loadError(header + "start: yesterday\n") == "3:8: 'start' must be an ISO 8601 date-time such as \"2026-01-01T00:00:00Z\", not 'yesterday'")
        #expect(loadError(header + "name: [a]\n") == "3:7: 'name' must be text, not a list")
        #expect(loadError("policy: full/policy.xml\nrequests: { url: x }\n") == "2:11: 'requests' must be a list of requests (- method: GET, url: …), not a map")
        #expect(loadError("policy: full/policy.xml\nrequests: []\n") == "2:11: 'requests' must list at least one request")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: ftp://a\n") == "3:10: 'url' must be an absolute http or https URL such as https://apim.example/api/op, not 'ftp://a'")
        #expect(loadError(header + "responses:\n  b1:\n    - fail: crash\n") == "5:13: 'fail' must be timeout, connection or reset-after-headers, not 'crash'")
        #expect(loadError(header + "expect:\n  backends: a\n") == "4:13: 'expect.backends' must be a list of backend ids ([a, b]), not 'a'")
        #expect(loadError(header + "namedValues:\n  a: { b: c }\n") == "4:6: 'namedValues.a' must be a single value, not a map")
        #expect(loadError("- a\n- b\n") == "1:1: a scenario must be a map of keys (policy, requests, …), not a list")
        #expect(loadError(header + "responses:\n  b1: []\n") == "4:7: responses of 'b1' must list at least one response")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    headers: { \"bad name\": x }\n")
            == "4:16: 'bad name' is not a valid header name")
    }

    @Test func badDurations() {
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    after: 2x\n")
            == "4:12: bad duration for 'after': 'x' is not a duration unit in '2x' (use ms, s, m, h or ISO 8601 such as PT1M)")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    after: 10\n")
            == "4:12: bad duration for 'after': '10' has no unit; write e.g. 10ms or 10s")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    after: PT1X\n").hasPrefix("4:12: bad duration for 'after': 'PT1X' is not an ISO 8601 duration"))
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    after: 25h\n") == "4:12: 'after' must be at most 24h, not 25h")
        #expect(loadError(header + "responses:\n  b1:\n    - latency: P2D\n") == "5:16: 'latency' must be at most 24h, not P2D")
    }

    @Test func bounds() {
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    repeat: 100000001\n") == "4:13: 'repeat' must be at most 100000000, not 100000001")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    repeat: 0\n") == "4:13: 'repeat' must be a whole number from 1 to 100000000, not 0")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    repeat: 123456789012345678901234567890\n")
            == "4:13: 'repeat' must be at most 100000000, not 123456789012345678901234567890")
        let many = (0..<1_001).map { _ in "  - https://a.example\n" }.joined()
        #expect(loadError("policy: full/policy.xml\nrequests:\n" + many) == "1003:5: 'requests' has 1001 entries; at most 1000 are allowed (use 'repeat' to send one many times)")
        let heavy = (0..<11).map { _ in "  - { url: https://a.example, repeat: 10000000 }\n" }.joined()
        #expect(loadError("policy: full/policy.xml\nrequests:\n" + heavy) == "13:5: the scenario sends more than 100000000 requests in all")
    }

    @Test func virtualTimeLimit() {
        // 30 days exactly is allowed; one more request a day later is not.
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - { url: https://a.example, after: 24h, repeat: 30 }\n") == "no error")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - { url: https://a.example, after: 24h, repeat: 30 }\n  - { url: https://a.example, after: 1ms }\n")
            == "4:5: the requests' 'after' delays add up past the virtual-time limit of 30 days (720h by the end of this entry)")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - url: https://a.example\n    after: 24h\n    repeat: 100000\n")
            == "3:5: the requests' 'after' delays add up past the virtual-time limit of 30 days (2400000h by the end of this entry)")
    }

    @Test func missingRequiredKeys() {
        #expect(loadError("requests: [ https://a.example ]\n") == "1:1: missing required key 'policy' (the policy file to run, or 'service:' an APIOps tree)")
        #expect(loadError("name: x\npolicy: full/policy.xml\n") == "1:1: missing required key 'requests' (the requests to send)")
        #expect(loadError("") == "1:1: missing required key 'policy' (the policy file to run, or 'service:' an APIOps tree)")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - method: GET\n") == "3:5: missing required key 'url' in a request")
    }

    @Test func missingFiles() {
        #expect(loadError("name: x\npolicy: nope.xml\nrequests: [ https://a.example ]\n")
            == "2:9: policy file 'nope.xml' does not exist (looked for \(loaderFixtures)/nope.xml)")
        #expect(loadError(header + "scopes:\n  product: full/scopes/missing.xml\n")
            == "4:12: product scope policy file 'full/scopes/missing.xml' does not exist (looked for \(loaderFixtures)/full/scopes/missing.xml)")
        #expect(loadError(header + "backends: main.bicep\n") == "3:11: backends file 'main.bicep' does not exist (looked for \(loaderFixtures)/main.bicep)")
        #expect(loadError(header + "fragments: frags/\n") == "3:12: fragments folder 'frags/' does not exist (looked for \(loaderFixtures)/frags/)")
        #expect(loadError(header + "fragments: full/policy.xml\n") == "3:12: fragments folder 'full/policy.xml' is a file, not a folder")
        #expect(loadError(header + "scopes:\n  api: full\n") == "4:8: api scope policy file 'full' is a folder, not a file")
        do {
            _ = try ScenarioLoader.load(path: "/nonexistent/x.scenario.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent/x.scenario.yaml: no such file"))
        }
    }

    @Test func invalidYAML() {
        #expect(loadError("policy: full/policy.xml\nrequests: [ a\n").hasPrefix("3:1: invalid YAML: did not find expected ',' or ']'"))
        #expect(loadError("policy: a\npolicy: b\n").contains("invalid YAML: duplicate key 'policy'"))
        #expect(loadError("policy: full/policy.xml\n  bad: indent\n").hasPrefix("2:6: invalid YAML: mapping values are not allowed in this context"))
        #expect(loadError("a: *nothing\n").contains("invalid YAML: found undefined alias"))
    }

    @Test func hostileYAMLIsAnErrorNotACrash() {
        // Deep flow nesting.
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        #expect(loadError("policy: full/policy.xml\nrequests: " + deep + "\n") == "2:211: the YAML nests deeper than 200 levels")
        // Deep block nesting (libyaml stops at 1000 levels; we stop at 200).
        let block = (0..<400).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x\n"
        let blockError = loadError("policy: full/policy.xml\nrequests:\n" + block)
        #expect(blockError.contains("nests deeper than 200 levels") || blockError.contains("invalid YAML"))
        // Block nesting as deep as libyaml allows, on one line.
        let compact = String(repeating: "- ", count: 998) + "x\n"
        let compactError = loadError("policy: full/policy.xml\nrequests:\n" + compact)
        #expect(compactError.contains("nests deeper than 200 levels") || compactError.contains("invalid YAML"))
        let mapNesting = (0..<990).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " x\n"
        let mapError = loadError("policy: full/policy.xml\nrequests: [ https://a.example ]\nresponses:\n" + mapNesting)
        #expect(mapError.contains("nests deeper than 200 levels") || mapError.contains("invalid YAML"))
        // A billion laughs.
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            let name = "l\(level)"
            let previous = level == 1 ? "a" : "l\(level - 1)"
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(loadError(bomb).hasSuffix("the scenario is too large: more than 1000000 values once YAML aliases are expanded"))
        // Huge numbers and binary noise.
        #expect(loadError(header + "seed: 1e400\n").hasPrefix("3:7: 'seed' must be a whole number"))
        #expect(loadError("\u{0}\u{1}\u{2}").contains("invalid YAML"))
        // An alias bomb used as a mapping key (Yams hashes keys to find duplicates).
        let refusal = "keys must be plain names when the document uses anchors (&name); explicit keys (?), lists or maps as keys and aliases (*name) as keys are not supported"
        #expect(loadError(bomb + "? *l8\n: 1\n") == "10:1: " + refusal)
        #expect(loadError(bomb + "*l8 : 1\n") == "10:1: " + refusal)
        #expect(loadError(bomb + "x: { [*l8]: 1 }\n") == "10:10: " + refusal)
        // Anchors with ordinary keys, and '*' or '?' inside text and block scalars, are fine.
        #expect(loadError(header + "description: &d \"what? *x: y\"\nname: *d\nresponses:\n  b1:\n    - body: |\n        ? *x: [a]: b\n      status: 200\n") == "no error")
    }
}

/// Bad per-request `expect:` input: each a clear error at the scenario line.
@Suite struct RequestExpectationLoaderTests {
    private func withExpect(_ block: String) -> String {
        "policy: full/policy.xml\nrequests:\n  - url: https://apim.example/a\n    expect:\n" + block.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func badInputNamesTheLine() {
        #expect(loadError(withExpect("stauts: 200")) == "5:7: unknown key 'stauts' in a request's expect; did you mean 'status'?")
        #expect(loadError(withExpect("json: { \"$.a[\": 1 }")).hasPrefix("5:15: '$.a[' in 'expect.json' is not a JSONPath: "))
        #expect(loadError(withExpect("json: {}")) == "5:13: 'expect.json' must map at least one JSONPath to its value ({ \"$.id\": 1 })")
        #expect(loadError(withExpect("variables: { a: [1, 2] }")) == "5:23: 'expect.variables.a' must be a single value (a number, true/false, null or a string), not a list")
        #expect(loadError(withExpect("lastError: { sauce: x }")) == "5:20: unknown key 'sauce' in expect.lastError; did you mean 'source'?")
        #expect(loadError(withExpect("backendRequest: { attempt: 0 }")) == "5:34: 'expect.backendRequest.attempt' must be an attempt number from 1 to 10000, not 0")
        #expect(loadError(withExpect("backendRequest: { status: 200 }")).hasPrefix("5:25: unknown key 'status' in expect.backendRequest"))
        #expect(loadError(withExpect("elapsed: soon")).hasPrefix("5:16: bad duration for 'expect.elapsed'"))
        #expect(loadError(withExpect("absentHeaders: [\"a b\"]")) == "5:23: 'a b' is not a valid header name")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - request: GET https://apim.example/a\n    method: POST\n")
            == "4:5: 'method' and 'request' both give the request line; use one")
        #expect(loadError("policy: full/policy.xml\nrequests:\n  - GET https://apim.example/a:\n      url: https://apim.example/b\n")
            .hasPrefix("4:7: unknown key 'url' in a request"))
    }

    @Test func theShortFormsCarryTheirKeys() throws {
        let scenario = try load("policy: full/policy.xml\nrequests:\n  - POST https://apim.example/a:\n      repeat: 2\n      expect: { status: 201 }\n  - request: PUT https://apim.example/b\n    expect: { reason: OK }\n")
        #expect(scenario.requests.map(\.method) == ["POST", "PUT"])
        #expect(scenario.requests.map(\.url) == ["https://apim.example/a", "https://apim.example/b"])
        #expect(scenario.requests[0].repeatCount == 2)
        #expect(scenario.requests[0].expect?.checks.map(\.assertion) == [.status(201)])
        #expect(scenario.requests[1].expect?.checks.map(\.assertion) == [.reason("OK")])
        #expect(scenario.hasExpectations)
    }
}
