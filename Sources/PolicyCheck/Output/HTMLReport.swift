import Foundation
import PolicyRuntime

/// The self-contained HTML report of `run --report` and `test --report` (Docs/run-output.md,
/// "HTML report"): inline CSS and SVG, no script, no network. Expanding a request uses `<details>`,
/// which works with scripting disabled. Colours come from the Okabe–Ito palette and every status
/// class also has its own pattern and a text label, so nothing is told by colour alone. Numbers
/// the end-to-end test reads back from the DOM carry `data-` attributes.
public enum HTMLReport {
    /// The report of one `run`.
    public static func run(_ report: RunReport, summary: RunSummary, warnings: [String], expectationFailures: [String]?) -> String {
        var body = "<header><h1>\(escape(report.scenario))</h1>\n"
        body += "<p class=\"meta\">Scenario <code>\(escape(report.scenarioFile))</code> · simulated by policycheck \(PolicyCheckVersion.current) · virtual time</p>\n"
        body += verdict(expectationFailures) + "</header>\n"
        body += warningsList(warnings)
        body += runSections(report, summary: summary, id: "run")
        return page(title: "policycheck run: \(report.scenario)", body: body)
    }

    /// The report of one `test`: totals, then one section per scenario (pass/fail first), golden
    /// diffs, and the coverage table when coverage was recorded.
    public static func test(_ results: [(result: GoldenTestResult, report: RunReport?, summary: RunSummary?)], problems: [String], coverage: PolicyCoverage?) -> String {
        let passed = results.filter { $0.result.outcome == .passed }.count
        let failed = results.count - passed
        var body = "<header><h1>policycheck test</h1>\n"
        body += "<p class=\"meta\">policycheck \(PolicyCheckVersion.current) · \(results.count) scenario\(results.count == 1 ? "" : "s")</p>\n"
        body += "<p class=\"verdict \(failed == 0 && problems.isEmpty ? "pass" : "fail")\" data-passed=\"\(passed)\" data-failed=\"\(failed)\">"
            + "\(failed == 0 && problems.isEmpty ? "✔ PASSED" : "✘ FAILED"): \(passed) passed, \(failed) failed</p>\n</header>\n"
        if !problems.isEmpty {
            body += "<section><h2>Problems</h2><ul>" + problems.map { "<li>\(escape($0))</li>" }.joined() + "</ul></section>\n"
        }
        body += "<section><h2>Scenarios</h2><div class=\"scroll\"><table><thead><tr><th>Result</th><th>Scenario</th><th>Headline</th></tr></thead><tbody>\n"
        for (index, entry) in results.enumerated() {
            let result = entry.result
            body += "<tr><td>\(badge(result.outcome))</td><td><a href=\"#s\(index)\">\(escape(result.name))</a></td>"
                + "<td>\(escape(entry.summary.map(SummaryFormatter.headline) ?? result.message ?? ""))</td></tr>\n"
        }
        body += "</tbody></table></div></section>\n"
        for (index, entry) in results.enumerated() {
            let result = entry.result
            body += "<section class=\"scenario\" id=\"s\(index)\" data-outcome=\"\(result.outcome.rawValue)\">\n"
            body += "<h2>\(badge(result.outcome)) \(escape(result.name))</h2>\n"
            body += "<p class=\"meta\"><code>\(escape(result.scenarioPath))</code> · golden <code>\(escape(result.goldenPath))</code></p>\n"
            if let message = result.message { body += "<p class=\"problem\">\(escape(message))</p>\n" }
            if !result.expectationFailures.isEmpty {
                body += "<h3>Expectations failed</h3><ul class=\"failures\">" + result.expectationFailures.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
            }
            if let diff = result.diff { body += "<h3>Golden file differs</h3>\n" + diffBlock(diff) }
            if let report = entry.report, let summary = entry.summary {
                body += runSections(report, summary: summary, id: "s\(index)", level: 3)
            }
            body += "</section>\n"
        }
        if let coverage { body += coverageSection(coverage) }
        return page(title: "policycheck test: \(passed) passed, \(failed) failed", body: body)
    }

    // MARK: Sections

    static func runSections(_ report: RunReport, summary: RunSummary, id: String, level: Int = 2) -> String {
        let h = "h\(level)"
        var out = headline(summary)
        out += "<section><\(h)>Timeline</\(h)>\n" + Timeline(report: report, summary: summary).svg + legend
        if report.marksLeftOut > 0 {
            out += "<p class=\"note\">The timeline draws the first \(report.marks.count + report.waits.count) marks (to \(SummaryFormatter.duration(report.lastMarkMs))); "
                + "\(report.marksLeftOut) later ones are left out. Every number on this page covers all \(summary.requests) requests.</p>\n"
        }
        out += "</section>\n"
        out += "<section><\(h)>Backends</\(h)>\n" + backendsTable(summary) + "</section>\n"
        out += "<div class=\"columns\"><section><\(h)>Client statuses</\(h)>\n" + statusTable(summary) + "</section>\n"
        out += "<section><\(h)>Latency (virtual)</\(h)>\n" + latencyTable(summary) + "</section></div>\n"
        out += "<section><\(h)>Circuits</\(h)>\n" + circuitsTable(summary) + "</section>\n"
        out += "<section><\(h)>Requests</\(h)>\n" + requestsList(report, id: id) + "</section>\n"
        return out
    }

    static func verdict(_ failures: [String]?) -> String {
        guard let failures else { return "<p class=\"verdict none\">No expectations in the scenario.</p>\n" }
        if failures.isEmpty { return "<p class=\"verdict pass\" data-expectations=\"passed\">✔ Expectations passed</p>\n" }
        return "<p class=\"verdict fail\" data-expectations=\"failed\">✘ \(failures.count) expectation\(failures.count == 1 ? "" : "s") failed</p>\n<ul class=\"failures\">"
            + failures.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
    }

    static func warningsList(_ warnings: [String]) -> String {
        warnings.isEmpty ? "" : "<section><h2>Warnings</h2><ul>" + warnings.map { "<li>\(escape($0))</li>" }.joined() + "</ul></section>\n"
    }

    static func headline(_ summary: RunSummary) -> String {
        var cards: [(String, String, String)] = [
            ("requests", "\(summary.requests)", "requests"),
            ("span", summary.firstArrivalMs.map { "\(SummaryFormatter.duration($0))–\(SummaryFormatter.duration(summary.lastEndMs))" } ?? "–", "virtual time"),
            ("retries", "\(summary.retries)", "retries"),
            ("circuits", "\(summary.circuits.count)", "circuits opened"),
            ("p99", "\(summary.latencyMs(atPercentile: 99))ms", "latency p99"),
        ]
        let rejected = summary.rateLimited + summary.quotaExceeded + summary.concurrencyLimited
        if rejected > 0 { cards.append(("rejections", "\(rejected)", "rejected by limits")) }
        return "<ul class=\"cards\">" + cards.map { "<li data-card=\"\($0.0)\"><b>\(escape($0.1))</b><span>\($0.2)</span></li>" }.joined() + "</ul>\n"
    }

    static func backendsTable(_ summary: RunSummary) -> String {
        guard !summary.backends.isEmpty else { return "<p>No backend was called.</p>\n" }
        var out = "<div class=\"scroll\"><table class=\"backends\"><thead><tr><th>Backend</th><th class=\"n\">Calls</th><th>Statuses</th><th>Errors</th><th>Pool share vs weight</th></tr></thead><tbody>\n"
        for backend in summary.backends {
            out += "<tr data-backend=\"\(escape(backend.id))\" data-calls=\"\(backend.calls)\"><td><code>\(escape(backend.id))</code></td><td class=\"n\">\(backend.calls)</td>"
            out += "<td>\(escape(SummaryFormatter.histogram(backend.statuses)))</td>"
            out += "<td>\(backend.errors.isEmpty ? "–" : escape(backend.errors.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")))</td><td>"
            if backend.poolCalls.isEmpty { out += "–" }
            for pool in backend.poolCalls.keys.sorted() {
                let share = summary.share(of: backend.id, in: pool)
                out += "<div class=\"share\" data-pool=\"\(escape(pool))\" data-share=\"\(percent(share.traffic))\"><span>\(percent(share.traffic))% of <code>\(escape(pool))</code>"
                    + (share.weight.map { " (weight \(percent($0))%)" } ?? "") + "</span>"
                    + "<span class=\"bar\"><i style=\"width:\(percent(share.traffic))%\"></i>"
                    + (share.weight.map { "<em style=\"left:\(percent($0))%\" title=\"weight share \(percent($0))%\"></em>" } ?? "") + "</span></div>"
            }
            out += "</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    static func statusTable(_ summary: RunSummary) -> String {
        let most = summary.statuses.values.max() ?? 1
        var out = "<table class=\"statuses\"><thead><tr><th>Status</th><th class=\"n\">Responses</th><th></th></tr></thead><tbody>\n"
        for (status, count) in summary.statuses.sorted(by: { $0.key < $1.key }) {
            let kind = StatusClass(status: status, error: nil)
            out += "<tr data-status=\"\(status)\" data-count=\"\(count)\"><td>\(status) <small>\(kind.label)</small></td><td class=\"n\">\(count)</td>"
                + "<td class=\"hbar\"><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(count) responses\"><rect width=\"\(max(1, count * 100 / most))\" height=\"10\" fill=\"\(kind.fill)\"/></svg></td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func latencyTable(_ summary: RunSummary) -> String {
        let rows: [(String, Int64)] = [("p50", summary.latencyMs(atPercentile: 50)), ("p90", summary.latencyMs(atPercentile: 90)),
                                       ("p99", summary.latencyMs(atPercentile: 99)), ("max", summary.maxLatencyMs)]
        return "<table class=\"latency\"><tbody>" + rows.map { "<tr data-percentile=\"\($0.0)\" data-ms=\"\($0.1)\"><th>\($0.0)</th><td class=\"n\">\($0.1) ms</td></tr>" }.joined()
            + "</tbody></table>\n"
    }

    static func circuitsTable(_ summary: RunSummary) -> String {
        guard !summary.circuits.isEmpty else { return "<p>No circuit opened.</p>\n" }
        var out = "<div class=\"scroll\"><table><thead><tr><th>Backend</th><th>Open from</th><th>Until</th><th>For</th><th>Why</th><th>Seen closed</th></tr></thead><tbody>\n"
        for circuit in summary.circuits {
            out += "<tr data-circuit=\"\(escape(circuit.backend))\" data-from-ms=\"\(circuit.trippedAtMs)\" data-until-ms=\"\(circuit.openUntilMs ?? circuit.trippedAtMs)\">"
                + "<td><code>\(escape(circuit.backend))</code>\(circuit.instance.map { " (instance \($0))" } ?? "")</td>"
                + "<td>\(SummaryFormatter.duration(circuit.trippedAtMs))</td><td>\(SummaryFormatter.duration(circuit.openUntilMs ?? circuit.trippedAtMs))</td>"
                + "<td>\(SummaryFormatter.duration(circuit.openMs))</td><td>\(escape(circuit.reason))</td>"
                + "<td>\(circuit.closedAtMs.map(SummaryFormatter.duration) ?? "still open at the end")</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    static func requestsList(_ report: RunReport, id: String) -> String {
        var out = "<div class=\"requests\">\n<div class=\"rq head\"><span>#</span><span>at</span><span>request</span><span>backends</span><span>status</span><span>latency</span></div>\n"
        for row in report.rows {
            let request = row.request
            let kind = StatusClass(status: request.response.status, error: nil)
            out += "<details id=\"\(id)-r\(row.number)\" data-request=\"\(row.number)\" data-status=\"\(request.response.status)\"><summary class=\"rq\">"
            out += "<span>\(row.number)</span><span>\(request.atMilliseconds) ms</span>"
            out += "<span><code>\(escape(request.method)) \(escape(TraceFormatter.pathAndQuery(request.url)))</code></span>"
            out += "<span>\(request.attempts.isEmpty ? "–" : escape(request.attempts.map { $0.backend + " " + ($0.status.map(String.init) ?? $0.error ?? "") }.joined(separator: " → ")))</span>"
            out += "<span class=\"st \(kind.css)\">\(request.response.status)</span><span>\(request.elapsedMilliseconds) ms</span></summary>\n"
            if !request.attempts.isEmpty {
                out += "<div class=\"scroll\"><table class=\"attempts\"><thead><tr><th>at</th><th>backend</th><th>pool</th><th>result</th><th>took</th><th>traceparent</th></tr></thead><tbody>"
                for attempt in request.attempts {
                    let traceparent = attempt.headers.first { $0.name.lowercased() == "traceparent" }?.value
                    out += "<tr><td>\(attempt.atMilliseconds) ms</td><td><code>\(escape(attempt.backend))</code></td><td>\(attempt.pool.map { "<code>\(escape($0))</code>" } ?? "–")</td>"
                        + "<td>\(escape(attempt.status.map(String.init) ?? attempt.error ?? "–"))\(attempt.status != nil && attempt.error != nil ? " " + escape(attempt.error!) : "")</td>"
                        + "<td>\(attempt.durationMilliseconds) ms</td><td><code>\(escape(traceparent ?? "–"))</code></td></tr>"
                }
                out += "</tbody></table></div>\n"
            }
            out += "<pre>\(escape(TraceFormatter.text(request, number: row.number, of: report.total)))</pre></details>\n"
        }
        out += "</div>\n"
        if report.rowsLeftOut > 0 {
            out += "<p class=\"note\">The table holds the first \(report.rows.count) requests; \(report.rowsLeftOut) more are counted in the numbers above (<code>policycheck run --trace requests</code> lists every one).</p>\n"
        }
        return out
    }

    static func diffBlock(_ diff: String) -> String {
        var out = "<pre class=\"diff\">"
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = escape(String(line))
            if line.hasPrefix("+++") || line.hasPrefix("---") {
                out += "<b>\(text)</b>\n"
            } else if line.hasPrefix("+") {
                out += "<ins>\(text)</ins>\n"
            } else if line.hasPrefix("-") {
                out += "<del>\(text)</del>\n"
            } else if line.hasPrefix("@@") {
                out += "<i>\(text)</i>\n"
            } else {
                out += text + "\n"
            }
        }
        return out + "</pre>\n"
    }

    static func coverageSection(_ coverage: PolicyCoverage) -> String {
        var out = "<section id=\"coverage\"><h2>Coverage: \(CoverageFormatter.percentText(covered: coverage.covered, total: coverage.total))</h2>\n"
        out += "<div class=\"scroll\"><table class=\"coverage\"><thead><tr><th>Policy document</th><th class=\"n\">Policies</th><th class=\"n\">Branches</th><th class=\"n\">Covered</th><th>Not run / not taken</th></tr></thead><tbody>\n"
        for document in coverage.documents {
            var missed = document.policies.filter { $0.hits == 0 }.map { "\($0.policy) (line \($0.line))" }
            missed += document.branches.filter { $0.hits == 0 }.map { "choose (line \($0.line)): \($0.branch)" }
            out += "<tr data-document=\"\(escape(document.path))\"><td><code>\(escape(document.path))</code></td>"
                + "<td class=\"n\">\(document.policiesCovered)/\(document.policies.count)</td><td class=\"n\">\(document.branchesCovered)/\(document.branches.count)</td>"
                + "<td class=\"n\">\(CoverageFormatter.percentText(covered: document.covered, total: document.total))</td>"
                + "<td>\(missed.isEmpty ? "–" : missed.map(escape).joined(separator: "<br>"))</td></tr>\n"
        }
        out += "</tbody><tfoot><tr><th>total</th><td class=\"n\">\(coverage.policiesCovered)/\(coverage.policiesTotal)</td><td class=\"n\">\(coverage.branchesCovered)/\(coverage.branchesTotal)</td>"
            + "<td class=\"n\">\(CoverageFormatter.percentText(covered: coverage.covered, total: coverage.total))</td><td></td></tr></tfoot></table></div></section>\n"
        return out
    }

    static func badge(_ outcome: GoldenTestResult.Outcome) -> String {
        switch outcome {
        case .passed: "<span class=\"badge pass\">✔ PASSED</span>"
        case .failed: "<span class=\"badge fail\">✘ FAILED</span>"
        case .error: "<span class=\"badge fail\">✘ ERROR</span>"
        }
    }

    static let legend = """
    <ul class="legend" aria-label="legend">\
    <li><svg width="22" height="12"><rect width="22" height="12" fill="#0072B2"/></svg> 2xx</li>\
    <li><svg width="22" height="12"><rect width="22" height="12" fill="#56B4E9"/></svg> 1xx/3xx</li>\
    <li><svg width="22" height="12"><rect width="22" height="12" fill="url(#p4xx)"/></svg> 4xx (stripes)</li>\
    <li><svg width="22" height="12"><rect width="22" height="12" fill="url(#p5xx)"/></svg> 5xx (cross-hatch)</li>\
    <li><svg width="22" height="12"><rect x="1" y="1" width="20" height="10" fill="#fff" stroke="#000" stroke-width="2" stroke-dasharray="3 2"/></svg> no response (timeout, connection)</li>\
    <li><svg width="22" height="12"><rect width="22" height="12" fill="url(#popen)"/></svg> circuit open</li>\
    <li><svg width="22" height="12"><rect y="4" width="22" height="4" fill="#CC79A7"/></svg> retry wait</li>\
    </ul>

    """

    static func percent(_ share: Double) -> Int { Int((share * 100).rounded()) }

    /// Text made safe for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if character.value < 0x20, character != "\n", character != "\t" {
                    out += "&#\(character.value == 0 ? 0xFFFD : character.value);"
                } else {
                    out.unicodeScalars.append(character)
                }
            }
        }
        return out
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        <svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
        <pattern id="p4xx" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#E69F00"/><rect width="2.5" height="6" fill="#7a5200"/></pattern>
        <pattern id="p5xx" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#D55E00"/><path d="M0 0L6 6M6 0L0 6" stroke="#5a2000" stroke-width="1.4"/></pattern>
        <pattern id="popen" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="8" height="8" fill="#e8e8e8"/><rect width="3" height="8" fill="#b0b0b0"/></pattern>
        </defs></svg>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    static let css = """
    :root{color-scheme:light;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff}
    main{max-width:76rem;margin:0 auto;padding:1rem}
    h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:1rem 0 .4rem}
    code,pre{font:13px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}
    pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;white-space:pre}
    .meta{color:#555;margin:.2rem 0}
    .verdict{font-weight:700;font-size:1.1rem;padding:.4rem .7rem;display:inline-block;border-radius:4px;border:2px solid}
    .verdict.pass,.badge.pass{color:#004d80;border-color:#0072B2;background:#e6f2fa}
    .verdict.fail,.badge.fail{color:#7a2a00;border-color:#D55E00;background:#fcebe1}
    .verdict.none{color:#444;border-color:#aaa}
    .badge{font-weight:700;font-size:.85rem;padding:0 .4rem;border:2px solid;border-radius:4px;white-space:nowrap}
    .failures li,.problem{color:#7a2a00}
    .cards{display:flex;flex-wrap:wrap;gap:.6rem;list-style:none;padding:0;margin:1rem 0}
    .cards li{border:1px solid #ccc;border-radius:6px;padding:.4rem .8rem;min-width:7rem}
    .cards b{display:block;font-size:1.25rem}.cards span{color:#555;font-size:.85rem}
    .scroll{overflow-x:auto}
    table{border-collapse:collapse;margin:.3rem 0}th,td{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #e4e4e4;vertical-align:top}
    td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
    .timeline{width:100%;min-width:36rem;height:auto;display:block}
    .timeline text{font:11px system-ui,sans-serif;fill:#222}.timeline .axis{stroke:#888}
    .legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;font-size:.85rem}
    .legend svg{vertical-align:middle}
    .note{color:#555;font-size:.9rem}
    .share{margin:.1rem 0}.share .bar{display:block;position:relative;height:8px;background:#eee;width:12rem;max-width:100%}
    .share .bar i{position:absolute;left:0;top:0;bottom:0;background:#0072B2}
    .share .bar em{position:absolute;top:-3px;bottom:-3px;width:2px;background:#000}
    .columns{display:flex;flex-wrap:wrap;gap:0 3rem}
    .hbar{width:12rem}.hbar svg{width:12rem;height:10px}
    .requests .rq{display:grid;grid-template-columns:3rem 6rem minmax(10rem,2fr) minmax(8rem,2fr) 4rem 5rem;gap:.5rem;padding:.2rem .3rem;border-bottom:1px solid #eee;align-items:baseline}
    .requests .head{font-weight:600;padding-left:1.3rem}
    .requests summary{cursor:pointer;list-style-position:outside}
    .requests summary span{overflow-wrap:anywhere}
    .requests details[open]{background:#fafafa;border:1px solid #ddd;margin:.3rem 0}
    .requests details>div,.requests details>pre{margin:.4rem .6rem}
    .st{font-weight:700}.st.c2{color:#004d80}.st.c4{color:#8a5a00}.st.c5{color:#a34400}
    .st.c4::after{content:" ⚠"}.st.c5::after{content:" ✘"}
    .diff ins{color:#004d80;text-decoration:none;background:#e6f2fa;display:inline-block;width:100%}
    .diff del{color:#7a2a00;text-decoration:none;background:#fcebe1;display:inline-block;width:100%}
    .diff i{color:#666}
    @media (max-width:40rem){main{padding:.5rem}.requests .rq{grid-template-columns:2.5rem 1fr 4rem;}.requests .rq span:nth-child(2),.requests .rq span:nth-child(4),.requests .rq span:nth-child(6){display:none}}
    """
}

/// How a status (or a failure without one) is drawn: a fill (colour and pattern) and a text label.
struct StatusClass {
    let fill: String
    let css: String
    let label: String
    let hollow: Bool

    init(status: Int?, error: String?) {
        guard let status else {
            fill = "#fff"; css = "c0"; label = error ?? "no response"; hollow = true
            return
        }
        hollow = false
        switch status {
        case 200..<300: fill = "#0072B2"; css = "c2"; label = "success"
        case 400..<500: fill = "url(#p4xx)"; css = "c4"; label = "client error"
        case 500..<600: fill = "url(#p5xx)"; css = "c5"; label = "server error"
        default: fill = "#56B4E9"; css = "c3"; label = status < 200 ? "informational" : "redirect"
        }
    }
}

/// The timeline: one lane per backend and one for the clients' responses, on virtual time.
struct Timeline {
    let report: RunReport
    let summary: RunSummary

    static let width = 1000.0
    static let left = 130.0
    static let right = 12.0
    static let lane = 30.0

    var svg: String {
        let lanes = summary.backends.map(\.id) + [""]
        var end = report.marksLeftOut > 0 ? report.lastMarkMs : summary.lastEndMs
        for circuit in summary.circuits where report.marksLeftOut == 0 { end = max(end, circuit.openUntilMs ?? circuit.trippedAtMs) }
        let span = Double(max(end, 1))
        let plot = Self.width - Self.left - Self.right
        func x(_ ms: Int64) -> Double { Self.left + plot * Double(max(0, min(ms, end))) / span }
        func fmt(_ value: Double) -> String { format1(value) }
        let height = Double(lanes.count) * Self.lane + 30
        var out = "<div class=\"scroll\"><svg class=\"timeline\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\" aria-label=\"timeline of \(summary.requests) requests on virtual time\" data-end-ms=\"\(end)\">\n"
        for (index, lane) in lanes.enumerated() {
            let y = Double(index) * Self.lane + 8
            let name = lane.isEmpty ? "client responses" : lane
            out += "<g class=\"lane\" data-lane=\"\(HTMLReport.escape(name))\"><rect x=\"\(fmt(Self.left))\" y=\"\(fmt(y))\" width=\"\(fmt(plot))\" height=\"\(fmt(Self.lane - 6))\" fill=\"\(index % 2 == 0 ? "#fafafa" : "#f2f2f2")\"/>"
            out += "<text x=\"4\" y=\"\(fmt(y + 16))\">\(HTMLReport.escape(truncate(name)))</text>\n"
            for circuit in summary.circuits where circuit.backend == lane {
                let from = x(circuit.trippedAtMs)
                let until = x(circuit.openUntilMs ?? circuit.trippedAtMs)
                let honoured = circuit.reason.range(of: "Retry-After ").map { String(circuit.reason[$0.upperBound...]) }
                out += "<rect class=\"open-band\" data-backend=\"\(HTMLReport.escape(lane))\" data-from-ms=\"\(circuit.trippedAtMs)\" data-until-ms=\"\(circuit.openUntilMs ?? circuit.trippedAtMs)\""
                    + " x=\"\(fmt(from))\" y=\"\(fmt(y))\" width=\"\(fmt(max(1, until - from)))\" height=\"\(fmt(Self.lane - 6))\" fill=\"url(#popen)\" stroke=\"#666\">"
                    + "<title>circuit open \(SummaryFormatter.duration(circuit.trippedAtMs))–\(SummaryFormatter.duration(circuit.openUntilMs ?? circuit.trippedAtMs)): \(HTMLReport.escape(circuit.reason))</title></rect>"
                out += "<text x=\"\(fmt(from + 3))\" y=\"\(fmt(y + Self.lane - 10))\">open \(SummaryFormatter.duration(circuit.openMs))\(honoured.map { " (Retry-After \(HTMLReport.escape($0)))" } ?? "")</text>\n"
            }
            out += "</g>\n"
        }
        let laneIndex = Dictionary(lanes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for mark in report.marks {
            guard let index = laneIndex[mark.lane] else { continue }
            let y = Double(index) * Self.lane + 11
            let kind = StatusClass(status: mark.status, error: mark.error)
            let from = x(mark.atMs)
            let width = max(2, x(mark.atMs &+ mark.durationMs) - from)
            let what = mark.lane.isEmpty ? "request \(mark.request): \(mark.status ?? 0) after \(mark.durationMs)ms"
                : "request \(mark.request) → \(mark.lane): \(mark.status.map(String.init) ?? mark.error ?? "no response") in \(mark.durationMs)ms"
            out += "<rect class=\"mark \(kind.css)\" x=\"\(fmt(from))\" y=\"\(fmt(y))\" width=\"\(fmt(width))\" height=\"\(fmt(Self.lane - 12))\" fill=\"\(kind.fill)\""
                + (kind.hollow ? " stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"" : "")
                + "><title>at \(mark.atMs)ms, \(HTMLReport.escape(what))</title></rect>\n"
        }
        let clientY = Double(lanes.count - 1) * Self.lane + 8
        for wait in report.waits {
            out += "<rect class=\"wait\" x=\"\(fmt(x(wait.atMs)))\" y=\"\(fmt(clientY + Self.lane - 9))\" width=\"\(fmt(max(1, x(wait.atMs &+ wait.ms) - x(wait.atMs))))\" height=\"3\" fill=\"#CC79A7\">"
                + "<title>request \(wait.request): retry wait \(wait.ms)ms from \(wait.atMs)ms</title></rect>\n"
        }
        let axisY = Double(lanes.count) * Self.lane + 6
        out += "<line class=\"axis\" x1=\"\(fmt(Self.left))\" x2=\"\(fmt(Self.width - Self.right))\" y1=\"\(fmt(axisY))\" y2=\"\(fmt(axisY))\"/>\n"
        for tick in ticks(end) {
            let tx = x(tick)
            out += "<line class=\"axis\" x1=\"\(fmt(tx))\" x2=\"\(fmt(tx))\" y1=\"\(fmt(axisY))\" y2=\"\(fmt(axisY + 5))\"/><text x=\"\(fmt(tx))\" y=\"\(fmt(axisY + 18))\" text-anchor=\"middle\">\(SummaryFormatter.duration(tick))</text>\n"
        }
        return out + "</svg></div>\n"
    }

    /// About six round tick values from 0 to `end`.
    func ticks(_ end: Int64) -> [Int64] {
        guard end > 0 else { return [0] }
        let raw = Double(end) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        let stepMs = max(1, Int64(step))
        return Array(stride(from: Int64(0), through: end, by: Int(stepMs)))
    }

    private func truncate(_ name: String) -> String { name.count > 20 ? String(name.prefix(19)) + "…" : name }

    /// One decimal, no trailing `.0`.
    private func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

extension GoldenTestReport {
    /// The HTML report of a `test` run (`test --report`); `coverage` nil: no coverage table.
    public static func html(_ report: GoldenTestReport, coverage: PolicyCoverage?) -> String {
        // Failures first (in discovery order), then the scenarios that passed.
        let ordered = report.results.filter { $0.outcome != .passed } + report.results.filter { $0.outcome == .passed }
        let entries = ordered.map { result -> (result: GoldenTestResult, report: RunReport?, summary: RunSummary?) in
            guard let trace = result.trace else { return (result, nil, nil) }
            var run = RunReport(scenario: result.name, file: result.scenarioPath, total: trace.requests.count)
            var summary = RunSummary(backends: trace.backends)
            for (index, request) in trace.requests.enumerated() {
                run.add(request, number: index + 1)
                summary.add(request)
            }
            return (result, run, summary)
        }
        return HTMLReport.test(entries, problems: report.problems, coverage: coverage)
    }
}
