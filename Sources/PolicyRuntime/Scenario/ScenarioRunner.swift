import PolicyExpressions
import PolicyModel

/// Runs a scenario against the simulated gateway.
public struct ScenarioRunner: Sendable {
    public var catalog: PolicyCatalog
    /// Record which policies and `choose` branches ran; the trace then carries `coverage`.
    public var recordsCoverage: Bool
    /// How much each request's trace holds; `.summary` is for load runs (see `TraceDetail`).
    public var detail: TraceDetail
    /// The first this-many requests are recorded at `.full` whatever `detail` says (an HTML report
    /// expands its first requests into their events and headers; the rest need only the decisions).
    public var fullDetailFirst = 0

    public init(catalog: PolicyCatalog = .standard, recordsCoverage: Bool = false, detail: TraceDetail = .full) {
        self.catalog = catalog
        self.recordsCoverage = recordsCoverage
        self.detail = detail
    }

    /// Runs every request of the scenario and returns the trace. A scenario that cannot run (a
    /// policy that does not parse, a missing file, a backend file with errors) throws a
    /// `ScenarioError` naming file and line.
    public func run(_ scenario: Scenario) throws(ScenarioError) -> RunTrace {
        let program = try PolicyProgram.load(scenario, catalog: catalog)
        return try run(scenario, program: program)
    }

    /// Runs a scenario against an already loaded program (library users and tests).
    public func run(_ scenario: Scenario, program: PolicyProgram) throws(ScenarioError) -> RunTrace {
        var trace = RunTrace(scenario: scenario.name, warnings: program.warnings)
        trace.backends = program.backends
        trace.coverage = try run(scenario, program: program) { trace.requests.append($0) }
        return trace
    }

    /// Runs the scenario and hands each request's trace to `each` as soon as it is done, keeping
    /// nothing: memory stays flat however many requests a scenario sends. Returns the coverage
    /// when `recordsCoverage` is on.
    @discardableResult
    public func run(_ scenario: Scenario, program: PolicyProgram, each: (RequestTrace) -> Void) throws(ScenarioError) -> PolicyCoverage? {
        try scenario.state.check(against: program)
        let gateway = GatewayState(scenario: scenario, program: program)
        gateway.detail = detail
        let instanceCount = gateway.instances.count
        var number = 0
        var lastArrival: Int64 = 0
        var latestEnd: Int64 = 0
        if recordsCoverage { gateway.coverage = CoverageRecorder() }
        for request in scenario.requests {
            guard let url = RequestUrl(parsing: request.url) else {
                throw ScenarioError("'\(request.url)' is not an absolute http or https URL", at: request.location)
            }
            let urlText = url.absoluteString
            let method = RequestExecution.uppercased(request.method)
            let route = scenario.routing.map { $0.route(method, url, request.headers) }
            if case .failed(let reason) = route { throw ScenarioError(reason, at: request.location) }
            for _ in 0..<max(0, request.repeatCount) {
                // A concurrent request starts from the previous arrival; any other from the latest end.
                gateway.clock = (request.concurrent ? lastArrival : latestEnd) &+ max(0, request.afterMilliseconds)
                lastArrival = gateway.clock
                guard gateway.clock <= RuntimeLimits.maxVirtualMilliseconds else {
                    throw ScenarioError("the scenario's virtual time passes the limit of 30 days", at: request.location)
                }
                // Requests go round-robin over the gateway instances unless one names its own.
                number += 1
                let instance = request.instance ?? ((number - 1) % instanceCount + 1)
                if instanceCount > 1 { gateway.serve(onInstance: instance) }
                gateway.detail = number <= fullDetailFirst ? .full : detail
                let execution = RequestExecution(gateway: gateway, request: request, url: url, urlText: urlText, method: method, route: route)
                if let problem = execution.trace.incomingProblem { execution.record(.warning, detail: problem) }
                var trace = execution.run()
                if instanceCount > 1 { trace.instance = instance }
                // Retry intervals and waits inside the request move the clock too (each step is bounded).
                guard gateway.clock <= RuntimeLimits.maxVirtualMilliseconds else {
                    throw ScenarioError("the policies moved the scenario's virtual time past the limit of 30 days while serving this request (retry intervals or waits)",
                                        at: request.location)
                }
                each(trace)
                if let abort = gateway.abort {
                    // A call the scenario's responses do not answer: the trace so far is out, the run stops here.
                    throw ScenarioError("\(abort.message) (request at line \(request.location.line))", at: abort.location ?? request.location)
                }
                latestEnd = max(latestEnd, gateway.clock)
            }
        }
        return gateway.coverage.map { PolicyCoverage(program: program, recorder: $0) }
    }
}
