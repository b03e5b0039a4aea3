import Foundation
import PolicyCheck
import PolicyRuntime
import PolicySource
import Testing

/// `responses` entries' `when`, `default`, `headersAfter` and `fail: reset-after-headers` as the
/// loader reads them, and every bad value as an error with its line (Docs/scenarios.md).
@Suite struct MockResponseLoaderTests {
    private let header = "policy: full/policy.xml\nrequests: [ https://apim.example/a ]\nresponses:\n  b1:\n"

    private func load(_ entries: String) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(SourceFile(path: loaderFixtures + "/inline.yaml", text: header + entries))
    }

    /// `line:column: message`, or "no error".
    private func error(_ entries: String) -> String {
        do {
            _ = try load(entries)
            return "no error"
        } catch {
            return "\(error.location?.line ?? 0):\(error.location?.column ?? 0): \(error.message)"
        }
    }

    @Test func whenDefaultAndTimingAreRead() throws {
        let scenario = try load("""
                - when: { method: [get, POST], path: "/items/*", query: { a: 1 }, headers: { X-Mode: slow }, bodyContains: '"x"' }
                  status: 201
                  headersAfter: 100ms
                  latency: 2s
                - fail: reset-after-headers
                  headersAfter: 1s
                - default: true
                  status: 404
            """)
        let entries = try #require(scenario.responses["b1"])
        let when = try #require(entries[0].when)
        #expect(when.methods == ["GET", "POST"])
        #expect(when.path == "/items/*")
        #expect(when.query == [ScriptedHeader(name: "a", value: "1")])
        #expect(when.headers == [ScriptedHeader(name: "X-Mode", value: "slow")])
        #expect(when.bodyContains == "\"x\"")
        #expect(when.location.line == 5)
        #expect(entries[0].headersAfterMilliseconds == 100 && entries[0].latencyMilliseconds == 2_000)
        #expect(entries[1].failure == .resetAfterHeaders)
        // headersAfter alone: the body comes with the headers.
        #expect(entries[1].latencyMilliseconds == 1_000)
        #expect(entries[2].isDefault && entries[2].status == 404 && entries[2].when == nil)
        // `default: false` and `when:` left empty are plain entries.
        let plain = try load("    - default: false\n    - when:\n      status: 500\n")
        #expect(plain.responses["b1"]?.map(\.isDefault) == [false, false])
        #expect(plain.responses["b1"]?.allSatisfy { $0.when == nil } == true)
    }

    @Test func aWhenThatCanNeverMatchIsAnErrorAtItsLine() {
        #expect(error("    - when: {}\n") == "5:13: 'when' must give at least one of method, path, query, headers, bodyContains (an entry for every call needs no 'when')")
        #expect(error("    - when: { methd: GET }\n") == "5:15: unknown key 'methd' in when; did you mean 'method'?")
        #expect(error("    - when: { method: \"GE T\" }\n") == "5:23: 'when.method' must be an HTTP method such as GET or POST, not 'GE T'")
        #expect(error("    - when: { method: [] }\n") == "5:23: 'when.method' must name at least one HTTP method")
        #expect(error("    - when: { path: items/* }\n").hasPrefix("5:21: 'when.path' must start with '/' or '*'"))
        #expect(error("    - when: { path: \"/items?a=1\" }\n") == "5:21: 'when.path' cannot contain '?': write query parameters under 'when.query' ('/items?a=1')")
        #expect(error("    - when: { path: \"/a b\" }\n").hasPrefix("5:21: 'when.path' cannot contain spaces or control characters"))
        #expect(error("    - when: { query: {} }\n") == "5:22: 'when.query' must name at least one parameter")
        #expect(error("    - when: { headers: { \"Bad Name\": x } }\n") == "5:26: 'Bad Name' is not a valid header name")
        #expect(error("    - when: { bodyContains: \"\" }\n") == "5:29: 'when.bodyContains' cannot be empty (every body contains '')")
        #expect(error("    - when: { path: }\n") == "5:15: 'when.path' is empty; give a value or leave the key out")
        #expect(error("    - when: [GET]\n") == "5:13: 'when' must be a map of method, path, query, headers and bodyContains, not a list")
        #expect(error("    - when: { path: \"/\(String(repeating: "a", count: 2_100))\" }\n") == "5:21: 'when.path' is longer than 2048 characters")
    }

    @Test func defaultIsOnePlainEntry() {
        #expect(error("    - default: yes\n") == "5:16: 'default' must be true or false, not 'yes'")
        #expect(error("    - when: { path: /a }\n      default: true\n") == "6:16: a response is either a 'when' entry or the 'default: true' one, not both (the default answers the calls no 'when' matches)")
        #expect(error("    - default: true\n    - status: 200\n    - default: true\n      status: 404\n")
            == "7:7: responses of 'b1' have two 'default: true' entries (the first at line 5); keep one")
    }

    @Test func headersAfterMustFitTheResponse() {
        #expect(error("    - headersAfter: 2s\n      latency: 1s\n")
            == "5:21: 'headersAfter' (2000ms) must not be longer than 'latency' (1000ms): latency is the time to the complete response, headersAfter the time to its headers")
        #expect(error("    - headersAfter: 10\n") == "5:21: bad duration for 'headersAfter': '10' has no unit; write e.g. 10ms or 10s")
        #expect(error("    - headersAfter: 25h\n") == "5:21: 'headersAfter' must be at most 24h, not 25h")
        #expect(error("    - fail: timeout\n      headersAfter: 1s\n") == "6:21: 'headersAfter' cannot go with 'fail: timeout' (no headers arrive within the timeout)")
        #expect(error("    - fail: connection\n      headersAfter: 1s\n") == "6:21: 'headersAfter' cannot go with 'fail: connection' (the connection fails before any headers)")
        #expect(error("    - fail: reset-after-header\n") == "5:13: 'fail' must be timeout, connection or reset-after-headers, not 'reset-after-header'; did you mean 'reset-after-headers'?")
        #expect(error("    - statsu: 1\n").contains("unknown key 'statsu' in a response; did you mean 'status'?"))
    }
}
