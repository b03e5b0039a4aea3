// The policycheck benchmark suite (package-benchmark). Run: Scripts/bench (Docs/performance.md).
//
// Each case prints percentiles (p0 … p100) of every metric over its iterations: p50 is the median
// and p0–p100 the spread. Side-by-side comparisons (lint vs xmllint, interpreter vs a hand-written
// loop) are measured in the same iteration and reported as custom metrics, ratios ×100.
import Benchmark
import Foundation
import PolicyCheck
import PolicyExpressions
import PolicyRuntime
import PolicySource

/// A custom metric printed as a plain number (no K/M scaling, no inner-loop scaling).
func metric(_ name: String, larger: Bool = false) -> BenchmarkMetric {
    .custom(name, polarity: larger ? .prefersLarger : .prefersSmaller, useScalingFactor: false)
}

func plain(_ metrics: [BenchmarkMetric]) -> [BenchmarkMetric: BenchmarkUnits] {
    Dictionary(uniqueKeysWithValues: metrics.map { ($0, .count) })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 1_000)

    // MARK: lint throughput over a folder

    let filesPerSecond = metric("files/s", larger: true)
    let kilobytesPerSecond = metric("kB/s", larger: true)
    Benchmark("lint corpus in process (Linter.standard, read + lint every file)",
              configuration: .init(metrics: [.wallClock, filesPerSecond, kilobytesPerSecond, .peakMemoryResident],
                                   units: plain([filesPerSecond, kilobytesPerSecond]), maxIterations: 50)) { benchmark in
        let linter = Linter.standard()
        let clock = ContinuousClock()
        let start = clock.now
        for path in corpus.files {
            guard let file = try? SourceFile.read(path) else { continue }
            blackHole(linter.lint(file))
        }
        let elapsed = nanoseconds(clock.now - start)
        benchmark.measurement(filesPerSecond, perSecond(corpus.files.count, elapsed))
        benchmark.measurement(kilobytesPerSecond, perSecond(corpus.bytes, elapsed) / 1000)
    }

    let lintFiles = metric("policycheck lint files/s (wall)", larger: true)
    let lintKB = metric("policycheck lint kB/s (wall)", larger: true)
    let lintCPU = metric("policycheck lint CPU ms")
    let xmllintFiles = metric("xmllint --noout files/s (wall)", larger: true)
    let xmllintKB = metric("xmllint --noout kB/s (wall)", larger: true)
    let xmllintCPU = metric("xmllint --noout CPU ms")
    let lintRatio = metric("wall policycheck/xmllint ×100")
    let lintCPURatio = metric("CPU policycheck/xmllint ×100")
    let lintMetrics = [lintFiles, lintKB, lintCPU, xmllintFiles, xmllintKB, xmllintCPU, lintRatio, lintCPURatio]
    Benchmark("lint corpus as a process: policycheck lint vs xmllint --noout, same files (goal ≤ 2× CPU)",
              configuration: .init(metrics: lintMetrics, units: plain(lintMetrics),
                                   maxDuration: .seconds(10), maxIterations: 30)) { benchmark in
        let lint = runProcess(policycheckBinary, ["lint", "--format", "json"] + corpus.files)
        let xmllint = runProcess(xmllintBinary, ["--noout"] + corpus.files)
        benchmark.measurement(lintFiles, perSecond(corpus.files.count, lint.wall))
        benchmark.measurement(lintKB, perSecond(corpus.bytes, lint.wall) / 1000)
        benchmark.measurement(lintCPU, lint.cpu / 1_000_000)
        benchmark.measurement(xmllintFiles, perSecond(corpus.files.count, xmllint.wall))
        benchmark.measurement(xmllintKB, perSecond(corpus.bytes, xmllint.wall) / 1000)
        benchmark.measurement(xmllintCPU, xmllint.cpu / 1_000_000)
        benchmark.measurement(lintRatio, lint.wall * 100 / max(1, xmllint.wall))
        benchmark.measurement(lintCPURatio, lint.cpu * 100 / max(1, xmllint.cpu))
    }

    // MARK: hostile input: one 1 MB line (Docs/limits.md)

    let longLineFindings = metric("findings")
    let longLineOutput = metric("report bytes")
    Benchmark("lint a 1 MB one-line policy of 170,000 unknown elements, text report",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident, longLineFindings, longLineOutput],
                                   units: plain([longLineFindings, longLineOutput]), maxDuration: .seconds(5), maxIterations: 10)) { benchmark in
        let body = String(repeating: "<foo/>", count: 170_000)
        let file = SourceFile(path: "long.xml", text: "<policies><inbound>\(body)</inbound><backend><forward-request/></backend><outbound/><on-error/></policies>")
        let linted = LintedFile(file: file, path: file.path, diagnostics: Linter.standard().lint(file))
        let report = DiagnosticFormatter.text(linted)
        benchmark.measurement(longLineFindings, linted.errorCount)
        benchmark.measurement(longLineOutput, report.utf8.count)
    }

    // MARK: start-up

    let startWall = metric("policycheck lint one policy, wall μs")
    let startCPU = metric("policycheck lint one policy, CPU μs")
    let xmllintWall = metric("xmllint --noout same policy, wall μs")
    let xmllintStartCPU = metric("xmllint --noout same policy, CPU μs")
    let startCPURatio = metric("one policy CPU policycheck/xmllint ×100")
    let startMetrics = [startWall, startCPU, xmllintWall, xmllintStartCPU, startCPURatio]
    Benchmark("policycheck lint on one typical policy vs xmllint --noout, whole process (goal ≤ 2× CPU)",
              configuration: .init(metrics: startMetrics, units: plain(startMetrics),
                                   maxDuration: .seconds(5), maxIterations: 100)) { benchmark in
        let lint = runProcess(policycheckBinary, ["lint", typicalPolicy])
        let xmllint = runProcess(xmllintBinary, ["--noout", typicalPolicy])
        benchmark.measurement(startWall, lint.wall / 1000)
        benchmark.measurement(startCPU, lint.cpu / 1000)
        benchmark.measurement(xmllintWall, xmllint.wall / 1000)
        benchmark.measurement(xmllintStartCPU, xmllint.cpu / 1000)
        benchmark.measurement(startCPURatio, lint.cpu * 100 / max(1, xmllint.cpu))
    }

    // MARK: expressions

    Benchmark("evaluate @(context.Response.StatusCode == 429)",
              configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .kilo)) { benchmark in
        let context = PolicyContext(response: ResponseData(statusCode: 429))
        guard let condition = try? PreparedExpression(source: "@(context.Response.StatusCode == 429)") else {
            setupFailure("the condition does not parse")
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try? condition.evaluate(in: context)) }
    }

    Benchmark("evaluate a 20-line @{…} block (loop, switch, LINQ)",
              configuration: .init(metrics: [.throughput, .wallClock, .mallocCountTotal], scalingFactor: .one)) { benchmark in
        let context = PolicyContext(request: RequestData(headers: HeaderDictionary([("Authorization", ["Bearer abc"]), ("x-tier", ["gold"])])))
        guard let block = try? PreparedExpression(source: twentyLineBlock) else { setupFailure("the block does not parse") }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try? block.evaluate(in: context)) }
    }

    // MARK: simulated requests

    // One iteration = one run of the flagship scenario with 10,000 requests; the custom metric is
    // requests per second of that run (CPU time of this thread, so a busy machine does not lower it).
    let fullRate = metric("requests/s (full trace, CPU)", larger: true)
    let summaryRate = metric("requests/s (summary trace, CPU)", larger: true)
    for (detail, rate) in [(TraceDetail.full, fullRate), (TraceDetail.summary, summaryRate)] {
        Benchmark("simulated requests, flagship pool scenario, 10,000 requests, \(detail) trace",
                  configuration: .init(metrics: [rate, .wallClock, .mallocCountTotal], units: plain([rate]),
                                       maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
            let (scenario, program) = flagship(requests: 10_000)
            let before = threadCPUNanoseconds()
            blackHole(runInterpreter(scenario, program, detail: detail))
            benchmark.measurement(rate, perSecond(10_000, threadCPUNanoseconds() - before))
        }
    }

    let interpreterRate = metric("interpreter requests/s (full trace)", larger: true)
    let summaryInterpreterRate = metric("interpreter requests/s (summary trace)", larger: true)
    let handRate = metric("hand-written loop requests/s", larger: true)
    let overhead = metric("interpretive overhead ×100 (full trace)")
    let summaryOverhead = metric("interpretive overhead ×100 (summary trace)")
    let overheadMetrics = [interpreterRate, summaryInterpreterRate, handRate, overhead, summaryOverhead]
    Benchmark("flagship 1,000 requests: interpreter vs hand-written Swift loop (same decisions)",
              configuration: .init(metrics: overheadMetrics, units: plain(overheadMetrics), maxDuration: .seconds(5))) { benchmark in
        let requests = 1_000
        let (scenario, program) = flagship(requests: requests)
        var start = threadCPUNanoseconds()
        blackHole(runInterpreter(scenario, program))
        let interpreted = threadCPUNanoseconds() - start
        start = threadCPUNanoseconds()
        blackHole(runInterpreter(scenario, program, detail: .summary))
        let summarized = threadCPUNanoseconds() - start
        var hand = HandWrittenPool(scenario, program)
        start = threadCPUNanoseconds()
        blackHole(hand.run(requests: requests))
        let written = max(1, threadCPUNanoseconds() - start)
        benchmark.measurement(interpreterRate, perSecond(requests, interpreted))
        benchmark.measurement(summaryInterpreterRate, perSecond(requests, summarized))
        benchmark.measurement(handRate, perSecond(requests, written))
        benchmark.measurement(overhead, interpreted * 100 / written)
        benchmark.measurement(summaryOverhead, summarized * 100 / written)
    } setup: {
        checkSameDecisions(requests: 2_000)
    }

    // MARK: run through the CLI at each trace level (Docs/performance.md, "Issue 19")

    let cliRSS = metric("peak RSS of policycheck (MiB)")
    let cliCPU = metric("CPU of policycheck (ms)")
    let cliRate = metric("requests/s of CPU")
    let cliMetrics = [cliRSS, cliCPU, cliRate]
    for (requests, level) in [(10_000, "full"), (10_000, "requests"), (10_000, "summary"), (100_000, "full"), (100_000, "requests"),
                              (100_000, "summary"), (1_000_000, "requests"), (1_000_000, "summary")] {
        Benchmark("policycheck run, flagship pool, \(requests) requests, --trace \(level)",
                  configuration: .init(metrics: cliMetrics, units: plain(cliMetrics), warmupIterations: 0,
                                       maxDuration: .seconds(1), maxIterations: requests >= 100_000 ? 1 : 3)) { benchmark in
            let cost = runProcess(policycheckBinary, ["run", "--scenario", flagshipScenarioFile(requests: requests), "--trace", level])
            benchmark.measurement(cliRSS, childrenPeakRSSKiB() / 1024)
            benchmark.measurement(cliCPU, cost.cpu / 1_000_000)
            benchmark.measurement(cliRate, perSecond(requests, cost.cpu))
        }
    }

    // MARK: peak memory (each benchmark runs in its own process)

    for requests in [1_000, 10_000, 100_000] {
        Benchmark("peak memory, flagship scenario, \(requests) requests (streaming run)",
                  configuration: .init(metrics: [.peakMemoryResident, .wallClock], warmupIterations: 0,
                                       maxDuration: .seconds(1), maxIterations: requests > 10_000 ? 1 : 5)) { benchmark in
            let (scenario, program) = flagship(requests: requests)
            blackHole(runInterpreter(scenario, program))
        }
    }
}

let twentyLineBlock = """
    @{
        var auth = context.Request.Headers.GetValueOrDefault("Authorization", "");
        var parts = auth.Split(' ');
        string scheme = parts.Length > 0 ? parts[0] : "";
        int score = 0;
        for (int i = 0; i < 10; i++) {
            score += i * 3 % 7;
        }
        var tier = context.Request.Headers.GetValueOrDefault("x-tier", "bronze");
        switch (tier) {
            case "gold": score += 100; break;
            case "silver": score += 50; break;
            default: score += 10; break;
        }
        var names = new List<string> { "a", "bb", "ccc" };
        var total = names.Where(n => n.Length > 1).Count();
        if (scheme == "Bearer" && score > 0) {
            return score + total;
        }
        return total;
    }
    """
