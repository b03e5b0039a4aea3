// Inputs and helpers of the benchmark suite: where the files are, starting processes, the flagship
// scenario and the hand-written loop it is compared with.
import Foundation
import PolicyBackends
import PolicyCheck
import PolicyRuntime
import PolicySource

/// The repository root (this file is Benchmarks/Benchmarks/PolicyCheckBenchmarks/Support.swift).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// Stops the run with a message that says what to do (a missing binary or tool is set-up, not a result).
func setupFailure(_ message: String) -> Never {
    FileHandle.standardError.write(Data("policycheck benchmarks: \(message)\n".utf8))
    exit(2)
}

/// The release `policycheck` binary the process benchmarks start: `POLICYCHECK_BIN`, else the one
/// Scripts/bench builds in this package's build folder, else the main package's release build.
let policycheckBinary: String = {
    let candidates = [root + "/Benchmarks/.build/release/policycheck", root + "/.build/release/policycheck"]
    let path = ProcessInfo.processInfo.environment["POLICYCHECK_BIN"]
        ?? candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    guard FileManager.default.isExecutableFile(atPath: path) else {
        setupFailure("\(path) is missing: run Scripts/bench, or `swift build -c release --package-path Benchmarks --product policycheck` first")
    }
    return path
}()

/// `xmllint` (Debian's libxml2-utils).
let xmllintBinary: String = {
    for path in ["/usr/bin/xmllint", "/usr/local/bin/xmllint"] where FileManager.default.isExecutableFile(atPath: path) {
        return path
    }
    setupFailure("xmllint is missing: apt-get install -y libxml2-utils (Scripts/bench does this)")
}()

/// The lint corpus: `POLICYCHECK_BENCH_CORPUS`, else the shared corpus when present, else `Fixtures/`.
/// Every `*.xml` below it, sorted, with the bytes they hold.
let corpus: (folder: String, files: [String], bytes: Int) = {
    let environment = ProcessInfo.processInfo.environment
    let shared = "/work/shared/corpus"
    let folder = environment["POLICYCHECK_BENCH_CORPUS"]
        ?? (FileManager.default.fileExists(atPath: shared) ? shared : root + "/Fixtures")
    var files: [String] = []
    var bytes = 0
    if let walker = FileManager.default.enumerator(atPath: folder) {
        for case let relative as String in walker where relative.hasSuffix(".xml") {
            let path = folder + "/" + relative
            files.append(path)
            bytes += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
    }
    guard !files.isEmpty else { setupFailure("no *.xml files under \(folder)") }
    return (folder, files.sorted(), bytes)
}()

/// One typical policy for the start-up benchmark: the bundled pool example.
let typicalPolicy = root + "/Policies/openai-pool/policy.xml"

/// What a finished process cost: wall time and CPU time (user + system), in nanoseconds. On a
/// shared, loaded machine the wall time is mostly waiting for a core; the CPU time is the work.
struct ProcessCost {
    var wall: Int
    var cpu: Int
}

/// Resource use of this process's finished children so far (`getrusage(RUSAGE_CHILDREN)`).
private func childrenUsage() -> rusage {
    var usage = rusage()
    #if os(Linux)
    let who = RUSAGE_CHILDREN.rawValue
    #else
    let who = RUSAGE_CHILDREN
    #endif
    _ = getrusage(who, &usage)
    return usage
}

/// CPU time used so far by this process's finished children, in nanoseconds.
private func childrenCPU() -> Int {
    let usage = childrenUsage()
    let user = Int(usage.ru_utime.tv_sec) * 1_000_000_000 + Int(usage.ru_utime.tv_usec) * 1_000
    let system = Int(usage.ru_stime.tv_sec) * 1_000_000_000 + Int(usage.ru_stime.tv_usec) * 1_000
    return user + system
}

/// The largest resident set of this process's finished children so far, in KiB (Linux
/// `ru_maxrss`): a benchmark that starts one child process reads that child's peak.
func childrenPeakRSSKiB() -> Int {
    Int(childrenUsage().ru_maxrss)
}

/// A copy of the bundled flagship scenario (Policies/openai-pool) sending `requests` requests, in a
/// temporary folder, for runs through the CLI: the path of its scenario file.
func flagshipScenarioFile(requests: Int) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-bench-\(requests)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let example = root + "/Policies/openai-pool/"
    let yaml = """
        name: flagship, \(requests) requests
        policy: \(example)policy.xml
        backends: \(example)main.bicep
        jitter: false
        context:
          api: { name: openai, path: openai }
          subscription: { id: sub-1, key: k1, name: demo }
        requests:
          - method: POST
            url: "https://apim.example/openai/deployments/gpt/chat/completions?api-version=2024-02-01"
            headers: { Content-Type: application/json }
            body: '{"messages": []}'
            after: 50ms
            repeat: \(requests)
        responses:
          aoai-east:
            - { status: 200, latency: 120ms }
            - { status: 429, headers: { Retry-After: "10" } }
            - { status: 200, latency: 120ms }
          aoai-west:
            - { status: 200, body: '{"ok":true}', latency: 80ms }
        """
    let path = folder.appendingPathComponent("flagship.scenario.yaml").path
    guard FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8)) else { setupFailure("cannot write \(path)") }
    return path
}

/// Runs a program to completion with its output thrown away.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String]) -> ProcessCost {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let clock = ContinuousClock()
    let cpuBefore = childrenCPU()
    let start = clock.now
    do {
        try process.run()
    } catch {
        setupFailure("cannot start \(executable): \(error)")
    }
    process.waitUntilExit()
    return ProcessCost(wall: nanoseconds(clock.now - start), cpu: childrenCPU() - cpuBefore)
}

/// CPU time of the calling thread, in nanoseconds.
func threadCPUNanoseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Int(spec.tv_sec) * 1_000_000_000 + Int(spec.tv_nsec)
}

func nanoseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
}

/// `count` per second for `count` things done in `nanoseconds`.
func perSecond(_ count: Int, _ nanoseconds: Int) -> Int {
    nanoseconds > 0 ? Int((Double(count) * 1e9 / Double(nanoseconds)).rounded()) : 0
}

// MARK: - The flagship pool scenario

/// The bundled pool example (Policies/openai-pool) with east throttled on every 7th of its first
/// 200 answers; requests 50 ms apart; no jitter.
func flagshipScenario(requests: Int) -> Scenario {
    var scenario = Scenario(name: "flagship", file: "bench", policy: root + "/Policies/openai-pool/policy.xml")
    scenario.backends = .file(root + "/Policies/openai-pool/main.bicep")
    scenario.context.api = ["path": "openai", "name": "openai"]
    scenario.jitter = false
    let here = SourceLocation(path: "bench", line: 1, column: 1)
    scenario.requests = [ScenarioRequest(
        method: "POST", url: "https://apim.example/openai/deployments/gpt/chat/completions?api-version=2024-02-01",
        headers: [(name: "Content-Type", value: "application/json")], body: "{\"messages\":[]}", afterMilliseconds: 50,
        repeatCount: requests, location: here)]
    var east: [ScriptedResponse] = []
    for index in 0..<200 { east.append(ScriptedResponse(status: index % 7 == 0 ? 429 : 200, latencyMilliseconds: 120, location: here)) }
    scenario.responses = [
        "aoai-east": east,
        "aoai-west": [ScriptedResponse(status: 200, body: "{\"ok\":true}", latencyMilliseconds: 80, location: here)],
    ]
    return scenario
}

/// The flagship scenario and its loaded program.
func flagship(requests: Int) -> (Scenario, PolicyProgram) {
    let scenario = flagshipScenario(requests: requests)
    do {
        return (scenario, try PolicyProgram.load(scenario))
    } catch {
        setupFailure("the flagship scenario does not load: \(error)")
    }
}

/// What one request decided: the backends called in order and the final status.
struct Decision: Equatable {
    var backends: [String]
    var status: Int
}

/// Runs the flagship scenario through the interpreter, handing each request's decision to `each`.
func runInterpreter(_ scenario: Scenario, _ program: PolicyProgram, detail: TraceDetail = .full,
                    each: (Decision) -> Void = { _ in }) -> Int {
    var served = 0
    do {
        try ScenarioRunner(detail: detail).run(scenario, program: program) { trace in
            if trace.response.status == 200 { served += 1 }
            each(Decision(backends: trace.attempts.map(\.backend), status: trace.response.status))
        }
    } catch {
        setupFailure("the flagship scenario failed: \(error)")
    }
    return served
}

/// The same decisions as the flagship policy, written by hand without the interpreter: pick a
/// pool member with `PoolSelector` among those whose `CircuitBreakerState` is closed, take the
/// member's next scripted answer, advance the clock by its latency, record it in the breaker, and
/// retry at once (first-fast-retry, interval 0) on 429 up to twice; no member available → 503.
struct HandWrittenPool {
    var selector: PoolSelector
    var breakers: [CircuitBreakerState?]
    let scripts: [[ScriptedResponse]]
    var positions: [Int]
    let spacing: Int64

    init(_ scenario: Scenario, _ program: PolicyProgram) {
        guard let pool = program.backends["aoai-pool"], let selector = PoolSelector(backend: pool) else {
            setupFailure("the flagship backends have no pool 'aoai-pool'")
        }
        self.selector = selector
        breakers = selector.memberIDs.map { id in
            program.backends[id]?.circuitBreaker.map { CircuitBreakerState(backendID: id, rule: $0) }
        }
        scripts = selector.memberIDs.map { scenario.responses[$0] ?? [ScriptedResponse(location: SourceLocation(path: "bench", line: 1, column: 1))] }
        positions = Array(repeating: 0, count: selector.memberIDs.count)
        spacing = scenario.requests.first?.afterMilliseconds ?? 0
    }

    /// Runs `requests` requests; `each`, when given, receives every request's decision.
    mutating func run(requests: Int, each: ((Decision) -> Void)? = nil) -> Int {
        var selector = self.selector
        var breakers = self.breakers
        var positions = self.positions
        defer {
            self.selector = selector
            self.breakers = breakers
            self.positions = positions
        }
        var clock: Int64 = 0
        var served = 0
        var called: [String] = []
        for _ in 0..<requests {
            clock += spacing
            called.removeAll(keepingCapacity: true)
            var status = 200
            var retries = 0
            while true {
                for index in breakers.indices { _ = breakers[index]?.advance(to: clock) }
                let now = clock
                guard let member = selector.selectIndex(at: now, isAvailable: { !(breakers[$0]?.isOpen(at: now) ?? false) }) else {
                    status = 503
                    break
                }
                let script = scripts[member]
                let answer = script[min(positions[member], script.count - 1)]
                positions[member] += 1
                clock += answer.latencyMilliseconds
                _ = breakers[member]?.record(.status(answer.status, retryAfter: nil), at: clock)
                if each != nil { called.append(selector.memberIDs[member]) }
                status = answer.status
                if status == 429, retries < 2 {
                    retries += 1
                    continue
                }
                break
            }
            if status == 200 { served += 1 }
            each?(Decision(backends: called, status: status))
        }
        return served
    }
}

/// Checks once that the hand-written loop makes exactly the interpreter's decisions, so that the
/// ratio compares like with like.
func checkSameDecisions(requests: Int) {
    let (scenario, program) = flagship(requests: requests)
    var interpreted: [Decision] = []
    _ = runInterpreter(scenario, program) { interpreted.append($0) }
    var hand = HandWrittenPool(scenario, program)
    var written: [Decision] = []
    _ = hand.run(requests: requests) { written.append($0) }
    guard interpreted == written else {
        let first = zip(interpreted, written).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(interpreted.count, written.count)
        setupFailure("the hand-written loop decides differently from the interpreter at request \(first + 1)")
    }
}
