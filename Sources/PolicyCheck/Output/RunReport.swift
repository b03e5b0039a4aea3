import PolicyRuntime

/// What an HTML report (`--report FILE.html`; Docs/run-output.md, "HTML report") keeps of a run,
/// gathered one request at a time like `RunSummary`: the timeline's marks and the requests the
/// table expands, each up to a fixed count, so that a report of a million requests costs the same
/// memory as one of a few thousand. The summary numbers always cover every request.
public struct RunReport: Sendable {
    /// The timeline draws at most this many marks (attempts, client responses and retry waits together).
    public static let maximumMarks = 6_000
    /// The request table holds at most this many requests (each expands into its full trace, so
    /// these first requests are simulated at `.full` detail).
    public static let maximumRows = 300

    /// One attempt on a backend's lane, or one client response on the clients' lane.
    struct Mark: Sendable {
        var lane: String
        var atMs: Int64
        var durationMs: Int64
        var status: Int?
        var error: String?
        var request: Int
    }

    struct Row: Sendable {
        var number: Int
        var request: RequestTrace
    }

    public let scenario: String
    public let scenarioFile: String
    var marks: [Mark] = []
    var waits: [(atMs: Int64, ms: Int64, request: Int)] = []
    var rows: [Row] = []
    /// Marks and rows left out once the caps were reached.
    var marksLeftOut = 0
    var rowsLeftOut = 0
    /// The virtual time of the last mark drawn (the timeline's right edge when marks were left out).
    var lastMarkMs: Int64 = 0
    let total: Int

    /// `total`: how many requests the scenario sends (for the trace blocks' `request N of M`).
    public init(scenario: String, file: String, total: Int) {
        self.scenario = scenario
        self.scenarioFile = file
        self.total = total
    }

    public mutating func add(_ request: RequestTrace, number: Int) {
        if rows.count < Self.maximumRows {
            rows.append(Row(number: number, request: request))
        } else {
            rowsLeftOut += 1
        }
        let needed = request.attempts.count + request.retryWaits.count + 1
        guard marks.count + waits.count + needed <= Self.maximumMarks else {
            marksLeftOut += needed
            return
        }
        for attempt in request.attempts {
            marks.append(Mark(lane: attempt.backend, atMs: attempt.atMilliseconds, durationMs: attempt.durationMilliseconds,
                              status: attempt.status, error: attempt.error, request: number))
        }
        for wait in request.retryWaits { waits.append((wait.atMilliseconds, wait.milliseconds, number)) }
        marks.append(Mark(lane: "", atMs: request.atMilliseconds, durationMs: request.elapsedMilliseconds,
                          status: request.response.status, error: nil, request: number))
        lastMarkMs = max(lastMarkMs, request.atMilliseconds &+ request.elapsedMilliseconds)
    }
}
