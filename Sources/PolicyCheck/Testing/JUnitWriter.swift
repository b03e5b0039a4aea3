import PolicySource

/// JUnit XML for `policycheck test --junit FILE`: one `<testsuite name="policycheck">`, one
/// `<testcase>` per scenario, `<failure>` carrying the diff and failed expectations, `<error>` for
/// a scenario that could not be read or run. Deterministic: times are always 0.
public enum JUnitWriter {
    public static func xml(_ report: GoldenTestReport) -> String {
        let tests = report.results.count
        let failures = report.failed
        let errors = report.errors
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"policycheck\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"0\">\n"
        out += "  <testsuite name=\"policycheck\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"0\">\n"
        for result in report.results {
            let classname = className(result.scenarioPath)
            let open = "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(result.name))\" file=\"\(escape(result.scenarioPath))\" time=\"0\""
            switch result.outcome {
            case .passed:
                out += open + "/>\n"
            case .failed:
                out += open + ">\n"
                out += "      <failure message=\"\(escape(failureMessage(result)))\" type=\"\(result.diff != nil ? "golden" : "expectation")\">"
                out += escape(result.failureText, attribute: false) + "</failure>\n"
                out += "    </testcase>\n"
            case .error:
                out += open + ">\n"
                let message = result.message ?? "the scenario could not run"
                out += "      <error message=\"\(escape(firstLine(message)))\" type=\"ScenarioError\">" + escape(message, attribute: false) + "</error>\n"
                out += "    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// The scenario's folder with dots, as JUnit viewers group by class: `Fixtures/pool/a.scenario.yaml`
    /// → `Fixtures.pool`; `policycheck` for a scenario in the current folder.
    static func className(_ path: String) -> String {
        var parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
        if !parts.isEmpty { parts.removeLast() }
        return parts.isEmpty ? "policycheck" : parts.joined(separator: ".")
    }

    private static func failureMessage(_ result: GoldenTestResult) -> String {
        if let message = result.message { return firstLine(message) }
        if result.diff != nil {
            var text = "the trace differs from \(result.goldenPath)"
            if !result.expectationFailures.isEmpty { text += "; \(result.expectationFailures.count) expectation(s) failed" }
            return text
        }
        return result.expectationFailures.first.map { "expectation failed: \($0)" } ?? "failed"
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// XML-escapes text; characters XML 1.0 cannot hold at all become U+FFFD.
    static func escape(_ text: String, attribute: Bool = true) -> String {
        MarkupText.escaped(text, quote: attribute, apostrophe: attribute ? .named : .kept, whitespace: attribute, xml10: true)
    }
}
