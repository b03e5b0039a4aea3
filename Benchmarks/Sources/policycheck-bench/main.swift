// policycheck benchmarks (not tests): throughput and memory figures for Docs/performance.md.
//
//   swift run -c release --package-path Benchmarks policycheck-bench            all figures
//   swift run -c release --package-path Benchmarks policycheck-bench memory N   peak memory for N requests
import Foundation
import PolicyBackends
import PolicyExpressions
import PolicyModel
import PolicyRuntime
import PolicySource

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// Runs `body` repeatedly for about `seconds` and returns operations per second (median of 5 runs).
func throughput(_ label: String, seconds: Double = 0.4, _ body: () throws -> Int) rethrows -> Double {
    var rates: [Double] = []
    for _ in 0..<5 {
        let clock = ContinuousClock()
        var operations = 0
        let start = clock.now
        while clock.now - start < .milliseconds(Int(seconds * 1000)) { operations += try body() }
        let elapsed = clock.now - start
        let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(operations) / secondsTaken)
    }
    rates.sort()
    let median = rates[2]
    let spread = (rates[4] - rates[0]) / median * 100
    print(String(format: "%-58@ %12.0f /s  (spread %.1f%%)", label as NSString, median, spread))
    return median
}

/// Peak resident memory of this process (VmHWM), in MiB.
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }
    return 0
}

/// The flagship scenario: the bundled pool example with east throttled now and then.
func flagship(requests: Int) throws -> (Scenario, PolicyProgram) {
    var scenario = Scenario(name: "flagship", file: "bench", policy: root + "/Policies/openai-pool/policy.xml")
    scenario.backends = .file(root + "/Policies/openai-pool/main.bicep")
    scenario.context.api = ["path": "openai", "name": "openai"]
    scenario.jitter = false
    let here = SourceLocation(path: "bench", line: 1, column: 1)
    scenario.requests = [ScenarioRequest(
        method: "POST", url: "https://apim.example/openai/deployments/gpt/chat/completions?api-version=2024-02-01",
        headers: [("Content-Type", "application/json")], body: "{\"messages\":[]}", afterMilliseconds: 50,
        repeatCount: requests, location: here)]
    var east: [ScriptedResponse] = []
    for index in 0..<200 { east.append(ScriptedResponse(status: index % 7 == 0 ? 429 : 200, latencyMilliseconds: 120, location: here)) }
    scenario.responses = ["aoai-east": east, "aoai-west": [ScriptedResponse(status: 200, body: "{\"ok\":true}", latencyMilliseconds: 80, location: here)]]
    let program = try PolicyProgram.load(scenario)
    return (scenario, program)
}

func runFlagship(_ count: Int) throws -> Int {
    let (scenario, program) = try flagship(requests: count)
    var served = 0
    try ScenarioRunner().run(scenario, program: program) { trace in if trace.response.status == 200 { served += 1 } }
    return served
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "memory", let count = arguments.dropFirst().first.flatMap({ Int($0) }) {
    let before = peakMemoryMiB()
    let served = try runFlagship(count)
    print(String(format: "peak memory for %d requests: %.1f MiB (%.1f MiB before the run; %d answered 200)", count, peakMemoryMiB(), before, served))
    exit(0)
}

print("policycheck benchmarks — \(ProcessInfo.processInfo.processorCount) cores, release build\n")

// Expression evaluation.
let context = PolicyContext(response: ResponseData(statusCode: 429))
let condition = try PreparedExpression(source: "@(context.Response.StatusCode == 429)")
_ = try throughput("evaluate @(context.Response.StatusCode == 429)") {
    for _ in 0..<1000 { _ = try condition.evaluate(in: context) }
    return 1000
}
let block = try PreparedExpression(source: """
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
    """)
let blockContext = PolicyContext(request: RequestData(headers: HeaderDictionary([("Authorization", ["Bearer abc"]), ("x-tier", ["gold"])])))
_ = try throughput("evaluate a 20-line @{...} block (loop, switch, LINQ)") {
    for _ in 0..<100 { _ = try block.evaluate(in: blockContext) }
    return 100
}

// Simulated requests.
_ = try throughput("simulated requests, flagship pool scenario (10,000)", seconds: 1) { try runFlagship(10_000) }
print("\nPeak memory: run `policycheck-bench memory 10000` and `memory 100000` (one process each).")
